import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session diff`: its flags and help; the command itself loads only when it runs. */
export function diffCommand(program: Command): void {
  program
    .command('diff [from] [to]')
    .description('what changed between two snapshots (default: the newest and the one before it of the same session)')
    .option('-s, --session <id>', 'compare the newest two snapshots of this session')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./diff.js')));
}
