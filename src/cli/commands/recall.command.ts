import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session recall`: its flags and help; the command itself loads only when it runs. */
export function recallCommand(program: Command): void {
  program
    .command('recall <question...>')
    .description(
      "what the session's trail says about a question: exact errors, every file touched, decisions and their reasons, every user message, the plan's history, commits; over the current line of work",
    )
    .option('-s, --session <id>', 'the session to start from (default: the newest saved here for this branch); the sessions it continued are searched too')
    .option('--max-bytes <n>', 'answer in at most n bytes (default 2048)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      "\nThe trail is stored beside each snapshot's manifest (sessions/<shard>/<session>/trail/), redacted like it, and travels with sync. Example: git session recall what error did npm test report",
    )
    .action(lazy(() => import('./recall.js')));
}
