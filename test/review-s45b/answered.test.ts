// Review s45b: a short answer finished as the user's request gets " (to: <the agent's question>)"
// (src/extract/request.ts withAnswered).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'answered-s45b';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const say = (id: string, text: string) => claudeAssistant({ id, tokens: 11_000, sessionId: sid, content: [{ type: 'text', text }] });
const edit = (id: string) =>
  claudeAssistant({
    id: `m-${id}`,
    tokens: 10_000,
    sessionId: sid,
    content: [{ type: 'tool_use', id, name: 'Edit', input: { file_path: '/repo/src/tooltip.ts', old_string: 'a', new_string: 'b' } }],
  });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);

function completed(lines: object[]): string[] {
  const t = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines));
  return extractManifest({ transcript: t, pressure: measurePressure(11_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } }).completed_tasks;
}

describe('review s45b: a short answer and what it answered', () => {
  it('a short request of its own that starts with "ok" is not said to agree to the offer it turned down', () => {
    const done = completed([
      user('Fix the tooltip offset.'),
      edit('e1'),
      ok('e1'),
      say('m1', 'Fixed the offset in src/tooltip.ts. Want me to commit and push this to main?'),
      user('ok now add tests for the parser'),
      edit('e2'),
      ok('e2'),
      say('m2', 'Done: added tests for the parser in src/parser.test.ts.'),
    ]);
    // The user asked for tests instead; the prompt must not say they said "ok" to committing and pushing to main.
    expect(done[0]).toBe('ok now add tests for the parser');
  });

  it('an answer after a report that asked nothing: a rhetorical question inside the report is no offer', () => {
    const done = completed([
      user('Fix the flaky build.'),
      edit('e1'),
      ok('e1'),
      say(
        'm1',
        'Why did the build fail? The cache key did not include the lockfile hash, so stale modules were restored. I added the hash to the key and the build now passes twice in a row.',
      ),
      user('ok, push it to main'),
      edit('e2'),
      ok('e2'),
      say('m2', 'Done.'),
    ]);
    expect(done[0]).not.toContain('(to: Why did the build fail?)');
  });
});
