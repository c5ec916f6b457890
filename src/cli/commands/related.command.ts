import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session related`: its flags and help; the command itself loads only when it runs. */
export function relatedCommand(program: Command): void {
  program
    .command('related <paths...>')
    .description("the files most often committed together with these (co-change in git log, recent commits first), merged with the current session's edits")
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      "\nScore: the share of the given files' commits that also touched the file, newer commits weighing more and commits of more than 100 files (sweeps) not at all. Cached in .git/agentflow/related.",
    )
    .action(lazy(() => import('./related.js')));
}
