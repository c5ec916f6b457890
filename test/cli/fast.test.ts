// status, resume, save, log, show and search start without commander (src/cli/fast.ts): their own small option
// specs must say what the CLI's say, and anything they do not know must reach the full CLI.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { FAST_SPECS, parseFast, type FastSpec } from '../../src/cli/fast.js';
import { cli, isolatedEnv, tempRepo } from '../helpers.js';

describe('the fast entries', () => {
  it('know every option of the CLI for them, under the same names', () => {
    const program = buildProgram('git session');
    for (const [name, spec] of Object.entries(FAST_SPECS) as Array<[string, FastSpec]>) {
      const command = program.commands.find((c) => c.name() === name)!;
      const theirs = new Map<string, string>();
      for (const o of command.options) {
        const key = o.negate ? `no:${o.attributeName()}` : `${o.required || o.optional ? 'value' : 'flag'}:${o.attributeName()}`;
        for (const flag of [o.short, o.long]) if (flag) theirs.set(flag, key);
      }
      const ours = new Map<string, string>([
        ...Object.entries(spec.flags).map(([f, a]) => [f, `flag:${a}`] as [string, string]),
        ...Object.entries(spec.negations ?? {}).map(([f, a]) => [f, `no:${a}`] as [string, string]),
        ...Object.entries(spec.values).map(([f, a]) => [f, `value:${a}`] as [string, string]),
      ]);
      expect(Object.fromEntries(ours), name).toEqual(Object.fromEntries(theirs));
    }
  });

  it('parse as commander does, and leave anything else to the full CLI', () => {
    expect(parseFast(FAST_SPECS.save, ['--no-llm', '-t', 'a.jsonl', '--quiet'])).toEqual([{ llm: false, transcript: 'a.jsonl', quiet: true }]);
    expect(parseFast(FAST_SPECS.status, [])).toEqual([{}]);
    expect(parseFast(FAST_SPECS.show, ['--json'])).toEqual([{ json: true }, undefined]);
    expect(parseFast(FAST_SPECS.show, ['abc123', '-s', 'x'])).toEqual([{ session: 'x' }, 'abc123']);
    expect(parseFast(FAST_SPECS.search, ['npm', 'test', '-n', '3'])).toEqual([{ maxCount: '3' }, ['npm', 'test']]);
    for (const [spec, args] of [
      [FAST_SPECS.show, ['a', 'b']],
      [FAST_SPECS.search, ['--json']],
      [FAST_SPECS.search, ['x', '-n']],
      [FAST_SPECS.log, ['extra']],
    ] as const)
      expect(parseFast(spec, [...args]), args.join(' ')).toBeUndefined();
    for (const args of [['--help'], ['-t'], ['-t', '--json'], ['--transcript=a'], ['extra'], ['-qn']])
      expect(parseFast(FAST_SPECS.save, args), args.join(' ')).toBeUndefined();
  });

  it('know the arguments the CLI gives each command', () => {
    const program = buildProgram('git session');
    for (const [name, spec] of Object.entries(FAST_SPECS) as Array<[string, FastSpec]>) {
      const args = program.commands.find((c) => c.name() === name)!.registeredArguments;
      expect(args.length ? (args[0]!.variadic ? 'variadic' : args[0]!.required ? 'required' : 'optional') : undefined, name).toBe(
        spec.args === 'variadic' ? 'variadic' : spec.args,
      );
    }
  });

  it('hand --help and a wrong option to the full CLI, which explains them', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const help = cli(['status', '--help'], { cwd: repo, env });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: git session status');
    const wrong = cli(['resume', '--frobnicate'], { cwd: repo, env });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown option '--frobnicate'");
  });
});
