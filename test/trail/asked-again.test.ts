// A question that asks again what the user asked ("what was behind the 'lock not acquired in time'
// error?" after the user's "sometimes deploy fails with 'lock not acquired in time', can you check
// the logs?") is answered by the agent's reply to the user, from its first lines.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];

const report = [
  'Found it in the logs, and it is not a timeout at all.',
  '`/var/log/depot/agent.log`, every deploy since Monday:\n```\n09:12 deploy → ok (2ms)\n09:40 deploy → error (1ms)\n10:02 deploy → error (2ms)\n10:05 deploy → ok (2ms)\n```\n4 of 9 failed, each within 1–3 milliseconds: the request is refused outright, with code `workspace_held`.',
  '## Why\n\nThe lock could not be acquired in time because the previous release’s cleanup still holds the workspace for a second or two after the deploy command returns. The error message misleads: it reads like a timeout, but a retry a moment later always works.',
  '## Fixed\n\n- The deploy retries once a second while the error is `workspace_held`, up to `DEPLOY_LOCK_ATTEMPTS` times.\n- Any other error fails at once.',
].join('\n\n');

function trailOf(): ReturnType<typeof buildTrail> {
  const before = Array.from({ length: 8 }, (_, i): TranscriptEvent[] => [
    { kind: 'ask', text: `add the deploy step ${i} to the pipeline, with an error message when it fails` },
    ...run(`p${i}`, `make pipeline STEP=${i}`, `step ${i}: ok`),
    { kind: 'say', text: `Added deploy step ${i}; it prints the error and stops the pipeline when it fails.` },
  ]).flat();
  const events: TranscriptEvent[] = [
    ...before,
    { kind: 'ask', text: 'sometimes the deploy fails with an error: lock could not be acquired in time. can you look at the logs for this?' },
    ...run('l', 'tail -n 40 /var/log/depot/agent.log', '09:40 deploy error workspace_held (1ms)'),
    { kind: 'say', text: report },
    { kind: 'ask', text: 'thanks. now bump the version' },
    ...run('v', 'npm version patch', 'v1.4.1'),
    { kind: 'say', text: 'Bumped to v1.4.1.' },
  ];
  // A minute apart, as a real log says.
  return buildTrail(
    events.map((e, i) => ({ ...e, at: new Date(Date.UTC(2026, 7, 13, 12, i)).toISOString() })),
    '/repo',
    '/repo',
  );
}

describe('a question that asks again what the user asked', () => {
  it('is answered by the reply to it, first and from its opening lines', () => {
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail: trailOf() }], "What was behind the intermittent 'lock could not be acquired in time' error?");
    expect(hits[0]!.line).toMatch(/^the agent said: Found it in the logs/);
    // The log it was found in, the code it said, and why: one entry, first.
    for (const part of ['/var/log/depot/agent.log', 'workspace_held', 'cleanup still holds the workspace']) expect(hits[0]!.line).toContain(part);
  });

  it('not when the question shares only some words with a message of the user', () => {
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail: trailOf() }], 'Which version is the package at now, after the bump?');
    expect(hits[0]!.line).not.toMatch(/Found it in the logs/);
    expect(hits.map((h) => h.line).join('\n')).toContain('v1.4.1');
  });

  it("not when the user's message is a plan pasted whole, whose code has a `?.`: its reply is no answer to the question", () => {
    const plan = [
      'Implement the following plan:',
      '## 1B. Wrap each tree node row in <ContextMenu> + <ContextMenuTrigger>',
      'No conflict with dnd-kit since ContextMenuTrigger intercepts contextmenu events while dnd-kit uses pointerdown.',
      ...Array.from({ length: 30 }, (_, i) => `- step ${i}: \`node?.children?.[${i}]\` keeps its drag-and-drop mapping`),
    ].join('\n');
    const events = (
      [
        { kind: 'ask', text: plan },
        { kind: 'say', text: "I'll implement this plan step by step. Let me start by reading the existing files." },
        ...run('b', 'npm run build', 'built in 2.1s'),
        { kind: 'say', text: 'Done: the context menu wraps every node.' },
      ] as TranscriptEvent[]
    ).map((e, i): TranscriptEvent => ({ ...e, at: new Date(Date.UTC(2026, 7, 13, 12, i)).toISOString() }));
    const hits = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }],
      'Why can the tree nodes be wrapped in a context menu without breaking drag-and-drop mapping?',
    );
    expect(hits[0]!.line).not.toMatch(/I'll implement this plan/);
  });
});
