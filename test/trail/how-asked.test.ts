// "How should X be carried out?", "How was X fixed?" ask for the approach: what the agent said on the
// way ("I'm using the stack workflow because …") weighs as much as its reports, as for "why".
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { ASKS_WHY } from '../../src/trail/question-words.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];

describe('a question about how something is done', () => {
  it.each([
    ["How should 'commit and push' be carried out for this user?", true],
    ['How was the flaky login test fixed?', true],
    ['How did the agent resolve the merge conflict?', false],
    ['How many tests pass?', false],
    // About a state, not an approach (final review).
    ['How are we doing, is the deploy done?', false],
    ['How did the agent know the migration was done?', false],
  ])('%s asks for the approach: %s', (question, approach) => {
    // "How did … resolve" is a verb, not the participle: left as it was.
    expect(ASKS_WHY.test(question)).toBe(approach);
  });

  it('finds the approach the agent gave on the way, besides its reports', () => {
    const reports = Array.from({ length: 6 }, (_, i): TranscriptEvent[] => [
      { kind: 'ask', text: `commit and push change ${i}` },
      ...run(`c${i}`, `git commit -m "docs: change ${i}" && git push`, `[docs/live ${i}abc] docs: change ${i}`),
      { kind: 'say', text: `Committed and pushed change ${i} for you: commit ${i}abc on docs/live, pushed to origin. No PR was created.` },
    ]).flat();
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'commit and push' },
      {
        kind: 'say',
        text: 'I’m using the gh-stack workflow because the checkout is on a stacked branch: one focused Conventional Commit, then push the branch without a new PR.',
      },
      ...run('c', 'gh stack push --remote origin', 'Pushed 1 branch'),
      { kind: 'say', text: 'Committed and pushed: e1bd1cc docs(runtime): add live harness runbook.' },
      ...reports,
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    const text = recall([{ sessionId: 's', snapshot: 'x', trail }], "How should 'commit and push' be carried out for this user?")
      .map((h) => h.line)
      .join('\n');
    expect(text).toContain('Conventional Commit');
  });
});
