import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session install`: its flags and help; the command itself loads only when it runs. */
export function installCommand(program: Command): void {
  program
    .command('install')
    .description('install the automatic triggers: the post-commit hook and the Claude Code hooks (both when neither is named)')
    .option('--hooks', 'the git post-commit hook (respects core.hooksPath and husky, chains an existing hook) and notes.rewriteRef')
    .option(
      '--claude',
      "Claude Code hooks in this project's .claude/settings.json: PreCompact/SessionEnd save, SessionStart resume, UserPromptSubmit warning, and the statusline (wrapping yours)",
    )
    .option('--codex', "Codex CLI hooks in this project's .codex/hooks.json: PreCompact save, SessionStart resume")
    .option('--mcp', "register the MCP server (git session mcp) in this project's .mcp.json, next to the servers already there")
    .option('--sync [remote]', 'also fetch snapshots and notes from this remote (default origin) into remote-tracking refs')
    .option('--json', 'print what was done as JSON')
    .addHelpText('after', '\nIdempotent. `git session uninstall` restores exactly what was there.')
    .action(lazy(() => import('./install.js')));
}

/** `git session uninstall`: its flags and help; the command itself loads only when it runs. */
export function uninstallCommand(program: Command): void {
  program
    .command('uninstall')
    .description('remove everything install added, restoring hook files and settings exactly')
    .option('--json', 'print what was done as JSON')
    .action(lazy(async () => ({ run: (await import('./install.js')).runUninstall })));
}
