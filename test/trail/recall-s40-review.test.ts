// Review of f59ea09, cd162ff and 9b9067f: recall's 'what is still not done', the words that ask
// what is left, and a user's paragraph as one passage.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { parts, passages } from '../../src/trail/entries.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, ok: boolean, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output },
];
const REJECTED =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).";
const hits = (events: TranscriptEvent[], question: string) =>
  recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }], question);

describe('what is still not done (review)', () => {
  it.each([
    ['git push', 'git push origin main'],
    ['golangci-lint run ./segments/... --timeout 5m', 'golangci-lint run ./segments/...'],
    ['npm test', 'cd /repo && npm test'],
  ])('a call turned down (%s) that ran later as %s is not shown as not done', (turnedDown, ranLater) => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Fix the fallback of the project segment and push it.' },
      ...run('c1', turnedDown, false, REJECTED),
      { kind: 'ask', text: 'ok, go ahead now' },
      ...run('c2', ranLater, true, 'ok'),
      { kind: 'say', text: 'Done: the fix is in and verified.' },
    ];
    const text = hits(events, 'What is still not done?')
      .map((h) => h.line)
      .join('\n');
    expect(text).not.toContain('rejected by the user (not run)');
  });
});

describe("'to do' inside an ordinary question (review)", () => {
  it("does not put the agent's words above the command a question asks for", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Migrate the database to the new schema.' },
      ...run('c1', 'python manage.py migrate orders', true, 'Running database migration: Applying orders.0042_add_orders_table... OK'),
      { kind: 'say', text: 'The migration is applied; the orders table exists now.' },
      { kind: 'ask', text: 'Write the changelog entry.' },
      { kind: 'say', text: 'Added the changelog entry for the database migration.' },
    ];
    // 371c9b5 answered with the command first; 'to do' now favours plans and the agent's answers.
    expect(hits(events, 'Which command did the agent run to do the database migration?')[0]?.line).toContain('python manage.py migrate orders');
  });
});

describe("a user's paragraph as one passage (review)", () => {
  // Fixed for what the user wrote (its paragraphs are kept whole, entries.ts); other kinds' passages are cut as before.
  it("a hard-wrapped paragraph of the user's that fits a passage is one, not its first line glued to the paragraph before", () => {
    const before = 'On un-ignoring docs/STATE.md: not yet, and not in this branch either; we decide it after the release is out.';
    const line1 = "It'd fix worktree propagation, but it turns a file that changes every session";
    const line2 = 'into a tracked file that conflicts on every branch. Leave it local for now, please.';
    const ps = passages(parts('asks', { text: `${before}\n\n${line1}\n${line2}` }).body);
    expect(ps.some((p) => p.includes(line1) && p.includes(line2))).toBe(true);
  });
});
