// 8a5b052 drops a look-around from trail.commands when commandRead() names a file it reads ("the
// file's entry keeps what it showed"). But the file's entry keeps what a read showed only for a read
// from the file's start, of a file of the repository's, with nothing piped after it
// (showsFromStart && keepsContent, trail/build.ts filesOf). Every other read commandRead knows is now
// lost whole: Codex's usual `nl -ba f | sed -n '200,260p'`, a later range `sed -n '300,360p' f`, a
// `tail -n 50 build.log`, a file outside the repository, and a search piped after a read
// (`cat package.json | grep supabase`). On the 43 Codex rollouts of /work/dev-transcripts, the
// trail's shell reads went from 788 to 152 while the file entries with what a read showed stayed at 178.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: number, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id: `c${id}`, command, at: `2026-02-03T10:${String(id).padStart(2, '0')}:00.000Z` },
  { kind: 'result', id: `c${id}`, ok: true, exitCode: 0, output, at: `2026-02-03T10:${String(id).padStart(2, '0')}:01.000Z` },
];

const events: TranscriptEvent[] = [
  { kind: 'ask', text: 'Find out why the login test is flaky and fix it.', at: '2026-02-03T10:00:00.000Z' },
  ...run(1, 'cat package.json | grep supabase', '    "@supabase/supabase-js": "^2.50.4",'),
  ...run(2, "nl -ba src/client.ts | sed -n '200,203p'", '   200\tconst MAX_RETRIES = 7;\n   201\texport function connect() {}'),
  ...run(3, "sed -n '300,302p' src/db.ts", 'const POOL_SIZE = 42;'),
  ...run(4, 'tail -n 3 build.log', 'ERROR in src/app.ts:201 TS2345: Argument of type string is not assignable'),
  ...run(5, 'cat /tmp/pytest-out.txt', 'FAILED tests/test_api.py::test_login - AssertionError: 401 != 200'),
];

describe('what a shell read showed that no file entry keeps', () => {
  const trail = buildTrail(events, '/repo', '/repo');
  const answer = (question: string) => recall([{ sessionId: 's', snapshot: 'x', trail }], question)[0]?.line ?? '(nothing)';

  it.each([
    ['Which @supabase/supabase-js version range is declared?', '^2.50.4'],
    ['How many retries does the client make (MAX_RETRIES)?', 'MAX_RETRIES = 7'],
    ['What is the POOL_SIZE of the database pool?', 'POOL_SIZE = 42'],
    ['Which TS2345 error did the build log show?', 'TS2345'],
    ['Which test failed with 401?', 'test_login'],
  ])('is still found by recall: %s', (question, value) => {
    // 9b099d9 kept each as a search (`looked`) with its output; HEAD keeps none of them, and the file entries hold no output.
    expect(answer(question)).toContain(value);
  });
});
