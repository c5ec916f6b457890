/**
 * What every command's spec (`commands/<name>.command.ts`) shares: the lazy action that loads the
 * command's module only when it runs, and the options several commands take.
 */
import { Option } from 'commander';

/**
 * A command's run function: its options, then its positional arguments (strings or string
 * arrays, as its spec declares them; `never` lets each command type its own).
 */
type Run<O> = (opts: O, ...positional: never[]) => Promise<number>;

/**
 * An action that imports the command's module when the command runs, so that start-up stays
 * small, and hands it its options typed as its run function declares them.
 */
export const lazy =
  <O>(load: () => Promise<{ run: Run<O> }>) =>
  async (...args: unknown[]): Promise<void> => {
    // commander passes positional arguments first, then the options object, then the command.
    const positional = args.slice(0, -2) as never[];
    // The one place options meet their type: commander parsed them by the spec beside the command.
    const opts = args.at(-2) as O;
    const mod = await load();
    process.exitCode = await mod.run(opts, ...positional);
  };

export const transcriptOpt = (): Option => new Option('-t, --transcript <path>', 'read this transcript instead of finding the newest one for this repository');
