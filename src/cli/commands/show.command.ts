import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session show`: its flags and help; the command itself loads only when it runs. */
export function showCommand(program: Command): void {
  program
    .command('show [snapshot]')
    .description('print the manifest stored in a snapshot (default: the newest for this branch)')
    .option('-s, --session <id>', 'the newest snapshot of this session')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./show.js')));
}
