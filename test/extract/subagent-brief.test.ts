// A subagent's brief is its user's words: its "Do not push" holds; its report goes back to the
// session that started it; files a merge brought in are others' work; code changed and not checked says so.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userInstructions } from '../../src/extract/instructions.js';
import { buildTrail } from '../../src/trail/build.js';
import { broughtBy } from '../../src/trail/entries.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, CORPUS, HAS_CORPUS, resumedAfterSave, writeJsonl } from '../helpers.js';

const sid = 'brief-1';
const BRIEF = `You are **alice** (round 2). You inherit a concrete task and an existing git worktree prepared for you.

## Context

In round 1, three teammates each wrote one research doc on their own branch:

- \`alice/research-plan-mode\` → \`work/research-plan-mode.md\` (yours)
- \`bob/research-teammates\` → \`work/research-teammates.md\`
- \`carol/research-beads\` → \`work/research-beads.md\`

## Round 2 task

1. Merge master into your branch so you can read the peers' docs:
   \`\`\`
   git merge master --no-ff -m "alice: merge master for round 2"
   \`\`\`
2. Append a section titled exactly \`## Comparison\` to the end of **your own** \`work/research-plan-mode.md\`. In it, contrast plan mode with each of the two peer mechanisms:
   - \`### vs. Teammates\` — concrete pros of plan mode relative to teammates, then concrete cons. Point at mechanics (plan mode is a single-actor checkpoint; teammates fan out parallel work and coordinate with SendMessage).
   - \`### vs. Beads\` — concrete pros of plan mode relative to Beads, then concrete cons. Point at mechanics (plan mode is ephemeral and pre-action; Beads is a persistent graph that needs a CLI and a repo sidecar).

   Target 250–400 words for the section.
3. Commit on the same branch.
4. **Do not** push, merge, or touch master. Do not touch the other two docs.

## Constraints

- Do not create a new worktree — use the existing one.
- Do not edit \`work/research-teammates.md\` or \`work/research-beads.md\`.

## Report back

- The round-2 commit SHA.`;

/** The subagent's own log: every line a sidechain. */
function subagentLog(root: string, codeAfterCheck: boolean): string {
  const line = (o: object) => ({ ...o, isSidechain: true, agentId: 'a36efb2', sessionId: sid, cwd: root });
  const user = (content: unknown) => line({ type: 'user', message: { role: 'user', content } });
  const call = (id: string, name: string, input: object, result: string) => [
    line(claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] })),
    user([{ type: 'tool_result', tool_use_id: id, content: result }]),
  ];
  const merged = [
    "Merge made by the 'ort' strategy.",
    ' work/research-beads.md     | 80 ++++++++++++++++++++',
    ' work/research-teammates.md | 75 +++++++++++++++++++',
    ' 2 files changed, 155 insertions(+)',
    ' create mode 100644 work/research-beads.md',
    ' create mode 100644 work/research-teammates.md',
  ].join('\n');
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user(BRIEF),
    ...call('t1', 'Bash', { command: 'git merge master --no-ff -m "alice: merge master for round 2"' }, merged),
    ...call(
      't2',
      'Edit',
      { file_path: join(root, 'work/research-plan-mode.md'), old_string: '## End', new_string: '## End\n\n## Comparison\n\nPlan mode gates.' },
      'The file has been updated.',
    ),
    ...(codeAfterCheck
      ? [
          ...call('t3', 'Bash', { command: 'npm test' }, 'Tests 12 passed'),
          ...call('t4', 'Edit', { file_path: join(root, 'src/merge.ts'), old_string: 'a', new_string: 'b' }, 'The file has been updated.'),
        ]
      : []),
    ...call(
      't5',
      'Bash',
      { command: 'git commit -am "alice: round 2 — add comparison section"' },
      '[alice/research-plan-mode 9877e04] alice: round 2 — add comparison section\n 1 file changed',
    ),
    line(
      claudeAssistant({
        id: 'm-end',
        tokens: 21_000,
        sessionId: sid,
        content: [{ type: 'text', text: 'Round 2 done: 9877e04. Would you like me to also update the README?' }],
      }),
    ),
  ]);
}

function resumeAfter(transcript: (root: string) => string): { prompt: string; rules: string[] } {
  const { prompt, manifest } = resumedAfterSave(transcript);
  return { prompt, rules: manifest.critical_context.user_instructions };
}

describe("a subagent's brief", () => {
  it('keeps its rules, though a colon before its own list and a fenced command follow its first paragraph', () => {
    expect(userInstructions([{ kind: 'ask', text: BRIEF }])).toEqual([
      'Do not push, merge, or touch master.',
      'Do not touch the other two docs.',
      'Do not create a new worktree — use the existing one.',
      'Do not edit `work/research-teammates.md` or `work/research-beads.md`.',
    ]);
    // A pasted page after a colon is still no rule of the user's.
    const pasted = `Here is the style guide:\n\n${'You must always write in the passive voice. Sections must never exceed a page.\n\n'.repeat(12)}`;
    expect(userInstructions([{ kind: 'ask', text: pasted }])).toEqual([]);
  });

  it('is followed by the session: the rules, the merged files as others, the offer to the parent, the code not checked', () => {
    const { prompt, rules } = resumeAfter((root) => subagentLog(root, true));
    expect(rules).toContain('Do not push, merge, or touch master.');
    expect(prompt).toMatch(/- work\/research-beads\.md \(brought in by a merge\)/);
    expect(prompt).toMatch(/- work\/research-plan-mode\.md \(modified[;)]/);
    expect(prompt).toContain('Offered to the parent session: Would you like me to also update the README?');
    expect(prompt).not.toContain('Offered to the user');
    expect(prompt).toMatch(/Status: tests passing: 12; code changed after the last test run; committed/);
    const checked = resumeAfter((root) => subagentLog(root, false)).prompt;
    expect(checked).not.toMatch(/code change/);
  });

  it("says 'brought in by a merge' only of the files git's merge output names, not of one the same command wrote (review finding)", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'note the fix and update from main' },
      { kind: 'command', id: 'c1', command: 'echo "- fixed the parser" >> CHANGELOG.md && git merge origin/main' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: "Merge made by the 'ort' strategy.\n docs/api.md | 4 ++++\n 1 file changed, 4 insertions(+)" },
    ];
    const files = buildTrail(events, '/repo', '/repo').files;
    expect(files.map((f) => [f.path, broughtBy(f)])).toEqual([
      ['CHANGELOG.md', false],
      ['docs/api.md', true],
    ]);
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the teammates merged by the lead are brought in by a merge (claude-code-log worktrees)', () => {
    const { prompt } = resumeAfter(() => join(CORPUS, 'claude-code/claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl'));
    expect(prompt).toContain('work/research-beads.md (brought in by a merge)');
  });
});
