import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session doctor`: its flags and help; the command itself loads only when it runs. */
export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('one screen: are the hooks installed and firing, which transcript is read, the effective config, and what to fix')
    .option('--json', 'print the checks as JSON')
    .action(lazy(() => import('./doctor.js')));
}
