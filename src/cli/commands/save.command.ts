import type { Command } from 'commander';
import { lazy, transcriptOpt } from '../command-spec.js';

/** `git session save`: its flags and help; the command itself loads only when it runs. */
export function saveCommand(program: Command): void {
  program
    .command('save')
    .description('save a recovery manifest of the session as a snapshot on refs/agentflow/sessions (alias: agentflow session prepare)')
    .addOption(transcriptOpt())
    .option('-r, --reason <why>', 'recorded in the snapshot (e.g. manual, pre-compact, threshold)')
    .option('-n, --dry-run', 'print the manifest that would be stored; store nothing')
    .option('--limit <tokens>', 'context window to measure against (e.g. 200000, 1M)')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print nothing on success')
    .option('--allow-unchanged', "store a snapshot even when the session's last one already holds this state (by default nothing is stored then)")
    .option('--llm', 'refine the manifest with the configured OpenAI-compatible model (see git session config)')
    .option('--no-llm', 'deterministic manifest only, even when a model is configured')
    .option('--hook', 'run as an agent hook: read its JSON from stdin, print nothing, never fail (errors go to .git/agentflow/hook.log)')
    .addHelpText(
      'after',
      '\nNothing is written to the working tree, the index or your branches. Secrets are redacted before anything is stored. A save that finds the session unchanged since its last snapshot stores nothing and says so (--json: "unchanged": true).',
    )
    .action(lazy(() => import('./save.js')));
}
