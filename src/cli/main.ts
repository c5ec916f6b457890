import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../errors.js';
import { reportError } from './output.js';
import { packageVersion } from '../paths.js';

type Runner = (opts: any, ...args: any[]) => Promise<number>;

/** Each command's module is loaded only when that command runs, so startup stays small. */
const lazy =
  (load: () => Promise<{ run: Runner }>) =>
  async (...args: unknown[]): Promise<void> => {
    // commander passes positional arguments first, then the options object, then the command.
    const positional = args.slice(0, -2);
    const opts = args.at(-2);
    const mod = await load();
    process.exitCode = await mod.run(opts, ...positional);
  };

const transcriptOpt = (): Option => new Option('-t, --transcript <path>', 'read this transcript instead of finding the newest one for this repository');

export function buildProgram(name: string): Command {
  const program = new Command(name)
    .description('Keep long LLM coding sessions (Claude Code, Codex CLI) from losing their state: measure context pressure, save a recovery manifest into git, resume from it.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 error, 2 bad usage or config, 3 nothing found (no transcript, no snapshot), 10 status --check above the threshold.
Docs: README.md of the git-session package.`,
    );

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
    .action(lazy(() => import('./commands/status.js')));

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
    .addHelpText('after', "\nNothing is written to the working tree, the index or your branches. Secrets are redacted before anything is stored. A save that finds the session unchanged since its last snapshot stores nothing and says so (--json: \"unchanged\": true).")
    .action(lazy(() => import('./commands/save.js')));

  program
    .command('resume')
    .description('show where the last session was and print a bootstrap prompt for a new one (alias: agentflow session bootstrap)')
    .option('-s, --session <id>', 'resume this session (an id prefix is enough) instead of the newest for this branch')
    .option('-p, --prompt', 'print only the ready-to-paste bootstrap prompt')
    .option('--json', 'print snapshot, environment check, manifest and prompt as JSON')
    .option('--hook', "run as Claude Code's SessionStart hook: read its JSON from stdin, print the prompt as additionalContext")
    .addHelpText('after', '\nChecks the branch, HEAD drift since the snapshot, uncommitted and vanished files. It never runs commands from the manifest.')
    .action(lazy(() => import('./commands/resume.js')));

  program
    .command('log')
    .description('list snapshots, newest first')
    .option('-n, --max-count <n>', 'show at most n snapshots')
    .option('-s, --session <id>', 'only this session')
    .option('--chain', 'the line of work instead: the sessions this one (default: the newest) was resumed from, newest first')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./commands/log.js')));

  program
    .command('done <task>')
    .description("drop a pending task carried over from an earlier session (by its number in `git session resume`, #2, or its text), or a standing instruction (by its text); it is not carried again")
    .option('-s, --session <id>', 'the session whose pending list to use (default: the newest snapshot)')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./commands/done.js')));

  program
    .command('show [snapshot]')
    .description('print the manifest stored in a snapshot (default: the newest for this branch)')
    .option('-s, --session <id>', 'the newest snapshot of this session')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./commands/show.js')));

  program
    .command('diff [from] [to]')
    .description('what changed between two snapshots (default: the newest and the one before it of the same session)')
    .option('-s, --session <id>', 'compare the newest two snapshots of this session')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./commands/diff.js')));

  program
    .command('search <query...>')
    .description('search every manifest in the history of refs/agentflow/sessions (tasks, instructions, decisions, findings, blockers, commands, files), best match first')
    .option('-s, --session <id>', 'only this session (an id prefix is enough)')
    .option('--since <date>', 'only items of snapshots since this date (e.g. 2024-05-01, "2 weeks ago")')
    .option('-n, --max-count <n>', 'show at most n hits (default 10)')
    .option('--json', 'print the hits as JSON')
    .addHelpText('after', '\nThe words may be quoted or not. Items that hold the whole query come first, then by relevance, the newest snapshot first among equals. The index is cached in .git/agentflow/search (never committed) and follows the ref as it moves.')
    .action(lazy(() => import('./commands/search.js')));

  program
    .command('recall <question...>')
    .description("what the session's trail says about a question: exact errors, every file touched, decisions and their reasons, every user message, the plan's history, commits; over the current line of work")
    .option('-s, --session <id>', 'the session to start from (default: the newest saved here for this branch); the sessions it continued are searched too')
    .option('--max-bytes <n>', 'answer in at most n bytes (default 2048)')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nThe trail is stored beside each snapshot\'s manifest (sessions/<shard>/<session>/trail/), redacted like it, and travels with sync. Example: git session recall what error did npm test report')
    .action(lazy(() => import('./commands/recall.js')));

  program
    .command('related <paths...>')
    .description('the files most often committed together with these (co-change in git log, recent commits first), merged with the current session\'s edits')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nScore: the share of the given files\' commits that also touched the file, newer commits weighing more and commits of more than 100 files (sweeps) not at all. Cached in .git/agentflow/related.')
    .action(lazy(() => import('./commands/related.js')));

  program
    .command('eval [transcripts...]')
    .description("score the manifest against the agent's own compaction summaries: for each compaction, the manifest built from everything before it, section by section; or, with --probes, against questions a resuming agent must answer")
    .option('--probes <path>', 'score probe questions (a probe file, or a folder of them): each answered from the resume prompt alone, and with one recall of its question')
    .option('--transcripts <dir>', "the folder the probe files' transcript paths are relative to (default: beside each probe file)")
    .option('--json', 'print the scores as JSON')
    .action(lazy(() => import('./commands/eval.js')));

  program
    .command('config')
    .description('the effective settings and where each came from (keys masked)')
    .option('--json', 'print as JSON')
    .action(lazy(() => import('./commands/config.js')));

  program
    .command('install')
    .description('install the automatic triggers: the post-commit hook and the Claude Code hooks (both when neither is named)')
    .option('--hooks', 'the git post-commit hook (respects core.hooksPath and husky, chains an existing hook) and notes.rewriteRef')
    .option('--claude', "Claude Code hooks in this project's .claude/settings.json: PreCompact/SessionEnd save, SessionStart resume, UserPromptSubmit warning, and the statusline (wrapping yours)")
    .option('--codex', "Codex CLI hooks in this project's .codex/hooks.json: PreCompact save, SessionStart resume")
    .option('--mcp', "register the MCP server (git session mcp) in this project's .mcp.json, next to the servers already there")
    .option('--sync [remote]', 'also fetch snapshots and notes from this remote (default origin) into remote-tracking refs')
    .option('--json', 'print what was done as JSON')
    .addHelpText('after', '\nIdempotent. `git session uninstall` restores exactly what was there.')
    .action(lazy(() => import('./commands/install.js')));

  program
    .command('uninstall')
    .description('remove everything install added, restoring hook files and settings exactly')
    .option('--json', 'print what was done as JSON')
    .action(lazy(async () => ({ run: (await import('./commands/install.js')).runUninstall })));

  program
    .command('sync [remote]')
    .description("share snapshots and notes with a remote (default origin): fetch, merge into yours, push")
    .option('--no-push', 'fetch and merge only')
    .option('--json', 'print what happened as JSON')
    .addHelpText('after', '\nNever overwrites: histories are merged (every session of both sides, the newest manifest per session). Fetched manifests are validated like any other before use.')
    .action(lazy(() => import('./commands/sync.js')));

  program
    .command('doctor')
    .description('one screen: are the hooks installed and firing, which transcript is read, the effective config, and what to fix')
    .option('--json', 'print the checks as JSON')
    .action(lazy(() => import('./commands/doctor.js')));

  program
    .command('watch')
    .description('follow the live transcript: print level changes, save at the threshold and on the time trigger (Ctrl-C to stop)')
    .addOption(transcriptOpt())
    .option('-i, --interval <duration>', 'how often to check the transcript (e.g. 5s, 60s)', '5s')
    .option('--json', 'print events as JSON lines')
    .action(lazy(() => import('./commands/watch.js')));

  program
    .command('mcp')
    .description('run an MCP server on stdio with the session tools (status, save, resume, recall, log, search, related) and the newest manifest as a resource')
    .option('--repo <path>', 'serve this repository instead of the one the client starts it in')
    .addHelpText('after', '\nRegister it for this project with `git session install --mcp` (writes .mcp.json), or in any MCP client as the command `git-session mcp`.')
    .action(lazy(() => import('./commands/mcp.js')));

  program
    .command('statusline')
    .description("Claude Code statusline command: prints the pressure and caches the agent's own figures (reads stdin)")
    .action(lazy(() => import('./commands/hook.js')));

  program
    .command('hook <event>')
    .description('entry point for git and agent hooks (post-commit, prompt-submit); never fails, logs to .git/agentflow/hook.log')
    .action(lazy(() => import('./commands/hook.js')));

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
