// A commit's message below its subject, and a pull request's description, are the agent's own
// account of what changed and why: the trail keeps them with the commit, and recall finds them.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { messageOf } from '../../src/trail/commit-message.js';
import { parts } from '../../src/trail/entries.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const heredocCommit = [
  "git add -A && git commit -m \"$(cat <<'EOF'",
  'Rework benchmark methodology: cost metric, paired deltas',
  '',
  '1. Billable cost, not raw tokens: cache reads at the discounted',
  '   rate, so the cached extra input no longer over-penalises the arm.',
  '2. Per-task paired deltas via geometric mean (+ median), replacing the',
  '   summed-total savingsPct that one expensive task dominated.',
  'EOF',
  ')" && git push',
].join('\n');

describe('what a commit or pull request command said of the change', () => {
  it.each([
    [heredocCommit, /^1\. Billable cost[^]*geometric mean \(\+ median\)[^]*dominated\.$/],
    ['git commit -m "fix: retry the lock" -m "The cleanup still held the workspace."', /^The cleanup still held the workspace\.$/],
    ["git commit -m 'chore: bump version'", /^$/],
    [
      'gh pr create --title "Retry the deploy lock" --body "Retries while the error is \\"workspace_held\\"."',
      /^Retries while the error is "workspace_held"\.$/,
    ],
    ["gh pr create --title 'Docs' --body-file - <<'EOF'\n## Summary\n- README: Releasing section\nEOF", /^## Summary\n- README: Releasing section$/],
    // Given on standard input, and amended with a second paragraph.
    ["git commit -F - <<'EOF'\nFix the lock\n\nRetry while the workspace is held.\nEOF", /^Retry while the workspace is held\.$/],
    ["git commit --amend -am 'Fix the lock' -m 'Body two'", /^Body two$/],
    // A value built by the shell is no message the log holds.
    ['git commit -m "$MSG"', /^$/],
  ])('%s', (command, message) => {
    expect(messageOf(command)).toMatch(message);
  });

  it("a quiet commit (`-q`, no summary printed) is named by its subject and the hash the same command's log printed, not the command", () => {
    const quiet =
      "git add src && git commit -q -F - <<'MSG' 2>&1|tail -2\nfix(humans): link the service's own documents\n\nThe footer's links were <code>, not anchors.\nMSG\ngit log --oneline -2";
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'q', command: quiet },
      { kind: 'result', id: 'q', ok: true, exitCode: 0, output: "8d205db fix(humans): link the service's own documents\nbf1ee6b feat: serve an AI Catalog" },
      { kind: 'command', id: 'p', command: 'gh pr create --title "Docs" --body "Links the documents." -q' },
      { kind: 'result', id: 'p', ok: true, exitCode: 0, output: '' },
    ];
    const commits = buildTrail(events, '/repo', '/repo').commits;
    expect(commits[0]).toMatchObject({
      text: "8d205db fix(humans): link the service's own documents (committed; git printed no summary)",
      output: "The footer's links were <code>, not anchors.",
    });
    // A pull request's title is no commit subject: its command stays what names it.
    expect(commits[1]!.text).toMatch(/^gh pr create/);
  });

  it('is kept with the commit, and recall finds the change by it', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'rework how the benchmark sums up, then commit' },
      { kind: 'command', id: 'c', command: heredocCommit },
      { kind: 'result', id: 'c', ok: true, exitCode: 0, output: '[rework 6ddd049] Rework benchmark methodology: cost metric, paired deltas\n 4 files changed' },
      ...Array.from({ length: 6 }, (_, i): TranscriptEvent[] => [
        { kind: 'command', id: `t${i}`, command: `npm run bench -- --task ${i}` },
        { kind: 'result', id: `t${i}`, ok: true, exitCode: 0, output: `task ${i}: savings 12%` },
      ]).flat(),
      { kind: 'say', text: 'Committed and pushed.' },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commits).toEqual([expect.objectContaining({ text: expect.stringMatching(/^6ddd049 Rework benchmark methodology/) })]);
    expect(trail.commits[0]!.output).toContain('geometric mean');
    // Its wrapped lines joined: a passage is not cut where the editor wrapped the message.
    expect(
      parts('commits', trail.commits[0]!)
        .body.split('\n')
        .some((l) => l.includes('replacing the summed-total savingsPct')),
    ).toBe(true);
    const text = recall([{ sessionId: 's', snapshot: 'x', trail }], 'Why did the agent change how the benchmark summarises savings, and to what?')
      .map((h) => h.line)
      .join('\n');
    expect(text).toContain('2. Per-task paired deltas via geometric mean (+ median), replacing the summed-total savingsPct');
  });
});
