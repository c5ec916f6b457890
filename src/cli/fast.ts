/**
 * The commands agents, hooks and people run most (status, resume, save, log, show, search, recall), without commander and the
 * rest of the CLI: bin/git-session starts each from a file of its own (dist/fast-<command>.js)
 * that holds that command and what it needs (status and the hooks as CommonJS, see build.mjs). Only arguments this parser knows are taken here;
 * anything else (--help, a typo, `--opt=value`, combined short flags) goes to the full CLI,
 * which parses and explains it as always. test/cli/fast.test.ts keeps the specs equal to the
 * CLI's options.
 */
import { reportError } from './output.js';

export interface FastSpec {
  /** Flags without a value → the option they set to true. */
  flags: Record<string, string>;
  /** `--no-x` flags → the option they set to false. */
  negations?: Record<string, string>;
  /** Options that take the next argument as their value. */
  values: Record<string, string>;
  /** The command's arguments: none, one that may be left out (`show [snapshot]`), or one or more (`search <query...>`). */
  args?: 'optional' | 'variadic';
}

export const FAST_SPECS = {
  status: {
    flags: { '--json': 'json', '--exact': 'exact', '--check': 'check', '-v': 'verbose', '--verbose': 'verbose' },
    values: { '-t': 'transcript', '--transcript': 'transcript', '--limit': 'limit' },
  },
  resume: {
    flags: { '-p': 'prompt', '--prompt': 'prompt', '--json': 'json', '--hook': 'hook' },
    values: { '-s': 'session', '--session': 'session' },
  },
  save: {
    flags: {
      '-n': 'dryRun',
      '--dry-run': 'dryRun',
      '--json': 'json',
      '-q': 'quiet',
      '--quiet': 'quiet',
      '--allow-unchanged': 'allowUnchanged',
      '--llm': 'llm',
      '--hook': 'hook',
    },
    negations: { '--no-llm': 'llm' },
    values: { '-t': 'transcript', '--transcript': 'transcript', '-r': 'reason', '--reason': 'reason', '--limit': 'limit' },
  },
  log: {
    flags: { '--chain': 'chain', '--json': 'json' },
    values: { '-n': 'maxCount', '--max-count': 'maxCount', '-s': 'session', '--session': 'session' },
  },
  show: {
    flags: { '--json': 'json' },
    values: { '-s': 'session', '--session': 'session' },
    args: 'optional',
  },
  search: {
    flags: { '--json': 'json' },
    values: { '-s': 'session', '--session': 'session', '--since': 'since', '-n': 'maxCount', '--max-count': 'maxCount' },
    args: 'variadic',
  },
  recall: {
    flags: { '--json': 'json' },
    values: { '-s': 'session', '--session': 'session', '--max-bytes': 'maxBytes' },
    args: 'variadic',
  },
} satisfies Record<string, FastSpec>;

/**
 * What commander would pass the command's run function: the options object, then its argument
 * (`show`) or arguments (`search`); undefined when an argument is not one this spec knows.
 */
export function parseFast(spec: FastSpec, args: string[]): [Record<string, string | boolean>, ...unknown[]] | undefined {
  const opts: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (Object.hasOwn(spec.flags, a)) opts[spec.flags[a]!] = true;
    else if (spec.negations && Object.hasOwn(spec.negations, a)) opts[spec.negations[a]!] = false;
    else if (Object.hasOwn(spec.values, a)) {
      const value = args[++i];
      // A missing value, or one that looks like an option: the full CLI says what is wrong.
      if (value === undefined || value.startsWith('-')) return undefined;
      opts[spec.values[a]!] = value;
    } else if (a.startsWith('-') || !spec.args) return undefined;
    else positional.push(a);
  }
  if (spec.args === 'optional') return positional.length > 1 ? undefined : [opts, positional[0]];
  if (spec.args === 'variadic') return positional.length ? [opts, positional] : undefined;
  return [opts];
}

interface FullCli {
  main: (argv: string[], invokedAs?: string) => Promise<void>;
}

/**
 * How the full CLI is loaded: imported from beside this file (a path esbuild does not follow: it
 * stays a file of its own). A bundle run through the code cache gets its loader's import instead
 * (code-cache.ts): code run by vm.Script has no import() of its own.
 */
export const fullCli = { load: (): Promise<FullCli> => import(new URL('./cli.js', import.meta.url).href) as Promise<FullCli> };

/** Runs `command` with the options parsed here, or hands the arguments to the full CLI. */
export async function runFast(argv: string[], command: keyof typeof FAST_SPECS, run: (opts: any, ...args: any[]) => Promise<number>): Promise<void> {
  const parsed = parseFast(FAST_SPECS[command], argv.slice(1));
  if (!parsed) return (await fullCli.load()).main(argv, 'git-session');
  try {
    process.exitCode = await run(...parsed);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
