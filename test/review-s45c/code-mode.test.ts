// Review s45c: Codex code mode's results ordered by labels (src/agents/codex/code-mode.ts scriptResults).
import { describe, expect, it } from 'vitest';
import { scriptResults } from '../../src/agents/codex/code-mode.js';

const HEADER = { type: 'input_text', text: 'Script completed\nWall time 0.4 seconds\nOutput:\n' };
const text = (t: string) => ({ type: 'input_text', text: t });

describe('review s45c: a number before a result object that is no index', () => {
  it('"exit 1" / "exit 0" printed above each result (in order) does not reorder them', () => {
    // text(`exit ${r.exit_code}\n${JSON.stringify(r)}`) for [npm test, git status]: printed in the commands' order.
    const results = scriptResults(
      [HEADER, text('exit 1\n{"exit_code":1,"output":"FAIL src/a.test.ts\\n1 failed"}'), text('exit 0\n{"exit_code":0,"output":" M src/a.ts\\n"}')],
      2,
    );
    // npm test (command 0) failed; sorted by the exit codes it is recorded as passing.
    expect(results?.map((r) => r.exitCode)).toEqual([1, 0]);
  });

  it('the command echoed above each result ("$ git log -2", "$ git diff HEAD~1") does not reorder them', () => {
    const results = scriptResults(
      [HEADER, text('$ git log --oneline -2\n{"exit_code":0,"output":"log"}'), text('$ git diff HEAD~1\n{"exit_code":0,"output":"diff"}')],
      2,
    );
    expect(results?.map((r) => r.output)).toEqual(['log', 'diff']);
  });
});
