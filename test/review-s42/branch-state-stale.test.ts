// Review s42: the branch's ahead/behind from an earlier `git status` must not outlive a commit,
// push or pull that ran after it in a command whose first segment is something else.
import { describe, expect, it } from 'vitest';
import { branchState, commitState } from '../../src/extract/commit-state.js';
import type { CommandRun } from '../../src/extract/commands.js';

const runs = (...list: Array<[string, string]>): CommandRun[] => list.map(([command, output], index) => ({ index, command, output, outcome: 'ok' }));
const AHEAD = 'On branch main\nYour branch is ahead of \'origin/main\' by 4 commits.\n  (use "git push" to publish your local commits)\n';

describe('branch state after a commit or push in a chained command', () => {
  it('is unknown after `git add … && git commit …` (corpus: labeller-x rommeld+leeson 37582565aa says "4 ahead" after a 5th commit)', () => {
    expect(branchState(runs(['git status', AHEAD], ['git add README.md && git commit -m "docs: rewrite README"', '[main 1a2b3c4] docs']))).toBeUndefined();
  });

  it('is unknown after `git add -A && git commit && git push` (the status must not say "committed and pushed; 4 commits ahead")', () => {
    const events = [
      { kind: 'edit' as const, id: 'e1', paths: ['/repo/a.ts'], change: 'x' },
      { kind: 'result' as const, id: 'e1', ok: true, output: 'ok' },
    ];
    const r = runs(['git status', AHEAD], ['git add -A && git commit -m x && git push', 'To github.com:o/r.git\n   1a2b..3c4d  main -> main']);
    r.forEach((x, i) => (x.index = i + 2));
    expect(commitState(events, r)).toBe('committed and pushed');
  });

  it('is not what a status said before a pull in the same command (`git status && git pull`)', () => {
    const out = "On branch main\nYour branch is behind 'origin/main' by 2 commits, and can be fast-forwarded.\nUpdating 1a2b..3c4d\nFast-forward\n a.ts | 2 +-";
    expect(branchState(runs(['git status && git pull', out]))).toBeUndefined();
  });
});
