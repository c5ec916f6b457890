import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GitSessionError } from '../errors.js';
import { cliPath } from '../paths.js';
import { agentflowDir, runGit, type Repo } from '../store/index.js';
import { readPrivateText, writePrivate } from '../store/private-fs.js';
import { syncRefspecs } from '../store/sync.js';
import { NOTES_REF } from '../store/session-store.js';
import { claudeCode, codex, type HookTable } from '../agents/index.js';
import { MARK, planGitHook, shq, uninstallGitHook, type GitHookRecord } from './install-git-hook.js';
import { editJsonc, planHookFile, unmergeHookFile, type Edit, type HookFileRecord, type Settings } from './install-hook-file.js';
import { snapshotFile, writeAtomically, type InstallReport, type Step } from './install-steps.js';

export { gitHookLine, installedHookLine, MARK, postCommitTarget } from './install-git-hook.js';
export type { InstallReport } from './install-steps.js';

/** How agent hooks call git-session: the bare name when it is on PATH, else this install's absolute path. */
export function cliCommand(env = process.env): string {
  const onPath = spawnSync('sh', ['-c', 'command -v git-session'], { env, encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return 'git-session';
  return `${shq(process.execPath)} ${shq(cliPath())}`;
}

interface InstallRecord {
  gitHook?: GitHookRecord;
  claude?: HookFileRecord;
  codex?: HookFileRecord;
  /** The project's .mcp.json, where `git session mcp` was registered. */
  mcp?: HookFileRecord;
  notesRewrite?: boolean;
  /** The statusline command git-session now wraps (set in agentflow.statusline.wrap). */
  wrappedStatusline?: string;
  /** remote.<name>.fetch refspecs added by --sync. */
  syncRefspecs?: { remote: string; specs: string[] };
}

const recordPath = (repo: Repo): string => join(agentflowDir(repo), 'install.json');

export function readInstallRecord(repo: Repo): InstallRecord {
  try {
    return JSON.parse(readPrivateText(repo, 'install.json', 1024 * 1024) ?? '') as InstallRecord;
  } catch {
    return {};
  }
}

function writeInstallRecord(repo: Repo, rec: InstallRecord): void {
  if (!rec.gitHook && !rec.claude && !rec.codex && !rec.mcp && !rec.notesRewrite && !rec.wrappedStatusline && !rec.syncRefspecs) rmSync(recordPath(repo), { force: true });
  else writePrivate(repo, 'install.json', `${JSON.stringify(rec, null, 2)}\n`);
}

/** A `git config` change as a step: undone by restoring every value the key had. */
function configStep(repo: Repo, key: string, args: string[]): Step {
  const before = runGit(repo.root, ['config', '--get-all', key], { allowFail: true });
  const values = before.status === 0 ? before.stdout.split('\n').filter(Boolean) : [];
  return {
    apply: () => void runGit(repo.root, ['config', ...args]),
    undo: () => {
      runGit(repo.root, ['config', '--unset-all', key], { allowFail: true });
      for (const v of values) runGit(repo.root, ['config', '--add', key, v], { allowFail: true });
    },
  };
}

function planClaude(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport, steps: Step[], configSteps: Step[]): void {
  const path = join(repo.root, '.claude', 'settings.json');
  const actions: string[] = [];
  const statusline = (settings: Settings): Edit[] => {
    const statusLine = settings.statusLine as { type?: string; command?: string } | undefined;
    if (statusLine?.command?.endsWith(MARK)) return [];
    if (statusLine?.command) {
      configSteps.push(configStep(repo, 'agentflow.statusline.wrap', ['agentflow.statusline.wrap', statusLine.command]));
      rec.wrappedStatusline = statusLine.command;
    }
    actions.push(statusLine?.command ? `statusline: git-session now wraps your statusline command (agentflow.statusline.wrap)` : 'statusline: git-session statusline caches the agent’s own context figures');
    const ours = `${cmd} statusline ${MARK}`;
    return statusLine && typeof statusLine === 'object' ? [[['statusLine', 'type'], 'command'], [['statusLine', 'command'], ours]] : [[['statusLine'], { type: 'command', command: ours }]];
  };
  const record = planHookFile(path, claudeCode.hookTable(cmd, MARK), rec.claude, 'claude', steps, statusline);
  if (!record) return void report.actions.push(`Claude Code hooks already installed in ${path}`);
  rec.claude = record;
  report.actions.push(...actions, `added ${Object.keys(claudeCode.hookTable(cmd, MARK)).join(', ')} hooks to ${path}`);
}

function uninstallClaude(rec: InstallRecord, report: InstallReport): void {
  if (!rec.claude) return;
  const restoreStatusline = (settings: Settings): Edit[] => {
    const sl = settings.statusLine as { command?: string } | undefined;
    if (!sl?.command?.endsWith(MARK)) return [];
    return rec.wrappedStatusline ? [[['statusLine', 'command'], rec.wrappedStatusline]] : [[['statusLine'], undefined]];
  };
  if (!unmergeHookFile(rec.claude, report, restoreStatusline)) return;
  delete rec.claude;
  delete rec.wrappedStatusline;
}

function planCodex(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport, steps: Step[]): void {
  const path = join(repo.root, '.codex', 'hooks.json');
  const record = planHookFile(path, codex.hookTable(cmd, MARK), rec.codex, 'codex', steps);
  if (!record) return void report.actions.push(`Codex hooks already installed in ${path}`);
  rec.codex = record;
  report.actions.push(`added ${Object.keys(codex.hookTable(cmd, MARK)).join(', ')} hooks to ${path}. Codex runs project hooks only in a trusted project, after you review them: start \`codex\` here, trust the project when asked (or run \`codex exec --trust\` once), then review and approve the git-session hooks with /hooks. \`git session doctor\` says which hooks Codex will run.`);
}

/** The name git-session's server has in an MCP client's configuration. */
export const MCP_SERVER_NAME = 'git-session';

/** How an MCP client starts the server: `git-session mcp` when that is on PATH, else this install by absolute path. */
export function mcpServerEntry(env = process.env): { type: 'stdio'; command: string; args: string[] } {
  return cliCommand(env) === 'git-session' ? { type: 'stdio', command: 'git-session', args: ['mcp'] } : { type: 'stdio', command: process.execPath, args: [cliPath(), 'mcp'] };
}

/**
 * Registers `git session mcp` in the project's .mcp.json (Claude Code's project scope, read by
 * other MCP clients too), next to whatever servers are there; an existing "git-session" entry is
 * left as it is.
 */
function planMcp(repo: Repo, rec: InstallRecord, report: InstallReport, steps: Step[]): void {
  const path = join(repo.root, '.mcp.json');
  const register = (settings: Settings): Edit[] => {
    const servers = settings.mcpServers;
    if (servers !== undefined && (!servers || typeof servers !== 'object' || Array.isArray(servers))) throw new GitSessionError('EBADSETTINGS', `"mcpServers" in ${path} is not an object, so git-session will not edit it. Fix the file and run \`git session install --mcp\` again.`);
    if (servers && MCP_SERVER_NAME in servers) return [];
    return [[['mcpServers', MCP_SERVER_NAME], mcpServerEntry()]];
  };
  const record = planHookFile(path, {}, rec.mcp, 'mcp', steps, register);
  if (!record) return void report.actions.push(`the git-session MCP server is already registered in ${path}`);
  rec.mcp = record;
  report.actions.push(`registered the git-session MCP server (git session mcp) in ${path}; Claude Code asks you to approve project servers on its next start`);
}

function uninstallMcp(rec: InstallRecord, report: InstallReport): void {
  if (!rec.mcp) return;
  const unregister = (settings: Settings): Edit[] => {
    const servers = settings.mcpServers as Record<string, unknown> | undefined;
    if (!servers || typeof servers !== 'object' || !(MCP_SERVER_NAME in servers)) return [];
    return Object.keys(servers).length === 1 ? [[['mcpServers'], undefined]] : [[['mcpServers', MCP_SERVER_NAME], undefined]];
  };
  if (unmergeHookFile(rec.mcp, report, unregister, 'the git-session MCP server')) delete rec.mcp;
}

export interface InstallOptions {
  hooks?: boolean;
  claude?: boolean;
  codex?: boolean;
  /** Register the MCP server in the project's .mcp.json. */
  mcp?: boolean;
  /** Add fetch refspecs for snapshots and notes to this remote. */
  sync?: string;
}

export class InstallFailedError extends GitSessionError {
  constructor(reason: string) {
    super('EINSTALL', `Install failed (${reason}); everything it had changed was put back. Fix the cause and run \`git session install\` again.`);
  }
}

/**
 * Installs the requested triggers (all of git hook + Claude Code when none is named). Idempotent
 * and atomic: every target is read and checked first, the install record is written before any
 * of them changes (so `uninstall` can always undo), and a failure part-way undoes what was done.
 */
export function install(repo: Repo, opts: InstallOptions): InstallReport {
  const all = !opts.hooks && !opts.claude && !opts.codex && !opts.mcp && !opts.sync;
  const previous = readInstallRecord(repo);
  const rec = structuredClone(previous);
  const report: InstallReport = { actions: [] };
  const cmd = cliCommand();
  const steps: Step[] = [];
  // git config changes come after the files: a config that cannot be written undoes the files too.
  const configSteps: Step[] = [];
  if (all || opts.hooks) {
    planGitHook(repo, rec, report, steps);
    const rewrite = runGit(repo.root, ['config', '--get-all', 'notes.rewriteRef'], { allowFail: true }).stdout.split('\n');
    if (!rewrite.includes(NOTES_REF)) {
      configSteps.push(configStep(repo, 'notes.rewriteRef', ['--add', 'notes.rewriteRef', NOTES_REF]));
      rec.notesRewrite = true;
      report.actions.push(`set notes.rewriteRef=${NOTES_REF} so notes follow amend and rebase`);
    }
  }
  if (all || opts.claude) planClaude(repo, rec, cmd, report, steps, configSteps);
  if (opts.codex) planCodex(repo, rec, cmd, report, steps);
  if (opts.mcp) planMcp(repo, rec, report, steps);
  if (opts.sync) planSync(repo, rec, opts.sync, report, configSteps);
  writeInstallRecord(repo, rec);
  const done: Step[] = [];
  try {
    for (const step of [...steps, ...configSteps]) {
      step.apply();
      done.push(step);
    }
  } catch (err) {
    for (const step of done.reverse()) {
      try {
        step.undo();
      } catch {
        /* keep undoing the rest */
      }
    }
    writeInstallRecord(repo, previous);
    throw new InstallFailedError(err instanceof GitSessionError ? err.message : String((err as Error).message ?? err).split('\n')[0]!);
  }
  return report;
}

/**
 * Fetch refspecs into remote-tracking refs, so a plain `git fetch` brings the remote's snapshots
 * without touching local ones. No push refspec: it would change what a plain `git push` does;
 * `git session sync` pushes.
 */
function planSync(repo: Repo, rec: InstallRecord, remote: string, report: InstallReport, configSteps: Step[]): void {
  if (runGit(repo.root, ['remote', 'get-url', remote], { allowFail: true }).status !== 0) {
    throw new GitSessionError('ENOREMOTE', `No remote named ${JSON.stringify(remote)}. Add it first (git remote add ${remote} <url>) or name another: --sync <remote>.`);
  }
  const key = `remote.${remote}.fetch`;
  const existing = runGit(repo.root, ['config', '--get-all', key], { allowFail: true }).stdout.split('\n');
  const added = syncRefspecs(remote).filter((s) => !existing.includes(s));
  for (const spec of added) configSteps.push(configStep(repo, key, ['--add', key, spec]));
  if (added.length) rec.syncRefspecs = { remote, specs: [...(rec.syncRefspecs?.specs ?? []), ...added] };
  report.actions.push(added.length ? `git fetch ${remote} now also fetches snapshots and notes (into refs/agentflow/remotes/${remote}/ and refs/notes/remotes/${remote}/); share yours with: git session sync ${remote}` : `snapshot fetch refspecs already on ${remote}`);
}

/** Removes everything install added, restoring the files exactly as they were. */
export function uninstall(repo: Repo): InstallReport {
  const rec = readInstallRecord(repo);
  const report: InstallReport = { actions: [] };
  uninstallGitHook(rec, report);
  const wrapped = rec.wrappedStatusline;
  uninstallClaude(rec, report);
  if (rec.codex && unmergeHookFile(rec.codex, report)) delete rec.codex;
  uninstallMcp(rec, report);
  if (wrapped) runGit(repo.root, ['config', '--unset', 'agentflow.statusline.wrap'], { allowFail: true });
  if (rec.syncRefspecs) {
    for (const spec of rec.syncRefspecs.specs) runGit(repo.root, ['config', '--fixed-value', '--unset', `remote.${rec.syncRefspecs.remote}.fetch`, spec], { allowFail: true });
    report.actions.push(`removed the snapshot fetch refspecs from ${rec.syncRefspecs.remote}`);
    delete rec.syncRefspecs;
  }
  if (rec.notesRewrite) {
    runGit(repo.root, ['config', '--unset', 'notes.rewriteRef', `^${NOTES_REF.replace(/\//g, '\\/')}$`], { allowFail: true });
    delete rec.notesRewrite;
    report.actions.push('unset notes.rewriteRef');
  }
  if (!report.actions.length) report.actions.push('nothing to uninstall: git-session hooks are not installed here');
  writeInstallRecord(repo, rec);
  return report;
}
