import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session config`: its flags and help; the command itself loads only when it runs. */
export function configCommand(program: Command): void {
  program
    .command('config')
    .description('the effective settings and where each came from (keys masked)')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./config.js')));
}
