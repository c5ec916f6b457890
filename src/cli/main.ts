import { Command, CommanderError } from 'commander';
import { statusCommand } from './commands/status.command.js';
import { saveCommand } from './commands/save.command.js';
import { resumeCommand } from './commands/resume.command.js';
import { logCommand } from './commands/log.command.js';
import { doneCommand } from './commands/done.command.js';
import { showCommand } from './commands/show.command.js';
import { diffCommand } from './commands/diff.command.js';
import { searchCommand } from './commands/search.command.js';
import { recallCommand } from './commands/recall.command.js';
import { relatedCommand } from './commands/related.command.js';
import { evalCommand } from './commands/eval.command.js';
import { configCommand } from './commands/config.command.js';
import { installCommand, uninstallCommand } from './commands/install.command.js';
import { syncCommand } from './commands/sync.command.js';
import { doctorCommand } from './commands/doctor.command.js';
import { watchCommand } from './commands/watch.command.js';
import { mcpCommand } from './commands/mcp.command.js';
import { hookCommand, statuslineCommand } from './commands/hook.command.js';
import { EXIT } from '../errors.js';
import { reportError } from './output.js';
import { packageVersion } from '../paths.js';

export function buildProgram(name: string): Command {
  const program = new Command(name)
    .description(
      'Keep long LLM coding sessions (Claude Code, Codex CLI) from losing their state: measure context pressure, save a recovery manifest into git, resume from it.',
    )
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 error, 2 bad usage or config, 3 nothing found (no transcript, no snapshot), 10 status --check above the threshold.
Docs: README.md of the git-session package.`,
    );

  // Each command's flags and help live beside it (commands/<name>.command.ts), in this order.
  for (const add of [
    statusCommand,
    saveCommand,
    resumeCommand,
    logCommand,
    doneCommand,
    showCommand,
    diffCommand,
    searchCommand,
    recallCommand,
    relatedCommand,
    evalCommand,
    configCommand,
    installCommand,
    uninstallCommand,
    syncCommand,
    doctorCommand,
    watchCommand,
    mcpCommand,
    statuslineCommand,
    hookCommand,
  ])
    add(program);

  return program;
}

const AGENTFLOW_ALIASES: Record<string, string> = { prepare: 'save', bootstrap: 'resume' };

/**
 * Runs the CLI. `agentflow session <cmd>` is the same as `git session <cmd>`, with `prepare` for
 * save and `bootstrap` for resume.
 */
export async function main(argv: string[], invokedAs = 'git-session'): Promise<void> {
  let args = argv;
  let name = 'git session';
  if (invokedAs === 'agentflow') {
    name = 'agentflow session';
    if (args[0] === 'session') args = args.slice(1);
    if (args[0] && AGENTFLOW_ALIASES[args[0]]) args = [AGENTFLOW_ALIASES[args[0]]!, ...args.slice(1)];
  }
  const program = buildProgram(name);
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportError(err);
  }
}
