// A check piped into a filter exits as the filter does (no pipefail in the agents' shells): what
// it printed says how it ended.
import { describe, expect, it } from 'vitest';
import { commandRuns, verificationStatus } from '../../src/extract/commands.js';
import { failedThroughPipe } from '../../src/extract/piped.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];

describe('a check piped into tail, head or grep', () => {
  it('failed when what it printed says so: an error line, failed tests', () => {
    const events = [
      ...run(
        'b1',
        'swift build --package-path control-plane 2>&1 | tail -20',
        "error: 'control-plane': unknown package 'SwiftSCIM' in dependencies of target 'App'",
      ),
      ...run('t1', 'npx vitest run test/navbar.test.tsx 2>&1 | tail -5', ' Test Files  1 failed | 3 passed (4)\n      Tests  1 failed | 26 passed (27)'),
    ];
    const runs = commandRuns(events);
    expect(runs.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    // Its exit code was the filter's: none is given.
    expect(runs[0]!.exitCode).toBeUndefined();
    expect(verificationStatus(runs).status).toBe('selected tests failing: 1; build failing');
  });

  it('passed when it says so, though a passing test run logs errors on the way', () => {
    const passing = 'error: Item 3 failed\n[EvaluationRepository] Deleted all evaluations\n 1274 pass\n 0 fail\n 2760 expect() calls';
    expect(failedThroughPipe('bun run test 2>&1 | tail -30', passing)).toBe(false);
    expect(failedThroughPipe('swift build 2>&1 | tail -5', 'warning: unused variable\nBuild complete! (3.43s)')).toBe(false);
    // An empty grep for errors: none.
    expect(failedThroughPipe('cargo build 2>&1 | grep "error:" | head -20', '')).toBe(false);
  });

  it('keeps its exit code where the pipe passes it on, or where it is no check', () => {
    expect(failedThroughPipe('set -o pipefail; npm test 2>&1 | tail -5', 'error: oops')).toBe(false);
    expect(failedThroughPipe('curl -s https://example.net/api | head -5', 'error: not found')).toBe(false);
    // No pipe: the exit code is the check's own.
    expect(failedThroughPipe('npm run build', 'error TS2304: Cannot find name')).toBe(false);
    // Through a pipe: tsc's two forms, make's stop, Python's logging in a build.
    expect(failedThroughPipe('npm run build 2>&1 | tail -3', 'src/a.ts(3,1): error TS2304: Cannot find name')).toBe(true);
    expect(failedThroughPipe('npx tsc --noEmit 2>&1 | head', 'src/a.ts:3:1: error TS2304: Cannot find name')).toBe(true);
    expect(failedThroughPipe('make build 2>&1 | tail -3', 'cc -o app main.c\nmake: *** [Makefile:12: build] Error 1')).toBe(true);
    expect(failedThroughPipe('make test 2>&1 | tail -3', 'ok  \tpkg/a\t0.2s')).toBe(false);
  });
});

describe('a count of tests', () => {
  it('is a number and its word on one line', async () => {
    const { testCounts } = await import('../../src/extract/signals.js');
    expect(testCounts('Results\nTotal: 12\nPassed: 12\nFailed: 0')).toEqual({ failed: undefined, passed: undefined });
    expect(testCounts('Tests  1 failed | 26 passed (27)')).toEqual({ failed: 1, passed: 26 });
  });
});

describe('reading what a piped check printed', () => {
  it('takes time in proportion to it: blank lines, spaces and digit runs of 40 KB take milliseconds, not seconds (final review)', () => {
    const start = performance.now();
    for (const out of ['\n'.repeat(40_000), `${' '.repeat(40_000)}x`, `${'1'.repeat(40_000)}x`, '1:'.repeat(20_000), 'a'.repeat(40_000)])
      expect(failedThroughPipe('npm test 2>&1 | tail -20', out)).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
