// How a check ended ("20 passed, 208 deselected") is what the next session asks of it: the trail
// keeps it, recall says it first, and a question about the state at the end gets the newest runs.
import { describe, expect, it } from 'vitest';
import { isVerifyCommand, testCounts } from '../../src/extract/signals.js';
import { endOf } from '../../src/trail/output.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** A verbose pytest run: a line per test (each a "value" line: PASSED and a percentage), then the counts. */
const verbose = (passed: number, failed = 0): string =>
  [
    'platform darwin -- Python 3.12.7, pytest-8.4.0, pluggy-1.6.0 -- /work/app/.venv/bin/python',
    'plugins: xdist-3.7.0, anyio-4.9.0, cov-6.2.1, playwright-0.7.0',
    ...Array.from(
      { length: passed + failed },
      (_, i) =>
        `test/test_timeline_browser.py::TestTimelineBrowser::test_case_number_${i}[chromium] ${i < failed ? 'FAILED' : 'PASSED'} [${Math.round((100 * (i + 1)) / (passed + failed))}%]`,
    ),
    '',
    `===================== ${failed ? `${failed} failed, ` : ''}${passed} passed, 208 deselected in 39.13s ======================`,
  ].join('\n');

const run = (id: string, command: string, output: string, ok: boolean, at: string): TranscriptEvent[] => [
  { kind: 'command', id, command, at },
  { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output, at },
];

describe('how a check ended', () => {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'The browser tests fail after the refactoring; fix them', at: '2026-12-01T10:00:00Z' },
    ...run('c1', 'uv run pytest -m browser -v --tb=short', verbose(19, 1), false, '2026-12-01T10:05:00Z'),
    { kind: 'say', text: 'One left: the system messages. Fixing html_generator.py.', at: '2026-12-01T10:06:00Z' },
    ...run('c2', 'uv run pytest -m browser -v', verbose(20), true, '2026-12-01T10:10:00Z'),
    ...run('c3', 'uv run ty check', 'All checks passed!', true, '2026-12-01T10:11:00Z'),
    ...run('c4', 'git status --short', ' M claude_code_log/html_generator.py', true, '2026-12-01T10:12:00Z'),
  ];
  const trail = buildTrail(events, '/work/app', '/work/app');
  const trails = [{ sessionId: 's1', snapshot: 'abc', trail }];

  it('is kept in the trail, however many lines the run printed before it, and a failed run keeps it beside its error', () => {
    const [failed, passed] = trail.commands;
    expect(passed!.output).toMatch(/20 passed, 208 deselected in 39\.13s/);
    expect(failed!.outcome).toBe('failed');
    expect(failed!.output).toBe('1 failed, 19 passed, 208 deselected in 39.13s');
  });

  it('is read in time in proportion to the output: a line with 40,000 spaces inside takes milliseconds, not seconds', () => {
    const start = performance.now();
    expect(endOf(`Name${' '.repeat(40_000)}Stmts\n===== 3 passed in 0.20s =====`)).toBe('3 passed in 0.20s');
    // A last line that long is no summary.
    expect(endOf(`a${' '.repeat(40_000)}b\nc${'='.repeat(40_000)}d`)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('comes first in a hit, once', () => {
    const hit = recall(trails, 'did the browser tests pass').find((h) => h.line.includes('pytest -m browser -v`'))!;
    expect(hit.line).toMatch(/^command `uv run pytest -m browser -v` → ok \(exit 0\), ended "20 passed, 208 deselected in 39\.13s"/);
    expect(hit.line.match(/20 passed/g)).toHaveLength(1);
  });

  it('answers "the state of the test suite at the end" with the newest run of the tests', () => {
    const hits = recall(trails, 'What is the state of the browser test suite at the end, and is anything left?');
    expect(hits[0]!.line).toContain('ended "20 passed, 208 deselected');
  });

  it('answers "the verified state at the end" with the newest run of each check: the tests and the type check', () => {
    const top = recall(trails, 'What is the verified state at the end?')
      .slice(0, 2)
      .map((h) => h.line)
      .join('\n');
    expect(top).toContain('20 passed');
    expect(top).toContain('All checks passed!');
    expect(top).not.toContain('1 failed');
  });

  it("is the run's summary, not a line after it: vitest's and jest's test counts, cargo's tests before its doc-tests", () => {
    expect(endOf(' Test Files  2 passed (2)\n      Tests  31 passed (31)\n   Start at  10:00:00\n   Duration  1.20s')).toBe('Tests 31 passed (31)');
    expect(endOf('Test Suites: 2 passed, 2 total\nTests:       31 passed, 31 total\nSnapshots:   0 total\nTime:        1.2 s\nRan all test suites.')).toBe(
      'Tests: 31 passed, 31 total',
    );
    expect(endOf('test result: ok. 12 passed; 0 failed\n   Doc-tests demo\nrunning 0 tests\ntest result: ok. 0 passed; 0 failed')).toBe(
      'test result: ok. 12 passed; 0 failed',
    );
    expect(testCounts(' Test Files  2 passed (2)\n      Tests  31 passed (31)')).toEqual({ passed: 31, failed: undefined });
  });

  it("of a pytest run that failed several tests keeps each failure's assertion, by test", () => {
    const failure = (name: string, got: string, want: string) =>
      `_______________ TestProjectDisplayName.${name} _______________\n\n    def ${name}(self):\n>       assert result == "${want}"\nE       AssertionError: assert '${got}' == '${want}'\n\ntest/test_names.py:40: AssertionError`;
    const output = [
      '============================= FAILURES =============================',
      failure('test_nested', 'claude-code-log', 'test_data'),
      failure('test_same_depth_different_lengths', 'short', 'very-long-directory-name'),
      '=================== short test summary info ===================',
      'FAILED test/test_names.py::TestProjectDisplayName::test_nested',
      'FAILED test/test_names.py::TestProjectDisplayName::test_same_depth_different_lengths',
      '==================== 2 failed, 6 passed in 0.37s ====================',
    ].join('\n');
    const [run] = buildTrail(
      [
        { kind: 'command', id: 'c1', command: 'uv run pytest' },
        { kind: 'result', id: 'c1', ok: false, exitCode: 1, output },
      ],
      '/repo',
      '/repo',
    ).commands;
    expect(run!.error).toContain("TestProjectDisplayName.test_same_depth_different_lengths: AssertionError: assert 'short' == 'very-long-directory-name'");
    expect(run!.output).toBe('2 failed, 6 passed in 0.37s');
  });

  it('counts pyright and ty as checks', () => {
    for (const cmd of ['uv run pyright', 'npx pyright src', 'uv run ty check', 'basedpyright']) expect(isVerifyCommand(cmd), cmd).toBe(true);
    expect(isVerifyCommand('cat ty.toml')).toBe(false);
  });
});
