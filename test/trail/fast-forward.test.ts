// A fast-forward merge after a pull that was already up to date (`git checkout main && git pull &&
// git merge x`, ac-8): a merge, of the commit git moved to, not the command with the old tip's hash.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { mergedRefs } from '../../src/trail/git-said.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const OUTPUT = [
  "Switched to branch 'main'",
  'Already up to date.',
  'Updating a14cc36..0d37827',
  'Fast-forward',
  ' src/App.jsx | 2 +-',
  ' 1 file changed, 1 insertion(+), 1 deletion(-)',
].join('\n');

describe('a fast-forward merge', () => {
  it('is a merge though another step was already up to date, named by the tip it moved to', () => {
    const cmd = 'git checkout main && git pull && git merge add-purple-background';
    expect(mergedRefs(cmd, OUTPUT)).toBe('merged add-purple-background');
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'm1', command: cmd },
      { kind: 'result', id: 'm1', ok: true, exitCode: 0, output: OUTPUT },
    ];
    expect(buildTrail(events, '/repo', '/repo').commits.map((c) => c.text)).toEqual(['0d37827 merged add-purple-background']);
  });

  it('is none when the merge itself was up to date', () => {
    expect(mergedRefs('git pull && git merge feature', 'Already up to date.\nAlready up to date.')).toBeUndefined();
    expect(mergedRefs('git merge feature', 'Already up to date.')).toBeUndefined();
  });
});
