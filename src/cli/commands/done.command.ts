import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session done`: its flags and help; the command itself loads only when it runs. */
export function doneCommand(program: Command): void {
  program
    .command('done <task>')
    .description(
      'drop a pending task carried over from an earlier session (by its number in `git session resume`, #2, or its text), or a standing instruction (by its text); it is not carried again',
    )
    .option('-s, --session <id>', 'the session whose pending list to use (default: the newest snapshot)')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./done.js')));
}
