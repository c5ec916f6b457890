// Red-team of failedThroughPipe (src/extract/piped.ts): a check piped into a filter exits as the
// filter does, so its outcome is read from what it printed. Each case below states the right
// answer; the `F<n>` blocks fail on the code as reviewed, the last block documents cases it gets right.
import { describe, expect, it } from 'vitest';
import { commandRuns, verificationStatus } from '../../src/extract/commands.js';
import { failedThroughPipe } from '../../src/extract/piped.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];
const lines = (...l: string[]): string => l.join('\n');

describe('F1 pytest errors (setup/collection/conftest) are failures', () => {
  it('F1a "N passed, M errors" (real corpus output) is a failed run', () => {
    const out = lines(
      'ERROR tests/test_rl_tab.py::TestLatestDataMtime::test_ignores_non_csv_files',
      'ERROR tests/test_rl_tab.py::TestLatestDataMtime::test_finds_csv_in_nested_subdirectory',
      'ERROR tests/test_rl_tab.py::TestLatestDataMtime::test_returns_newest_mtime_across_multiple_files',
      '1065 passed, 1 warning, 79 errors in 119.72s (0:01:59)',
    );
    expect(failedThroughPipe('timeout 900 python -m pytest tests/ -q 2>&1 | tail -4', out)).toBe(true);
  });
  it('F1b a collection error ("1 error in 0.12s") is a failed run', () => {
    const out = lines(
      "E   ModuleNotFoundError: No module named 'respx'",
      '=========================== short test summary info ============================',
      'ERROR tests/unit/test_synthetics.py',
      '!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!',
      '=============================== 1 error in 0.12s ===============================',
    );
    expect(failedThroughPipe('python -m pytest tests/unit 2>&1 | tail -5', out)).toBe(true);
  });
  it('F1c a conftest that fails to import (real corpus output, `| head -30`) is a failed run', () => {
    const out = lines(
      "ImportError while loading conftest '/Users/user/projects/pup-mcp/tests/conftest.py'.",
      '../../.pyenv/versions/3.11.9/lib/python3.11/site-packages/ddtrace/internal/module.py:295: in _exec_module',
      '    self.loader.exec_module(module)',
      'tests/conftest.py:6: in <module>',
      '    import respx',
      "E   ModuleNotFoundError: No module named 'respx'",
    );
    expect(failedThroughPipe('python -m pytest tests/unit/test_synthetics.py -x --tb=short 2>&1 | head -30', out)).toBe(true);
  });
});

describe('F2 a filter whose quoted argument holds a `|` is still a filter', () => {
  it('F2a `pytest | grep -E "passed|failed"` showing "1 failed" failed', () => {
    expect(failedThroughPipe('python -m pytest -q 2>&1 | grep -E "passed|failed"', '1 failed, 16 passed in 1.20s')).toBe(true);
  });
  it("F2b `npm test | grep -E 'FAIL|✕'` showing a FAIL line failed", () => {
    const out = lines('FAIL src/api/users.test.ts', '  ✕ rejects a duplicate email (12 ms)');
    expect(failedThroughPipe("npm test 2>&1 | grep -E 'FAIL|✕'", out)).toBe(true);
  });
  it('F2c `tsc | grep -E "error TS|Found"` showing type errors failed', () => {
    const out = lines("src/a.ts(3,1): error TS2304: Cannot find name 'foo'.", 'Found 1 error in src/a.ts:3');
    expect(failedThroughPipe('npx tsc --noEmit 2>&1 | grep -E "error TS|Found"', out)).toBe(true);
  });
});

describe('F3 the first count found decides, though a later check or binary failed', () => {
  it('F3a `bun test | tail && bun lint | tail` (real corpus): bun\'s "0 fail" hides the failed lint', () => {
    const out = lines(
      ' 1290 pass',
      ' 0 fail',
      ' 2795 expect() calls',
      'Ran 1290 tests across 58 files. [839.00ms]',
      '  ',
      '',
      'error: script "lint" exited with code 1',
    );
    expect(failedThroughPipe('bun run test 2>&1 | tail -5 && bun run lint 2>&1 | tail -3', out)).toBe(true);
  });
  it('F3b cargo test: the lib\'s "0 failed" hides the integration test binary that failed', () => {
    const out = lines(
      'test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s',
      '',
      '     Running tests/api.rs (target/debug/deps/api-3f2a1b4c5d6e7f80)',
      '',
      'running 3 tests',
      'test creates_user ... ok',
      'test rejects_duplicate_email ... FAILED',
      'test lists_users ... ok',
      '',
      'failures:',
      '',
      '---- rejects_duplicate_email stdout ----',
      "thread 'rejects_duplicate_email' panicked at tests/api.rs:42:5:",
      'assertion `left == right` failed',
      '  left: 201',
      ' right: 409',
      '',
      'failures:',
      '    rejects_duplicate_email',
      '',
      'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s',
      '',
      'error: test failed, to rerun pass `--test api`',
    );
    expect(failedThroughPipe('cargo test 2>&1 | tail -25', out)).toBe(true);
  });
  it('F3c `pytest | tail -2 && ruff check | tail -3`: pytest\'s "0 failed"-free pass hides ruff\'s errors', () => {
    const out = lines(
      '........................................................                 [100%]',
      '56 passed in 25.54s',
      'Found 12 errors.',
      '[*] 12 fixable with the `--fix` option.',
    );
    expect(failedThroughPipe('python -m pytest -q 2>&1 | tail -2 && ruff check src/ 2>&1 | tail -3', out)).toBe(true);
  });
});

describe('F4 linters and checkers that print no "error:" line', () => {
  it('F4a ruff (real corpus: "Found 12 errors.")', () => {
    expect(failedThroughPipe('python -m ruff check src/ tests/ 2>&1 | tail -3', lines('Found 12 errors.', '[*] 12 fixable with the `--fix` option.', ''))).toBe(
      true,
    );
  });
  it('F4b ruff, its diagnostics cut off by head (real corpus)', () => {
    const out = lines(
      'F401 [*] `hashlib` imported but unused',
      '  --> src\\nomos\\experiments\\rl_sweep.py:31:8',
      '   |',
      '31 | import hashlib',
      '   |        ^^^^^^^',
      '   |',
      'help: Remove unused import: `hashlib`',
      '',
      'F401 [*] `subprocess` imported but unused',
      '  --> src\\nomos\\experiments\\rl_sweep.py:35:8',
    );
    expect(failedThroughPipe('python -m ruff check src/nomos/experiments/ 2>&1 | head -20', out)).toBe(true);
  });
  it('F4c eslint ("✖ 3 problems (2 errors, 1 warning)")', () => {
    const out = lines(
      '/home/u/app/src/api/client.ts',
      "  12:7   error    'retries' is assigned a value but never used  @typescript-eslint/no-unused-vars",
      '  40:15  warning  Unexpected any. Specify a different type      @typescript-eslint/no-explicit-any',
      '',
      '/home/u/app/src/hooks/useUser.ts',
      "  3:10  error  'useMemo' is defined but never used  @typescript-eslint/no-unused-vars",
      '',
      '✖ 3 problems (2 errors, 1 warning)',
    );
    expect(failedThroughPipe('npx eslint . 2>&1 | tail -20', out)).toBe(true);
  });
  it('F4d biome (real corpus: grep for "×")', () => {
    const out = lines('  × Formatter would have printed the following content:', '  × Some errors were emitted while running checks.');
    expect(failedThroughPipe('bun run lint 2>&1 | grep "×" | head -10', out)).toBe(true);
  });
  it('F4e biome ("Found 4 errors.") without the package manager\'s trailer', () => {
    const out = lines(
      'Checked 286 files in 117ms. No fixes applied.',
      'Found 4 errors.',
      'check ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━',
      '',
      '  × Some errors were emitted while running checks.',
      '  ',
    );
    expect(failedThroughPipe('npx biome check . 2>&1 | tail -6', out)).toBe(true);
  });
  it('F4f pyright ("- error:" and "1 error, 0 warnings, 0 informations")', () => {
    const out = lines(
      '/home/u/app/src/app/models.py',
      '  /home/u/app/src/app/models.py:42:16 - error: Type "str | None" is not assignable to return type "str"',
      '    Type "None" is not assignable to type "str" (reportReturnType)',
      '1 error, 0 warnings, 0 informations ',
    );
    expect(failedThroughPipe('npx pyright 2>&1 | tail -5', out)).toBe(true);
  });
});

describe('F5 a passing test run that logs errors is not a failed one', () => {
  it('F5a vitest: "Tests 87 passed" with an Error logged on stderr', () => {
    const out = lines(
      'stderr | src/api/client.test.ts > fetchUser > gives up after three 500s',
      'Error: Request failed with status code 500',
      '    at fetchUser (/home/u/app/src/api/client.ts:31:11)',
      '',
      ' ✓ src/api/client.test.ts (14 tests) 41ms',
      ' ✓ src/hooks/useUser.test.tsx (6 tests) 88ms',
      '',
      ' Test Files  12 passed (12)',
      '      Tests  87 passed (87)',
      '   Start at  14:02:11',
      '   Duration  2.31s (transform 410ms, setup 0ms, collect 1.2s, tests 402ms, environment 1ms, prepare 1.1s)',
    );
    expect(failedThroughPipe('npx vitest run 2>&1 | tail -15', out)).toBe(false);
  });
  it('F5b jest: "Tests: 64 passed" with a console.error of an Error', () => {
    const out = lines(
      'PASS src/db/pool.test.ts',
      '  ● Console',
      '',
      '    console.error',
      '      Error: connect ECONNREFUSED 127.0.0.1:5432',
      '          at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
      '',
      'PASS src/api/users.test.ts',
      '',
      'Test Suites: 8 passed, 8 total',
      'Tests:       64 passed, 64 total',
      'Snapshots:   0 total',
      'Time:        3.912 s',
      'Ran all test suites.',
    );
    expect(failedThroughPipe('npx jest 2>&1 | tail -20', out)).toBe(false);
  });
  it('F5c mocha: "12 passing" with a logged Error', () => {
    const out = lines(
      '  UserService',
      '    ✔ creates a user',
      'Error: duplicate key value violates unique constraint "users_email_key"',
      '    at Parser.parseErrorMessage (node_modules/pg-protocol/src/parser.ts:369:69)',
      '    ✔ rejects a duplicate email (41ms)',
      '',
      '  12 passing (312ms)',
    );
    expect(failedThroughPipe('npm test 2>&1 | tail -8', out)).toBe(false);
  });
  it('F5d unittest: "OK" after a logged exception', () => {
    const out = lines(
      '..........ERROR:app.sync:Upstream returned 503, giving up after 3 attempts',
      'Traceback (most recent call last):',
      '  File "/home/u/app/app/sync.py", line 41, in pull',
      '    resp.raise_for_status()',
      'requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://test/api',
      '.....',
      '----------------------------------------------------------------------',
      'Ran 15 tests in 0.412s',
      '',
      'OK',
    );
    expect(failedThroughPipe('python -m unittest discover -s tests 2>&1 | tail -12', out)).toBe(false);
  });
  it('F5e go test -v: a t.Logf("error: …") in a passing test', () => {
    const out = lines(
      '=== RUN   TestParseConfig/missing_file',
      '    config_test.go:48: error: open testdata/missing.yaml: no such file or directory',
      '--- PASS: TestParseConfig (0.00s)',
      '    --- PASS: TestParseConfig/missing_file (0.00s)',
      'PASS',
      'ok  \texample.com/app/config\t0.012s',
    );
    expect(failedThroughPipe('go test -v ./... 2>&1 | tail -8', out)).toBe(false);
  });
  it('F5f next build that passed, logging an Error while generating pages', () => {
    const out = lines(
      ' ✓ Compiled successfully',
      '   Linting and checking validity of types ...',
      '   Collecting page data ...',
      '   Generating static pages (0/14) ...',
      "Error: Dynamic server usage: Route /api/me couldn't be rendered statically because it used `cookies`. See more info here: https://nextjs.org/docs/messages/dynamic-server-error",
      ' ✓ Generating static pages (14/14)',
      '   Finalizing page optimization ...',
      '',
      'Route (app)                              Size     First Load JS',
      '┌ ○ /                                    5.2 kB         92.1 kB',
      '└ ƒ /api/me                              0 B                0 B',
      '+ First Load JS shared by all            87 kB',
      '',
      '○  (Static)   prerendered as static content',
      'ƒ  (Dynamic)  server-rendered on demand',
    );
    expect(failedThroughPipe('npm run build 2>&1 | tail -20', out)).toBe(false);
  });
});

describe('F6 a test file that failed to load, or an unhandled error, with every test passing', () => {
  it('F6a jest: "Test Suites: 1 failed" but "Tests: 58 passed"', () => {
    const out = lines(
      'Test Suites: 1 failed, 7 passed, 8 total',
      'Tests:       58 passed, 58 total',
      'Snapshots:   0 total',
      'Time:        4.102 s',
      'Ran all test suites.',
    );
    expect(failedThroughPipe('npx jest 2>&1 | tail -5', out)).toBe(true);
  });
  it('F6b vitest: "Test Files 1 failed" but "Tests 81 passed"', () => {
    const out = lines(
      ' Test Files  1 failed | 11 passed (12)',
      '      Tests  81 passed (81)',
      '   Start at  14:05:40',
      '   Duration  2.10s (transform 380ms, setup 0ms, collect 1.1s, tests 390ms)',
    );
    expect(failedThroughPipe('npx vitest run 2>&1 | tail -4', out)).toBe(true);
  });
  it('F6c vitest: "Errors 1 error" (an unhandled error fails the run)', () => {
    const out = lines(' Test Files  12 passed (12)', '      Tests  87 passed (87)', '     Errors  1 error', '   Start at  14:07:02', '   Duration  2.28s');
    expect(failedThroughPipe('npx vitest run 2>&1 | tail -5', out)).toBe(true);
  });
  it('F6d rspec: "0 failures, 1 error occurred outside of examples"', () => {
    const out = lines('Finished in 0.00021 seconds (files took 0.412 seconds to load)', '0 examples, 0 failures, 1 error occurred outside of examples');
    expect(failedThroughPipe('bundle exec rspec 2>&1 | tail -3', out)).toBe(true);
  });
});

describe('F7 node --test summaries', () => {
  it('F7a TAP (non-TTY default on Node 20/22): "# fail 1"', () => {
    const out = lines('# tests 24', '# suites 5', '# pass 23', '# fail 1', '# cancelled 0', '# skipped 0', '# todo 0', '# duration_ms 312.4471');
    expect(failedThroughPipe('npm test 2>&1 | tail -8', out)).toBe(true);
  });
  it('F7b spec reporter: "ℹ fail 1"', () => {
    const out = lines('ℹ tests 24', 'ℹ suites 5', 'ℹ pass 23', 'ℹ fail 1', 'ℹ cancelled 0', 'ℹ skipped 0', 'ℹ todo 0', 'ℹ duration_ms 312.4471');
    expect(failedThroughPipe('npm test 2>&1 | tail -8', out)).toBe(true);
  });
});

describe('F8 Go compile and vet errors (no "error:" word)', () => {
  it('F8a go build', () => {
    const out = lines(
      '# example.com/app/internal/server',
      'internal/server/routes.go:42:9: undefined: handleHealth',
      'internal/server/routes.go:57:2: declared and not used: cfg',
    );
    expect(failedThroughPipe('go build ./... 2>&1 | head -20', out)).toBe(true);
  });
  it('F8b go vet', () => {
    const out = lines(
      '# example.com/app/internal/server',
      '# [example.com/app/internal/server]',
      'internal/server/log.go:18:2: fmt.Printf format %d has arg name of wrong type string',
    );
    expect(failedThroughPipe('go vet ./... 2>&1 | tail -20', out)).toBe(true);
  });
});

describe('F9 JVM and .NET and PHP tools', () => {
  it('F9a maven test failure ("[ERROR] Tests run: 42, Failures: 1", "BUILD FAILURE")', () => {
    const out = lines(
      '[ERROR] Failures: ',
      '[ERROR]   UserServiceTest.rejectsDuplicateEmail:57 expected: <409> but was: <201>',
      '[INFO] ',
      '[ERROR] Tests run: 42, Failures: 1, Errors: 0, Skipped: 0',
      '[INFO] ',
      '[INFO] ------------------------------------------------------------------------',
      '[INFO] BUILD FAILURE',
      '[INFO] ------------------------------------------------------------------------',
      '[INFO] Total time:  8.412 s',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project app: There are test failures.',
    );
    expect(failedThroughPipe('mvn test 2>&1 | tail -20', out)).toBe(true);
  });
  it('F9b maven compile failure', () => {
    const out = lines(
      '[ERROR] COMPILATION ERROR : ',
      '[INFO] -------------------------------------------------------------',
      '[ERROR] /home/u/app/src/main/java/com/example/App.java:[12,8] cannot find symbol',
      '  symbol:   class UserRepo',
      '[INFO] 1 error',
      '[INFO] BUILD FAILURE',
    );
    expect(failedThroughPipe('mvn -q compile 2>&1 | tail -20', out)).toBe(true);
  });
  it('F9c dotnet build ("error CS0103", "Build FAILED.")', () => {
    const out = lines(
      "/home/u/app/src/Api/Program.cs(12,5): error CS0103: The name 'builder2' does not exist in the current context [/home/u/app/src/Api/Api.csproj]",
      '',
      'Build FAILED.',
      '',
      "/home/u/app/src/Api/Program.cs(12,5): error CS0103: The name 'builder2' does not exist in the current context [/home/u/app/src/Api/Api.csproj]",
      '    0 Warning(s)',
      '    1 Error(s)',
      '',
      'Time Elapsed 00:00:02.31',
    );
    expect(failedThroughPipe('dotnet build 2>&1 | tail -10', out)).toBe(true);
  });
  it('F9d dotnet test ("Failed!  - Failed:     1, Passed:    41")', () => {
    // With more lines above it, xunit's "Actual:   201" line happens to read as "201 Failed" (F15).
    const out = lines('', 'Failed!  - Failed:     1, Passed:    41, Skipped:     0, Total:    42, Duration: 310 ms - App.Tests.dll (net8.0)');
    expect(failedThroughPipe('dotnet test 2>&1 | tail -2', out)).toBe(true);
  });
  it('F9e phpunit ("FAILURES!" / "Failures: 1.")', () => {
    expect(failedThroughPipe('phpunit 2>&1 | tail -3', lines('FAILURES!', 'Tests: 48, Assertions: 112, Failures: 1.'))).toBe(true);
    expect(failedThroughPipe('phpunit 2>&1 | tail -3', lines('ERRORS!', 'Tests: 48, Assertions: 110, Errors: 2.'))).toBe(true);
  });
});

describe('F10 JS build failures and package-manager trailers', () => {
  it('F10a next build type error ("Failed to compile." / "Type error:")', () => {
    const out = lines(
      '   Linting and checking validity of types  ...',
      'Failed to compile.',
      '',
      './src/app/dashboard/page.tsx:24:9',
      "Type error: Property 'userName' does not exist on type 'User'. Did you mean 'username'?",
      '',
      '> 24 |       <h1>{user.userName}</h1>',
      '     |                 ^',
      'Next.js build worker exited with code: 1 and signal: null',
    );
    expect(failedThroughPipe('npm run build 2>&1 | tail -12', out)).toBe(true);
  });
  it("F10b pnpm's ELIFECYCLE trailer", () => {
    const out = lines('Next.js build worker exited with code: 1 and signal: null', ' ELIFECYCLE  Command failed with exit code 1.');
    expect(failedThroughPipe('pnpm build 2>&1 | tail -3', out)).toBe(true);
  });
  it('F10c npm 10 workspace trailer ("npm error code 2")', () => {
    const out = lines(
      'npm error Lifecycle script `build` failed with error:',
      'npm error code 2',
      'npm error path /home/u/app/packages/web',
      'npm error workspace web@0.1.0',
      'npm error location /home/u/app/packages/web',
      'npm error command failed',
      'npm error command sh -c tsc -b && vite build',
    );
    expect(failedThroughPipe('npm run build --workspaces 2>&1 | tail -7', out)).toBe(true);
  });
  it('F10d a workspace build: one package\'s "✓ built in" outvotes the next package\'s tsc error', () => {
    const out = lines(
      '> @app/ui@0.1.0 build',
      '> vite build',
      '',
      '✓ 42 modules transformed.',
      'dist/index.js  12.31 kB │ gzip: 4.02 kB',
      '✓ built in 612ms',
      '',
      '> @app/web@0.1.0 build',
      '> tsc -b && vite build',
      '',
      "src/routes/index.tsx(14,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect(failedThroughPipe('npm run build --workspaces 2>&1 | tail -12', out)).toBe(true);
  });
  it('F10e turbo: task-prefixed lines ("web:build: …error TS…", "Failed:    web#build")', () => {
    const out = lines(
      "web:build: src/routes/index.tsx(14,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      'web:build:  ELIFECYCLE  Command failed with exit code 2.',
      '',
      ' Tasks:    1 successful, 2 total',
      'Cached:    0 cached, 2 total',
      '  Time:    6.412s ',
      'Failed:    web#build',
      '',
      ' ERROR  run failed: command  exited (2)',
    );
    expect(failedThroughPipe('pnpm build 2>&1 | tail -12', out)).toBe(true);
  });
});

describe('F11 swift test with Swift Testing', () => {
  it('F11a XCTest\'s "0 failures" (no XCTest tests) hides Swift Testing\'s failed run', () => {
    const out = lines(
      "Test Suite 'All tests' passed at 2025-05-02 14:20:11.123.",
      '\t Executed 0 tests, with 0 failures (0 unexpected) in 0.000 (0.001) seconds',
      '◇ Test run started.',
      '◇ Suite ParserTests started.',
      '✘ Test parsesEmptyInput() recorded an issue at ParserTests.swift:14:5: Expectation failed: (result → nil) != nil',
      '✘ Test parsesEmptyInput() failed after 0.002 seconds with 1 issue.',
      '✘ Suite ParserTests failed after 0.002 seconds with 1 issue.',
      '✘ Test run with 9 tests failed after 0.003 seconds with 1 issue.',
    );
    expect(failedThroughPipe('swift test 2>&1 | tail -8', out)).toBe(true);
    expect(failedThroughPipe('swift test 2>&1 | tail -1', '✘ Test run with 9 tests failed after 0.003 seconds with 1 issue.')).toBe(true);
  });
});

describe("F12 command shapes that hide the check's exit code", () => {
  it('F12a `… | head -30 || true`', () => {
    expect(failedThroughPipe('npx tsc --noEmit 2>&1 | head -30 || true', "src/a.ts(3,1): error TS2304: Cannot find name 'foo'.")).toBe(true);
  });
  it('F12b `… | tail -3; echo "exit=${PIPESTATUS[0]}"` prints the real status', () => {
    const out = lines('Snapshots:   0 total', 'Time:        4.1 s', 'Ran all test suites.', 'exit=1');
    expect(failedThroughPipe('npm test 2>&1 | tail -3; echo "exit=${PIPESTATUS[0]}"', out)).toBe(true);
  });
  it("F12d bash's `|&`", () => {
    expect(
      failedThroughPipe(
        'cargo build |& tail -20',
        lines('error[E0425]: cannot find value `x` in this scope', 'error: could not compile `app` (bin "app") due to 1 previous error'),
      ),
    ).toBe(true);
  });
});

describe('F13 the check never ran', () => {
  it('F13a dash\'s "sh: 1: vitest: not found"', () => {
    expect(failedThroughPipe('npm test 2>&1 | tail -5', lines('> app@1.0.0 test', '> vitest run', '', 'sh: 1: vitest: not found'))).toBe(true);
  });
  it('F13b pnpm exec of a missing binary (real corpus)', () => {
    const out = lines('undefined', '/Users/michael/Code/cipher-box/apps/web:', ' ERR_PNPM_RECURSIVE_EXEC_FIRST_FAIL  Command "biome" not found');
    expect(failedThroughPipe('pnpm --filter web exec biome check --write src/a.tsx 2>&1 | tail -10', out)).toBe(true);
  });
});

describe('F15 a count read across a line break', () => {
  it('F15 "Passed: 12" / "Failed: 0" (a custom runner\'s summary) reads as "12 Failed"', () => {
    const out = lines('Results', 'Total: 12', 'Passed: 12', 'Failed: 0');
    expect(failedThroughPipe('npm test 2>&1 | tail -4', out)).toBe(false);
  });
});

describe('checked and right on the code as reviewed', () => {
  const right: [string, string, boolean][] = [
    ['npx vitest run 2>&1 | tail -5', ' Test Files  1 failed | 3 passed (4)\n      Tests  1 failed | 26 passed (27)', true],
    ['npx jest 2>&1 | tail -5', 'Test Suites: 1 failed, 7 passed, 8 total\nTests:       2 failed, 56 passed, 58 total\nSnapshots:   0 total', true],
    ['python -m pytest -q 2>&1 | tail -3', 'FAILED tests/test_a.py::test_x - AssertionError: assert 1 == 2\n1 failed, 10 passed in 0.30s', true],
    ['python -m pytest 2>&1 | tail -2', '==== 10 passed, 1 xfailed, 1 xpassed, 2 warnings in 0.52s ====', false],
    [
      'python -m pytest 2>&1 | tail -6',
      '=============================== warnings summary ===============================\ntests/test_a.py::test_x\n  /venv/lib/python3.12/site-packages/foo.py:12: DeprecationWarning: bar is deprecated\n\n-- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html\n======================== 10 passed, 1 warning in 0.50s =========================',
      false,
    ],
    ['python -m unittest 2>&1 | tail -3', 'Ran 12 tests in 0.101s\n\nFAILED (errors=1)', true],
    ['cargo test 2>&1 | tail -3', 'test result: ok. 10 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s', false],
    [
      'cargo build 2>&1 | tail -5',
      'error[E0425]: cannot find value `x` in this scope\nerror: could not compile `app` (bin "app") due to 1 previous error',
      true,
    ],
    [
      'cargo clippy 2>&1 | tail -4',
      'warning: unused variable: `x`\nwarning: `app` (bin "app") generated 1 warning\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.31s',
      false,
    ],
    ['go test ./... 2>&1 | tail -4', '--- FAIL: TestParse (0.00s)\n    parse_test.go:12: got 1, want 2\nFAIL\nFAIL\texample.com/app\t0.011s', true],
    ['go test ./... 2>&1 | tail -3', '# example.com/app [example.com/app.test]\n./a_test.go:5:2: undefined: X\nFAIL\texample.com/app [build failed]', true],
    [
      './gradlew test 2>&1 | tail -4',
      'UserTest > rejectsDuplicate() FAILED\n    org.opentest4j.AssertionFailedError at UserTest.kt:31\n\nBUILD FAILED in 7s',
      true,
    ],
    ['./gradlew build 2>&1 | tail -2', 'BUILD SUCCESSFUL in 12s\n9 actionable tasks: 9 executed', false],
    ['npx tsc --noEmit 2>&1 | tail -3', "src/a.ts(3,1): error TS2304: Cannot find name 'foo'.", true],
    ['npx tsc --noEmit 2>&1 | tail -3', '', false],
    [
      'mypy src 2>&1 | tail -3',
      'src/a.py:3: error: Incompatible return value type (got "str | None", expected "str")  [return-value]\nFound 1 error in 1 file (checked 12 source files)',
      true,
    ],
    ['mypy src 2>&1 | tail -3', 'Success: no issues found in 12 source files', false],
    ['npx pyright 2>&1 | tail -1', '0 errors, 0 warnings, 0 informations ', false],
    ['ruff check . 2>&1 | tail -3', 'All checks passed!', false],
    ['ruff check --fix . 2>&1 | tail -3', 'Found 2 errors (2 fixed, 0 remaining).', false],
    ['npx eslint . 2>&1 | tail -3', '✖ 88 problems (0 errors, 88 warnings)\n  0 errors and 1 warning potentially fixable with the `--fix` option.', false],
    ['swift build 2>&1 | tail -3', "/x/Sources/App/main.swift:3:5: error: cannot find 'y' in scope", true],
    [
      'swift test 2>&1 | tail -3',
      "Test Suite 'All tests' failed at 2025-05-02 14:20:11.123.\n\t Executed 10 tests, with 1 failure (0 unexpected) in 0.05 (0.06) seconds",
      true,
    ],
    ['bundle exec rspec 2>&1 | tail -2', '10 examples, 1 failure', true],
    ['npm test 2>&1 | tail -3', '  5 passing (20ms)\n  2 failing', true],
    ['bun test 2>&1 | tail -3', ' 10 pass\n 2 fail\n Ran 12 tests across 3 files.', true],
    ['npm run build 2>&1 | tail -3', 'vite v5.4.2 building for production...\n✓ 42 modules transformed.\n✓ built in 612ms', false],
    ['yarn build 2>&1 | tail -2', "src/a.ts(3,1): error TS2304: Cannot find name 'foo'.\nerror Command failed with exit code 2.", true],
    ['make test 2>&1 | tail -2', 'FAILED tests/test_a.py::test_x\nmake: *** [Makefile:5: test] Error 1', true],
    ['npm test 2>&1 | tee test.log', 'Test Suites: 8 passed, 8 total\nTests:       64 passed, 64 total', false],
    ['npm test 2>&1 | tail -20; echo "exit=$?"', 'FAIL src/a.test.ts\nTests:       1 failed, 9 passed, 10 total\nexit=0', true],
    ['(npm test 2>&1 | tail -5) && git commit -m "wip"', 'Tests:       1 failed, 9 passed, 10 total\n[main 1a2b3c4] wip\n 2 files changed', true],
    ['npm test 2>&1 | tee log.txt | tail -5', 'Tests:       1 failed, 9 passed, 10 total', true],
    ['set -o pipefail && npm test 2>&1 | tail -5', 'Tests:       1 failed, 9 passed, 10 total', false],
    ['bash -o pipefail -c "npm test | tail -5"', 'Tests:       1 failed, 9 passed, 10 total', false],
  ];
  it.each(right)('%s → failed=%s', (command, output, failed) => {
    expect(failedThroughPipe(command, output)).toBe(failed);
  });
});
