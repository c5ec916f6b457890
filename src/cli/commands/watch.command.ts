import type { Command } from 'commander';
import { lazy, transcriptOpt } from '../command-spec.js';

/** `git session watch`: its flags and help; the command itself loads only when it runs. */
export function watchCommand(program: Command): void {
  program
    .command('watch')
    .description('follow the live transcript: print level changes, save at the threshold and on the time trigger (Ctrl-C to stop)')
    .addOption(transcriptOpt())
    .option('-i, --interval <duration>', 'how often to check the transcript (e.g. 5s, 60s)', '5s')
    .option('--json', 'print events as JSON lines')
    .action(lazy(() => import('./watch.js')));
}
