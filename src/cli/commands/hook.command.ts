import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session statusline`: its flags and help; the command itself loads only when it runs. */
export function statuslineCommand(program: Command): void {
  program
    .command('statusline')
    .description("Claude Code statusline command: prints the pressure and caches the agent's own figures (reads stdin)")
    .action(lazy(() => import('./hook.js')));
}

/** `git session hook`: its flags and help; the command itself loads only when it runs. */
export function hookCommand(program: Command): void {
  program
    .command('hook <event>')
    .description('entry point for git and agent hooks (post-commit, prompt-submit); never fails, logs to .git/agentflow/hook.log')
    .action(lazy(() => import('./hook.js')));
}
