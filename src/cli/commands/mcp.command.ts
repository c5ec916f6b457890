import type { Command } from 'commander';
import { lazy } from '../command-spec.js';

/** `git session mcp`: its flags and help; the command itself loads only when it runs. */
export function mcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run an MCP server on stdio with the session tools (status, save, resume, recall, log, search, related) and the newest manifest as a resource')
    .option('--repo <path>', 'serve this repository instead of the one the client starts it in')
    .addHelpText(
      'after',
      '\nRegister it for this project with `git session install --mcp` (writes .mcp.json), or in any MCP client as the command `git-session mcp`.',
    )
    .action(lazy(() => import('./mcp.js')));
}
