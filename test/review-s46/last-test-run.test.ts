// Commit 3 keeps searches in the trail (`looked: true`), but recall's "last test run" (last-runs.ts)
// still takes the newest command that isTestCommand, and isVerifyCommand matches a test tool's name
// anywhere after a space: `grep -n vitest package.json` is "the last test run". Asked whether the
// last test run passed, recall now answers with the search (ok), ahead of the `npm test` that failed.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: number, command: string, output: string, ok = true): TranscriptEvent[] => [
  { kind: 'command', id: `c${id}`, command, at: `2026-02-03T10:${String(id).padStart(2, '0')}:00.000Z` },
  { kind: 'result', id: `c${id}`, ok, exitCode: ok ? 0 : 1, output, at: `2026-02-03T10:${String(id).padStart(2, '0')}:01.000Z` },
];

describe('the last test run, after a search that names the test runner', () => {
  it('is the test run, not the search', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Fix the failing parser test', at: '2026-02-03T10:00:00.000Z' },
      ...run(1, 'npm test', ' FAIL  test/parser.test.ts > parses dates\nTests  1 failed | 11 passed (12)', false),
      ...run(2, 'grep -n vitest package.json', 'package.json:12:    "test": "vitest run",\npackage.json:30:    "vitest": "^3.2.4"'),
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commands.find((c) => c.text.startsWith('grep'))?.looked).toBe(true);
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'Did the last test run pass?');
    expect(hits[0]!.line).toContain('npm test');
    expect(hits[0]!.line).toContain('1 failed');
  });
});
