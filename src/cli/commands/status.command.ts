import type { Command } from 'commander';
import { lazy, transcriptOpt } from '../command-spec.js';

/** `git session status`: its flags and help; the command itself loads only when it runs. */
export function statusCommand(program: Command): void {
  program
    .command('status')
    .description("how full the agent's context window is, from its own transcript")
    .addOption(transcriptOpt())
    .option('--json', 'print the report as JSON')
    .option('--limit <tokens>', 'context window to measure against (e.g. 200000, 1M); overrides agentflow.contextLimit')
    .option('--exact', 'count with the tokenizer even on a large log without usage figures')
    .option('--check', `exit 10 when the threshold (agentflow.threshold, default 80%) is reached`)
    .option('-v, --verbose', 'also show lines read and skipped')
    .addHelpText('after', '\nLevels: NORMAL <60%, ELEVATED <80%, CRITICAL <90%, EMERGENCY >=90%.')
    .action(lazy(() => import('./status.js')));
}
