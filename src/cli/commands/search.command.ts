import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session search`: its flags and help; the command itself loads only when it runs. */
export function searchCommand(program: Command): void {
  program
    .command('search <query...>')
    .description(
      'search every manifest in the history of refs/agentflow/sessions (tasks, instructions, decisions, findings, blockers, commands, files), best match first',
    )
    .option('-s, --session <id>', 'only this session (an id prefix is enough)')
    .option('--since <date>', 'only items of snapshots since this date (e.g. 2024-05-01, "2 weeks ago")')
    .option('-n, --max-count <n>', 'show at most n hits (default 10)')
    .option('--json', 'print the hits as JSON')
    .addHelpText(
      'after',
      '\nThe words may be quoted or not. Items that hold the whole query come first, then by relevance, the newest snapshot first among equals. The index is cached in .git/agentflow/search (never committed) and follows the ref as it moves.',
    )
    .action(lazy(() => import('./search.js')));
}
