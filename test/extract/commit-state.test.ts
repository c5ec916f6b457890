// How the branch stood against its upstream, by the last `git status` that said: commits a subagent
// made are not in the session's own commands, but git's "ahead of 'origin/main' by 4 commits" is.
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { branchState } from '../../src/extract/commit-state.js';
import type { CommandRun } from '../../src/extract/commands.js';
import { measurePressure } from '../../src/monitor/pressure.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const runs = (...list: Array<[string, string]>): CommandRun[] => list.map(([command, output], index) => ({ index, command, output, outcome: 'ok' }));
const LONG =
  'On branch main\nYour branch is ahead of \'origin/main\' by 4 commits.\n  (use "git push" to publish your local commits)\n\nChanges not staged for commit:\n\tmodified:   Makefile';

describe('the branch against its upstream', () => {
  it('is what the last git status said, long or short', () => {
    expect(branchState(runs(['git status', LONG]))).toBe('4 commits ahead of origin/main');
    expect(branchState(runs(['cd /repo && git status -sb', '## main...origin/main [ahead 1]\n M a.ts']))).toBe('1 commit ahead of origin/main');
    expect(branchState(runs(['git status --short --branch', '## dev...origin/dev [ahead 2, behind 3]']))).toBe(
      'diverged from origin/dev (2 and 3 different commits)',
    );
    expect(branchState(runs(['git status', "On branch main\nYour branch is behind 'origin/main' by 1 commit, and can be fast-forwarded."]))).toBe(
      '1 commit behind origin/main',
    );
    expect(branchState(runs(['git status', "Your branch and 'origin/x' have diverged,\nand have 3 and 1 different commits each, respectively."]))).toBe(
      'diverged from origin/x (3 and 1 different commits)',
    );
  });

  it('says nothing when up to date, when git said nothing of it, or when a commit or push came after', () => {
    expect(branchState(runs(['git status', "Your branch is up to date with 'origin/main'."]))).toBeUndefined();
    expect(branchState(runs(['git status --short', ' M a.ts']))).toBeUndefined();
    expect(branchState(runs(['git status', LONG], ['git push', 'ok']))).toBeUndefined();
    expect(branchState(runs(['git status', LONG], ['git commit -m x', '[main 1a2b3c4] x']))).toBeUndefined();
    // A later status that does not say defers to the one before it.
    expect(branchState(runs(['git status', LONG], ['git status --short', ' M a.ts']))).toBe('4 commits ahead of origin/main');
  });

  it("is in the manifest's status beside where the edits stand", () => {
    const at = (s: number): string => new Date(Date.UTC(2026, 2, 20, 19, 0, s)).toISOString();
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Finish tasks 5 and 6, no commits until the end', at: at(0) },
      { kind: 'edit', id: 'e1', paths: ['/repo/Makefile'], change: 'test-e2e-binary:', tool: 'Edit', at: at(1) },
      { kind: 'result', id: 'e1', ok: true, output: 'ok', at: at(1) },
      { kind: 'command', id: 'c1', command: 'git status', at: at(2) },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: LONG, at: at(2) },
    ];
    const m = extractManifest({
      transcript: { agent: 'claude-code', path: '/tmp/x.jsonl', meta: {}, events, stats: { lines: 1, skipped: 0, bytes: 1 } },
      pressure: measurePressure(1000, 200_000),
      git: { root: '/repo', dirty: [], stateFiles: [] },
    });
    expect(m.active_state.environment_status).toBe('edits not committed in the session; 4 commits ahead of origin/main');
  });
});
