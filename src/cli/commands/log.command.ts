import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session log`: its flags and help; the command itself loads only when it runs. */
export function logCommand(program: Command): void {
  program
    .command('log')
    .description('list snapshots, newest first')
    .option('-n, --max-count <n>', 'show at most n snapshots')
    .option('-s, --session <id>', 'only this session')
    .option('--chain', 'the line of work instead: the sessions this one (default: the newest) was resumed from, newest first')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./log.js')));
}
