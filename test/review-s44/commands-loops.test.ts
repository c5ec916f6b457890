// Review s44 (/work/review-s44/findings.md), area 5 (9f1afc4): "a loop is what its body runs".
import { describe, expect, it } from 'vitest';
import { commandPurpose, isLookAround, unsettledFailures, type CommandRun } from '../../src/extract/commands.js';

const run = (command: string, outcome: CommandRun['outcome'], index: number, output = ''): CommandRun => ({
  command,
  outcome,
  output,
  index,
  exitCode: outcome === 'failed' ? 1 : 0,
});

describe('a `while read` loop', () => {
  it('is what its body runs, not `read` (its head is a loop head; `done < file` runs nothing)', () => {
    expect(commandPurpose('while read -r f; do npx vitest run "$f"; done < changed.txt').tool).toBe(commandPurpose('npx vitest run a.test.ts').tool);
    expect(commandPurpose('while IFS= read -r f; do wc -l "$f"; done < <(git ls-files)').tool).toBe('wc');
  });

  it('of reads reads (a failed one is no blocker)', () => {
    expect(isLookAround('while read -r f; do cat "$f"; done < files.txt')).toBe(true);
  });

  it('does not settle another `while read` loop that ran something else', () => {
    const runs = [
      run('while read -r f; do npx vitest run "$f"; done < changed.txt', 'failed', 0, 'FAIL src/a.test.ts\n1 failed'),
      run('while read -r line; do echo "$line"; done < notes.txt', 'ok', 1),
    ];
    // Both are tool "read" today: the unrelated loop settles the failed test run.
    expect(unsettledFailures(runs).map((r) => r.index)).toEqual([0]);
  });
});

describe('a loop whose body runs in a subshell', () => {
  it('is what the subshell runs (`do (cd pkg && npm test)` is npm test, not a tool "(cd")', () => {
    // Without the loop the same text is npm test: the paren is stripped before `do ` is.
    expect(commandPurpose('(cd packages/api && npm test)').tool).toBe('npm test');
    expect(commandPurpose('for d in packages/*; do (cd "$d" && npm test); done').tool).toBe('npm test');
    expect(commandPurpose('if [ -d web ]; then (cd web && npm run build); fi').tool).toBe(commandPurpose('npm run build').tool);
  });

  it('of a failed monorepo test loop is settled by a later passing npm test', () => {
    const runs = [run('for d in packages/*; do (cd "$d" && npm test) || exit 1; done', 'failed', 0, '1 failed'), run('npm test --workspaces', 'ok', 1)];
    expect(unsettledFailures(runs)).toEqual([]);
  });
});

describe("a loop's own flow words", () => {
  it('`|| continue`, `|| break` run nothing: a loop of reads with them still reads', () => {
    expect(isLookAround('for f in a.json b.json; do cat "$f" || continue; done')).toBe(true);
    expect(isLookAround('for f in src/*.ts; do grep -q TODO "$f" && break; done')).toBe(true);
  });
});
