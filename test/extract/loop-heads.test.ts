// A C-style loop's head (`for ((i=0; i<3; i++))`) and a timed loop (`time for …`) are loop heads:
// the command is what the body runs, not a tool named "for" (review s44, left then).
import { describe, expect, it } from 'vitest';
import { commandPurpose, unsettledFailures, type CommandRun } from '../../src/extract/commands.js';
import { segments } from '../../src/extract/shell-words.js';

const run = (command: string, outcome: CommandRun['outcome'], index: number, output = ''): CommandRun => ({
  command,
  outcome,
  output,
  index,
  exitCode: outcome === 'failed' ? 1 : 0,
});

describe('a loop head the shell reads specially', () => {
  it('`for ((…))`: its `;` separate no commands', () => {
    expect(segments('for ((i=0; i<3; i++)); do npm test; done')).toEqual(['npm test']);
    expect(segments('for ((i = 1; i <= 5; i++))\ndo\n  curl -s localhost:3000/health\ndone')).toEqual(['curl -s localhost:3000/health']);
    expect(commandPurpose('for ((n=0; n<(2*3); n++)); do cargo test --release; done').tool).toBe('cargo test');
  });

  it('`time for …` and `time -p …`: what is timed', () => {
    expect(commandPurpose('time for f in a b; do cargo test $f; done').tool).toBe('cargo test');
    expect(segments('time -p make build')).toEqual(['make build']);
  });

  it('a failed timed loop of tests is settled by the tests passing, not by another loop', () => {
    const failed = run('for ((i=0; i<3; i++)); do npm test; done', 'failed', 0, 'FAIL src/a.test.ts\n1 failed');
    expect(unsettledFailures([failed, run('for ((i=0; i<9; i++)); do curl -s localhost:3000; done', 'ok', 1)]).map((r) => r.index)).toEqual([0]);
    expect(unsettledFailures([failed, run('npm test', 'ok', 1)])).toEqual([]);
  });
});
