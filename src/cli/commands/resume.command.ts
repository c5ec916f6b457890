import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session resume`: its flags and help; the command itself loads only when it runs. */
export function resumeCommand(program: Command): void {
  program
    .command('resume')
    .description('show where the last session was and print a bootstrap prompt for a new one (alias: agentflow session bootstrap)')
    .option('-s, --session <id>', 'resume this session (an id prefix is enough) instead of the newest for this branch')
    .option('-p, --prompt', 'print only the ready-to-paste bootstrap prompt')
    .option('--json', 'print snapshot, environment check, manifest and prompt as JSON')
    .option('--hook', "run as Claude Code's SessionStart hook: read its JSON from stdin, print the prompt as additionalContext")
    .addHelpText('after', '\nChecks the branch, HEAD drift since the snapshot, uncommitted and vanished files. It never runs commands from the manifest.')
    .action(lazy(() => import('./resume.js')));
}
