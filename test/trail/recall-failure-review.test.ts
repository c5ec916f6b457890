// Review s38: ASKS_FAILURE (a question about an error or a failure weighs failed calls 1.6x).
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { ASKS_FAILURE } from '../../src/trail/question-words.js';

describe('review s38: ASKS_FAILURE', () => {
  it('is not a question about the error handling the work added, however it is worded', () => {
    // Its doc comment: "not about error handling the work added"; only the words "error(s) handling" are excluded.
    expect(ASKS_FAILURE.test('What error handling did the parser get?')).toBe(false); // holds
    expect(ASKS_FAILURE.test('How were errors handled in the CSV parser?')).toBe(false);
    expect(ASKS_FAILURE.test('What does the error-handling middleware do?')).toBe(false);
    expect(ASKS_FAILURE.test('How does the importer handle errors now?')).toBe(false);
  });

  it('a question about how errors were handled finds the agent’s account of it, not a failed run ahead of it', () => {
    const events = [
      { kind: 'ask' as const, text: 'Make the CSV import skip malformed rows instead of crashing', at: '2026-12-01T10:00:00Z' },
      { kind: 'command' as const, id: 'c1', command: 'pytest tests/test_import.py', at: '2026-12-01T10:01:00Z' },
      { kind: 'result' as const, id: 'c1', ok: false, exitCode: 1, output: 'E   csv.Error: parser errors in row 3', at: '2026-12-01T10:01:00Z' },
      { kind: 'say' as const, text: 'The CSV parser handles errors now: a malformed row is skipped and logged.', at: '2026-12-01T10:02:00Z' },
      { kind: 'command' as const, id: 'c2', command: 'pytest tests/test_import.py', at: '2026-12-01T10:03:00Z' },
      { kind: 'result' as const, id: 'c2', ok: true, exitCode: 0, output: '5 passed', at: '2026-12-01T10:03:00Z' },
      { kind: 'say' as const, text: 'Done: the import skips malformed rows and logs them.', at: '2026-12-01T10:05:00Z' },
      { kind: 'turn-end' as const, at: '2026-12-01T10:05:00Z' },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    // With ASKS_FAILURE off (verified by mocking it) the agent's sentence ranks first; with it on, the failed run does.
    const hits = recall(trails, 'How were errors handled in the CSV parser?', 600);
    expect(hits[0]!.line).toMatch(/^the agent said: The CSV parser handles errors now/);
  });
});
