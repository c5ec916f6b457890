/**
 * Final review of the piped-check rule (src/extract/piped.ts): a check that PASSED, piped into a
 * filter, read as failed from one line of what it printed — a false blocker and "tests failing".
 */
import { describe, expect, it } from 'vitest';
import { failedThroughPipe } from '../../src/extract/piped.js';
import { commandRuns } from '../../src/extract/commands.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

describe('final review: a passing check through a pipe is not read as failed', () => {
  it('a line a passing run logs that ends in ": not found" (Go errors are wrapped so) is no missing program', () => {
    const output = [
      '=== RUN   TestGetMissingUser',
      '    store_test.go:31: get user 42: not found',
      '--- PASS: TestGetMissingUser (0.00s)',
      '=== RUN   TestGetUser',
      '--- PASS: TestGetUser (0.00s)',
      'PASS',
      'ok  \texample.com/internal/store\t0.012s',
    ].join('\n');
    expect(failedThroughPipe('go test -v ./internal/store/ 2>&1 | tail -8', output)).toBe(false);
    // The same through commandRuns: the run is ok, not a failure with no exit code.
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c1', command: 'go test -v ./internal/store/ 2>&1 | tail -8' },
      { kind: 'result', id: 'c1', ok: true, output, exitCode: 0 },
    ];
    expect(commandRuns(events)[0]!.outcome).toBe('ok');
  });

  it('a passing test whose name says "with 3 failures" is no count of failed tests', () => {
    const output = [
      ' ✓ src/breaker.test.ts > opens the circuit with 3 failures in a row 2ms',
      ' ✓ src/breaker.test.ts > closes it again after the cool-down 1ms',
      '',
      ' Test Files  1 passed (1)',
      '      Tests  2 passed (2)',
      '   Duration  300ms',
    ].join('\n');
    expect(failedThroughPipe('npx vitest run --reporter=verbose 2>&1 | tail -8', output)).toBe(false);
  });

  it('an echoed ${PIPESTATUS[0]} is read from the echo, not from an earlier "exit code: 1" the check printed', () => {
    const output = ['  ✓ cli exits with code 1 on bad input', '  child exit code: 1', '      Tests  9 passed (9)', 'exit=0'].join('\n');
    expect(failedThroughPipe('npm test 2>&1 | tail -4; echo "exit=${PIPESTATUS[0]}"', output)).toBe(false);
  });
});
