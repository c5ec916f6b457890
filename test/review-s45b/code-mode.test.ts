// Review s45b: Codex code mode's results after a label (src/agents/codex/code-mode.ts scriptResults).
import { describe, expect, it } from 'vitest';
import { scriptResults } from '../../src/agents/codex/code-mode.js';

const HEADER = { type: 'input_text', text: 'Script completed\nWall time 0.4 seconds\nOutput:\n' };

describe('review s45b: a result object after its label', () => {
  it('labels printed as each command finished (`RESULT_1` before `RESULT_0`): each result goes to the command its label names', () => {
    // cmds.map(async (c, i) => { const r = await tools.exec_command({cmd: c}); text(`RESULT_${i}\n${JSON.stringify(r)}`) }):
    // the quick `git status` (0) and the failing `npm test` (1) print in the order they finish.
    const results = scriptResults(
      [
        HEADER,
        { type: 'input_text', text: 'RESULT_1\n{"exit_code":1,"output":"FAIL src/a.test.ts\\n1 failed"}' },
        { type: 'input_text', text: 'RESULT_0\n{"exit_code":0,"output":" M src/a.ts\\n"}' },
      ],
      2,
    );
    // Command 0 (git status) exited 0; command 1 (npm test) failed.
    expect(results?.map((r) => r.exitCode)).toEqual([0, 1]);
  });
});
