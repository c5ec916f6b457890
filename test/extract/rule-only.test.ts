// A short message that only forbids ("hey dont use cartrabbit.in", queued while the agent worked) is a rule, not the request.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { isCorrectionOnly } from '../../src/extract/instructions.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'rule-only-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);

describe('a message that only forbids', () => {
  it('is a rule after a greeting or a lead-in, and asks for no work of its own', () => {
    for (const t of ['hey dont use cartrabbit.in', 'Never push to main', "ok, don't touch the migrations", 'also avoid lodash'])
      expect(isCorrectionOnly(t), t).toBe(true);
    for (const t of [
      "don't forget to add the tests",
      "Don't use lodash. Rewrite utils.ts with native calls.",
      'never mind, add the button',
      'dont we need a test for it?',
      'Use pnpm',
    ])
      expect(isCorrectionOnly(t), t).toBe(false);
  });

  it("queued mid-turn: one of the user's instructions, and the request before it stays the open work", () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), `${sid}.jsonl`), [
        user('Send a test welcome email through Resend and check it arrives'),
        call('b1', 'Bash', { command: 'node scripts/send-test-email.mjs' }),
        ok('b1'),
        { type: 'queue-operation', operation: 'enqueue', timestamp: '2026-06-08T02:35:18.408Z', sessionId: sid, content: 'hey dont use cartrabbit.in' },
        { type: 'queue-operation', operation: 'remove', timestamp: '2026-06-08T02:35:18.686Z', sessionId: sid },
        call('b2', 'Bash', { command: 'node scripts/check-inbox.mjs' }),
      ]),
    );
    const m = extractManifest({ transcript: t, pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.critical_context.user_instructions).toContain('hey dont use cartrabbit.in');
    expect(m.pending_tasks[0]!.task).toMatch(/^Send a test welcome email/);
  });
});
