// cargo test prints a result for each test binary, one without tests first ("0 passed"): the
// status was "tests passing: 0" for a run of 7 passing tests. Its count is their sum, of its last
// run; `cargo test name` runs the tests that name matches.
import { describe, expect, it } from 'vitest';
import { verificationStatus } from '../../src/extract/checks.js';
import type { CommandRun } from '../../src/extract/commands.js';
import { testCounts } from '../../src/extract/signals.js';

const binary = (name: string, passed: number, failed = 0) =>
  [
    `     Running unittests ${name} (target/debug/deps/x)`,
    '',
    `running ${passed + failed} tests`,
    '',
    `test result: ${failed ? 'FAILED' : 'ok'}. ${passed} passed; ${failed} failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s`,
    '',
  ].join('\n');
const FINISHED = '    Finished `test` profile [unoptimized + debuginfo] target(s) in 2.14s';
const run = (command: string, output: string): CommandRun => ({ command, outcome: 'ok', exitCode: 0, output, index: 0 });

describe("cargo test's counts", () => {
  it('are the sum over its test binaries', () => {
    expect(testCounts([FINISHED, binary('bin/generate_docs.rs', 0), binary('src/main.rs', 7)].join('\n'))).toEqual({ passed: 7, failed: 0 });
    expect(testCounts([FINISHED, binary('src/lib.rs', 40), binary('tests/cli.rs', 3, 2)].join('\n'))).toEqual({ passed: 43, failed: 2 });
  });

  it('are of its last run when a command runs it twice', () => {
    const output = [FINISHED, binary('src/lib.rs', 3), FINISHED, binary('src/lib.rs', 200), binary('tests/it.rs', 1)].join('\n');
    expect(testCounts(output)).toEqual({ passed: 201, failed: 0 });
    // One binary, one run: as before.
    expect(testCounts(binary('src/lib.rs', 12))).toEqual({ passed: 12, failed: 0 });
  });

  it('of a name filter are of selected tests', () => {
    const output = [FINISHED, binary('bin/generate_docs.rs', 0), binary('src/main.rs', 7)].join('\n');
    expect(verificationStatus([run('cargo fmt --all && cargo test structured_argv', output)]).status).toBe('selected tests passing: 7');
    expect(verificationStatus([run('cargo test --workspace', output)]).status).toBe('tests passing: 7');
  });
});
