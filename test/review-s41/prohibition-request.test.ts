// Finding 3 (medium): src/extract/instructions.ts isCorrectionOnly / PROHIBITION (lines ~27-33).
// Any one-sentence message that *starts* with don't / never / avoid / stop is taken for a rule
// with no work of its own, so lastRequest (src/extract/request.ts:65) skips it and the prompt
// hands on the request before it as the open work. "Stop the containers, rebuild the image and
// start them again" and "don't worry about the tests, just ship the release" ask for work.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { isCorrectionOnly } from '../../src/extract/instructions.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const REQUESTS = [
  'Stop the containers, rebuild the image and start them again',
  "don't worry about the tests, just ship the release to staging",
  "Don't use lodash, rewrite utils.ts with native calls",
  'avoid the ORM and rewrite the report query in plain SQL',
  "don't just explain it, fix the retry bug in client.ts",
];

describe('a one-sentence request that starts with a prohibition', () => {
  it.each(REQUESTS)('asks for work: %s', (t) => expect(isCorrectionOnly(t)).toBe(false));

  it('is the open request the prompt hands on, not the one before it', () => {
    const sid = 'review-s41-prohibition';
    const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
    const t = readTranscript(
      writeJsonl(join(tempDir(), `${sid}.jsonl`), [
        user('Add a health check endpoint to the API'),
        claudeAssistant({ id: 'm1', tokens: 20_000, sessionId: sid, content: [{ type: 'text', text: 'Added GET /healthz.' }] }),
        user(REQUESTS[0]),
        claudeAssistant({
          id: 'm2',
          tokens: 21_000,
          sessionId: sid,
          content: [{ type: 'tool_use', id: 'b1', name: 'Bash', input: { command: 'docker compose down' } }],
        }),
      ]),
    );
    const m = extractManifest({ transcript: t, pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.pending_tasks[0]?.task ?? '').toMatch(/^Stop the containers/);
  });
});
