// Review s42b: e1ccbda reads "a push after the commit in the same command" by where PUSH first
// matches in the command line, and PUSH matches inside the commit's own message: a commit whose
// message mentions `git push` (or `gh pr create`) is said to be pushed.
import { expect, it } from 'vitest';
import { commitState } from '../../src/extract/commit-state.js';
import { commandRuns } from '../../src/extract/commands.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const session = (command: string): TranscriptEvent[] => [
  { kind: 'edit', id: 'e1', paths: ['README.md'], change: 'Run the tests before you push.' } as TranscriptEvent,
  { kind: 'result', id: 'e1', ok: true, output: '' },
  { kind: 'command', id: 'c1', command },
  { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '[main 1a2b3c4] docs\n 1 file changed' },
];

it('a commit whose message names git push is committed, not pushed', () => {
  const events = session('git add README.md && git commit -m "docs: run the tests before git push"');
  // Current: 'committed and pushed'.
  expect(commitState(events, commandRuns(events))).toBe('committed, not pushed');
});

it('a commit message in a here-document that names gh pr create is not a pull request opened', () => {
  const events = session("git commit -F - <<'EOF'\nci: lint before gh pr create\nEOF");
  expect(commitState(events, commandRuns(events))).toBe('committed, not pushed');
});

it('a second commit after a push in the same command is not pushed', () => {
  const events = session('git commit -m a && git push && git commit -m b');
  expect(commitState(events, commandRuns(events))).toBe('committed, not pushed');
});
