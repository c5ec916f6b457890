// Review s38b: a checker's all-clear among 'Values the commands printed' (42a6528, src/trail/brief.ts VALUE / outputValues).
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../src/log/events.js';
import { outputValues } from '../../src/trail/values.js';
import { buildTrail } from '../../src/trail/build.js';

const run = (id: string, command: string, output: string, ok = true): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output },
];
const values = (events: TranscriptEvent[]) => outputValues(buildTrail(events, '/repo', '/repo').commands);

describe("review s38b: a checker's all-clear in the prompt's values", () => {
  // HIGH: outputValues skips failed commands, and an all-clear has no "newest only" rule (test
  // counts have `counted`); the newest ruff run failed, yet the prompt's first value (newest
  // first) is the earlier 'All checks passed'.
  it('no all-clear when the newest run of that check failed', () => {
    const v = values([
      ...run('a', 'ruff check .', 'All checks passed!'),
      ...run('b', 'ruff check .', 'src/x.py:1:8: F401 `os` imported but unused\nFound 1 error.', false),
    ]);
    expect(v).not.toContain('All checks passed');
  });

  // HIGH: the same with a run that exits 0 but reports errors (ruff --exit-zero, mypy in a
  // `|| true` pipeline): its output has no all-clear, the older one is still said.
  it('no all-clear when the newest run of that check printed errors', () => {
    const v = values([
      ...run('a', 'ruff check . --exit-zero', 'All checks passed!'),
      ...run('b', 'ruff check . --exit-zero', 'src/x.py:1:8: F401 `os` imported but unused\nFound 1 error.'),
    ]);
    expect(v).not.toContain('All checks passed');
  });

  // HIGH: the pattern has no left context: 'Not all checks passed' yields the value 'all checks passed'.
  it("'Not all checks passed' is no all-clear", () => {
    expect(values(run('a', 'uv run ty check', 'Not all checks passed; 2 diagnostics (warnings only)'))).toEqual([]);
  });

  // MEDIUM: any ok command's output counts, not a checker's: a test runner's test name, a print.
  it("an all-clear is a checker's, not a test name or a print", () => {
    expect(values(run('a', 'npx jest', 'PASS src/lint.test.ts\n  ✓ prints no issues found for a clean file (3 ms)'))).toEqual([]);
    expect(values(run('b', `python -c "print('All checks passed')"`, 'All checks passed'))).toEqual([]);
  });
});
