import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session eval`: its flags and help; the command itself loads only when it runs. */
export function evalCommand(program: Command): void {
  program
    .command('eval [transcripts...]')
    .description(
      "score the manifest against the agent's own compaction summaries: for each compaction, the manifest built from everything before it, section by section; or, with --probes, against questions a resuming agent must answer",
    )
    .option(
      '--probes <path>',
      'score probe questions (a probe file, or a folder of them): each answered from the resume prompt alone, and with one recall of its question',
    )
    .option('--transcripts <dir>', "the folder the probe files' transcript paths are relative to (default: beside each probe file)")
    .option('--json', 'print the scores as JSON')
    .action(lazy(() => import('./eval.js')));
}
