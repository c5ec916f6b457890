// Review s43, finding: replyAskedAgain (1dbaef5) takes "the first answer ending a turn after" the
// user's question by time, without checking it answers that question: when the user interrupted
// the turn (or the agent never replied) and moved on, the reply to the NEXT request is put first,
// with the top entry's room, as the answer to the question.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];

describe('a question asking again what the user asked, when that was never answered', () => {
  it("does not put the reply to the user's next request first", () => {
    const before = Array.from({ length: 8 }, (_, i): TranscriptEvent[] => [
      { kind: 'ask', text: `add the deploy step ${i} to the pipeline, with an error message when it fails` },
      ...run(`p${i}`, `make pipeline STEP=${i}`, `step ${i}: ok`),
      { kind: 'say', text: `Added deploy step ${i}; it prints the error and stops the pipeline when it fails.` },
    ]).flat();
    const events: TranscriptEvent[] = [
      ...before,
      { kind: 'ask', text: 'sometimes the deploy fails with an error: lock could not be acquired in time. can you look at the logs for this?' },
      ...run('l', 'tail -n 40 /var/log/depot/agent.log', '09:40 deploy error workspace_held (1ms)'),
      // The user stopped it before it said anything, and asked for something else.
      { kind: 'interrupt' },
      { kind: 'ask', text: 'never mind that for now. bump the version and publish the package' },
      ...run('v', 'npm version patch && npm publish', 'v1.4.1\n+ depot@1.4.1'),
      { kind: 'say', text: 'Bumped the version to v1.4.1 and published depot@1.4.1 to the registry.' },
    ];
    const trail = buildTrail(
      events.map((e, i) => ({ ...e, at: new Date(Date.UTC(2026, 7, 13, 12, i)).toISOString() })),
      '/repo',
      '/repo',
    );
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], "What was behind the intermittent 'lock could not be acquired in time' error?");
    expect(hits[0]!.line).not.toMatch(/Bumped the version to v1\.4\.1/);
  });
});
