import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session sync`: its flags and help; the command itself loads only when it runs. */
export function syncCommand(program: Command): void {
  program
    .command('sync [remote]')
    .description('share snapshots and notes with a remote (default origin): fetch, merge into yours, push')
    .option('--no-push', 'fetch and merge only')
    .option('--json', 'print what happened as JSON')
    .addHelpText(
      'after',
      '\nNever overwrites: histories are merged (every session of both sides, the newest manifest per session). Fetched manifests are validated like any other before use.',
    )
    .action(lazy(() => import('./sync.js')));
}
