import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GitSessionError } from '../errors.js';
import { cliPath, packageRoot } from '../paths.js';
import { agentflowDir, runGit, syncRefspecs, type Repo } from '../store/index.js';
import { NOTES_REF } from '../store/session-store.js';

const TEMPLATE = (): string => join(packageRoot(), 'githooks', 'post-commit');
/** Ends every hook command git-session installs: how install, uninstall and doctor recognise them. */
export const MARK = '# git-session';
const BLOCK_START = '# >>> git-session >>>';
const BLOCK_END = '# <<< git-session <<<';
const CHAINED_SUFFIX = '.pre-git-session';

const shq = (s: string): string => (/^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** How hooks call git-session: the bare name when it is on PATH, else this install's absolute path. */
export function cliCommand(env = process.env): string {
  const onPath = spawnSync('sh', ['-c', 'command -v git-session'], { env, encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return 'git-session';
  return `${shq(process.execPath)} ${shq(cliPath())}`;
}

interface GitHookRecord {
  path: string;
  mode: 'created' | 'chained' | 'appended';
  /** For `appended`: the exact text added, removed again on uninstall. */
  appended?: string;
}

/** A JSON hook file git-session merged its entries into (.claude/settings.json, .codex/hooks.json). */
interface HookFileRecord {
  path: string;
  /** The file's bytes before install; null when there was no file. */
  original: string | null;
  written: string;
  createdDir: boolean;
}

interface InstallRecord {
  gitHook?: GitHookRecord;
  claude?: HookFileRecord;
  codex?: HookFileRecord;
  notesRewrite?: boolean;
  /** The statusline command git-session now wraps (set in agentflow.statusline.wrap). */
  wrappedStatusline?: string;
  /** remote.<name>.fetch refspecs added by --sync. */
  syncRefspecs?: { remote: string; specs: string[] };
}

const recordPath = (repo: Repo): string => join(agentflowDir(repo), 'install.json');

export function readInstallRecord(repo: Repo): InstallRecord {
  try {
    return JSON.parse(readFileSync(recordPath(repo), 'utf8')) as InstallRecord;
  } catch {
    return {};
  }
}

function writeInstallRecord(repo: Repo, rec: InstallRecord): void {
  mkdirSync(agentflowDir(repo), { recursive: true });
  if (!rec.gitHook && !rec.claude && !rec.codex && !rec.notesRewrite && !rec.wrappedStatusline && !rec.syncRefspecs) rmSync(recordPath(repo), { force: true });
  else writeFileSync(recordPath(repo), `${JSON.stringify(rec, null, 2)}\n`);
}

/** Where the post-commit hook goes: husky's `.husky/post-commit`, else core.hooksPath or .git/hooks. */
export function postCommitTarget(repo: Repo): { path: string; husky: boolean } {
  const hooksPath = runGit(repo.root, ['config', '--get', 'core.hooksPath'], { allowFail: true }).stdout.trim();
  if (/(^|\/)\.husky(\/_)?\/?$/.test(hooksPath)) return { path: join(repo.root, '.husky', 'post-commit'), husky: true };
  const dir = runGit(repo.root, ['rev-parse', '--git-path', 'hooks']).stdout.trim();
  return { path: join(isAbsolute(dir) ? dir : resolve(repo.root, dir), 'post-commit'), husky: false };
}

export interface InstallReport {
  actions: string[];
}

function installGitHook(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport): void {
  const { path, husky } = postCommitTarget(repo);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (rec.gitHook && existsSync(rec.gitHook.path) && readFileSync(rec.gitHook.path, 'utf8').includes(MARK)) {
    report.actions.push(`post-commit hook already installed in ${rec.gitHook.path}`);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  const line = `${cmd} hook post-commit </dev/null >/dev/null 2>&1 || true ${MARK}`;
  if (husky) {
    const appended = `${current && !current.endsWith('\n') ? '\n' : ''}${BLOCK_START}\n${line}\n${BLOCK_END}\n`;
    writeFileSync(path, (current ?? '') + appended);
    chmodSync(path, 0o755);
    rec.gitHook = current === undefined ? { path, mode: 'created' } : { path, mode: 'appended', appended };
    report.actions.push(`${current === undefined ? 'created' : 'added git-session to'} husky hook ${path}`);
    return;
  }
  const script = readFileSync(TEMPLATE(), 'utf8').replace('__GIT_SESSION__ hook post-commit </dev/null >/dev/null 2>&1 || true', line);
  if (current !== undefined) renameSync(path, path + CHAINED_SUFFIX);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  rec.gitHook = { path, mode: current === undefined ? 'created' : 'chained' };
  report.actions.push(current === undefined ? `installed ${path}` : `installed ${path}; your previous hook runs first from ${path + CHAINED_SUFFIX}`);
}

function uninstallGitHook(rec: InstallRecord, report: InstallReport): void {
  const h = rec.gitHook;
  if (!h) return;
  if (h.mode === 'appended') {
    const text = existsSync(h.path) ? readFileSync(h.path, 'utf8') : '';
    if (h.appended && text.includes(h.appended)) writeFileSync(h.path, text.replace(h.appended, ''));
    else if (text.includes(MARK)) writeFileSync(h.path, text.replace(new RegExp(`\\n?${BLOCK_START}[\\s\\S]*?${BLOCK_END}\\n?`), '\n'));
  } else {
    rmSync(h.path, { force: true });
    if (h.mode === 'chained' && existsSync(h.path + CHAINED_SUFFIX)) renameSync(h.path + CHAINED_SUFFIX, h.path);
  }
  report.actions.push(`removed the post-commit hook from ${h.path}`);
  delete rec.gitHook;
}

/** The Claude Code hook entries git-session installs; each command ends with the marker. */
function claudeHooks(cmd: string): Record<string, Array<{ matcher?: string; hooks: Array<{ type: 'command'; command: string; timeout: number }> }>> {
  const h = (command: string, timeout: number) => [{ type: 'command' as const, command: `${cmd} ${command} ${MARK}`, timeout }];
  return {
    PreCompact: [{ matcher: 'auto|manual', hooks: h('save --hook --reason pre-compact', 60) }],
    SessionEnd: [{ hooks: h('save --hook --reason session-end', 5) }],
    SessionStart: [{ matcher: 'startup|resume|clear|compact', hooks: h('resume --hook', 10) }],
    UserPromptSubmit: [{ hooks: h('hook prompt-submit', 5) }],
    PostCompact: [{ matcher: 'auto|manual', hooks: h('hook post-compact', 10) }],
    Stop: [{ hooks: h('hook stop', 5) }],
  };
}

type Settings = Record<string, unknown> & { hooks?: Record<string, unknown[]> };

const isOurs = (group: unknown): boolean =>
  Array.isArray((group as { hooks?: unknown[] })?.hooks) && (group as { hooks: Array<{ command?: string }> }).hooks.every((h) => typeof h?.command === 'string' && h.command.endsWith(MARK));

type HookGroups = ReturnType<typeof claudeHooks>;

/**
 * Merges git-session's hook entries into an agent's JSON hook file, keeping everything else.
 * `extra` may change the settings further and returns whether it did. Returns the record to keep
 * for uninstall, or undefined when nothing changed.
 */
function mergeHookFile(path: string, groups: HookGroups, previous: HookFileRecord | undefined, agentLabel: string, extra?: (settings: Settings) => boolean): HookFileRecord | undefined {
  const original = existsSync(path) ? readFileSync(path, 'utf8') : null;
  let settings: Settings = {};
  if (original !== null) {
    try {
      settings = JSON.parse(original) as Settings;
    } catch {
      throw new GitSessionError('EBADSETTINGS', `${path} is not valid JSON, so git-session will not edit it. Fix the file (or move it away) and run \`git session install --${agentLabel}\` again.`);
    }
  }
  const hooks = (settings.hooks ??= {}) as Record<string, unknown[]>;
  let changed = false;
  for (const [event, eventGroups] of Object.entries(groups)) {
    const existing = Array.isArray(hooks[event]) ? hooks[event]! : [];
    if (existing.some(isOurs)) continue;
    hooks[event] = [...existing, ...eventGroups];
    changed = true;
  }
  if (extra?.(settings)) changed = true;
  if (!changed) return undefined;
  const createdDir = !existsSync(dirname(path));
  mkdirSync(dirname(path), { recursive: true });
  const written = `${JSON.stringify(settings, null, 2)}\n`;
  writeFileSync(path, written);
  return previous ? { ...previous, written } : { path, original, written, createdDir };
}

/**
 * Takes git-session's entries out of a hook file: the original bytes when the file is as we left
 * it, else only our entries (`extra` undoes any further change).
 */
function unmergeHookFile(c: HookFileRecord, report: InstallReport, extra?: (settings: Settings) => void): boolean {
  const current = existsSync(c.path) ? readFileSync(c.path, 'utf8') : null;
  if (current === c.written) {
    if (c.original === null) {
      rmSync(c.path, { force: true });
      if (c.createdDir) rmSync(dirname(c.path), { recursive: true, force: true });
    } else writeFileSync(c.path, c.original);
  } else if (current !== null) {
    try {
      const settings = JSON.parse(current) as Settings;
      for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
        const kept = (Array.isArray(groups) ? groups : []).filter((g) => !isOurs(g));
        if (kept.length) settings.hooks![event] = kept;
        else delete settings.hooks![event];
      }
      if (settings.hooks && Object.keys(settings.hooks).length === 0) delete settings.hooks;
      extra?.(settings);
      writeFileSync(c.path, `${JSON.stringify(settings, null, 2)}\n`);
    } catch {
      report.actions.push(`could not parse ${c.path}; remove the git-session entries by hand`);
      return false;
    }
  }
  report.actions.push(`removed the git-session hooks from ${c.path}`);
  return true;
}

function installClaude(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport): void {
  const path = join(repo.root, '.claude', 'settings.json');
  const statusline = (settings: Settings): boolean => {
    const statusLine = settings.statusLine as { type?: string; command?: string } | undefined;
    if (statusLine?.command?.endsWith(MARK)) return false;
    if (statusLine?.command) {
      runGit(repo.root, ['config', 'agentflow.statusline.wrap', statusLine.command]);
      rec.wrappedStatusline = statusLine.command;
    }
    settings.statusLine = { ...statusLine, type: 'command', command: `${cmd} statusline ${MARK}` };
    report.actions.push(statusLine?.command ? `statusline: git-session now wraps your statusline command (agentflow.statusline.wrap)` : 'statusline: git-session statusline caches the agent’s own context figures');
    return true;
  };
  const record = mergeHookFile(path, claudeHooks(cmd), rec.claude, 'claude', statusline);
  if (!record) return void report.actions.push(`Claude Code hooks already installed in ${path}`);
  rec.claude = record;
  report.actions.push(`added PreCompact, SessionEnd, SessionStart, UserPromptSubmit, PostCompact and Stop hooks to ${path}`);
}

function uninstallClaude(rec: InstallRecord, report: InstallReport): void {
  if (!rec.claude) return;
  const restoreStatusline = (settings: Settings): void => {
    const sl = settings.statusLine as { command?: string } | undefined;
    if (!sl?.command?.endsWith(MARK)) return;
    if (rec.wrappedStatusline) settings.statusLine = { ...sl, command: rec.wrappedStatusline };
    else delete settings.statusLine;
  };
  if (!unmergeHookFile(rec.claude, report, restoreStatusline)) return;
  delete rec.claude;
  delete rec.wrappedStatusline;
}

/**
 * Codex CLI hooks in the project's .codex/hooks.json (same nesting as Claude Code's; its
 * SessionStart output takes the same hookSpecificOutput.additionalContext). Codex has no
 * SessionEnd; Stop fires every turn, too often for a save.
 */
function codexHooks(cmd: string): HookGroups {
  const h = (command: string, timeout: number) => [{ type: 'command' as const, command: `${cmd} ${command} ${MARK}`, timeout }];
  return {
    PreCompact: [{ matcher: 'manual|auto', hooks: h('save --hook --reason pre-compact', 60) }],
    SessionStart: [{ matcher: 'startup|resume|clear|compact', hooks: h('resume --hook', 10) }],
    Stop: [{ hooks: h('hook stop', 5) }],
  };
}

function installCodex(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport): void {
  const path = join(repo.root, '.codex', 'hooks.json');
  const record = mergeHookFile(path, codexHooks(cmd), rec.codex, 'codex');
  if (!record) return void report.actions.push(`Codex hooks already installed in ${path}`);
  rec.codex = record;
  report.actions.push(`added PreCompact, SessionStart and Stop hooks to ${path}; Codex asks you to review and trust new hooks (older versions also need [features] hooks = true in ~/.codex/config.toml)`);
}

export interface InstallOptions {
  hooks?: boolean;
  claude?: boolean;
  codex?: boolean;
  /** Add fetch refspecs for snapshots and notes to this remote. */
  sync?: string;
}

/** Installs the requested triggers (all of git hook + Claude Code when none is named). Idempotent. */
export function install(repo: Repo, opts: InstallOptions): InstallReport {
  const all = !opts.hooks && !opts.claude && !opts.codex && !opts.sync;
  const rec = readInstallRecord(repo);
  const report: InstallReport = { actions: [] };
  const cmd = cliCommand();
  if (all || opts.hooks) {
    installGitHook(repo, rec, cmd, report);
    const rewrite = runGit(repo.root, ['config', '--get-all', 'notes.rewriteRef'], { allowFail: true }).stdout.split('\n');
    if (!rewrite.includes(NOTES_REF)) {
      runGit(repo.root, ['config', '--add', 'notes.rewriteRef', NOTES_REF]);
      rec.notesRewrite = true;
      report.actions.push(`set notes.rewriteRef=${NOTES_REF} so notes follow amend and rebase`);
    }
  }
  if (all || opts.claude) installClaude(repo, rec, cmd, report);
  if (opts.codex) installCodex(repo, rec, cmd, report);
  if (opts.sync) installSync(repo, rec, opts.sync, report);
  writeInstallRecord(repo, rec);
  return report;
}

/**
 * Fetch refspecs into remote-tracking refs, so a plain `git fetch` brings the remote's snapshots
 * without touching local ones. No push refspec: it would change what a plain `git push` does;
 * `git session sync` pushes.
 */
function installSync(repo: Repo, rec: InstallRecord, remote: string, report: InstallReport): void {
  if (runGit(repo.root, ['remote', 'get-url', remote], { allowFail: true }).status !== 0) {
    throw new GitSessionError('ENOREMOTE', `No remote named ${JSON.stringify(remote)}. Add it first (git remote add ${remote} <url>) or name another: --sync <remote>.`);
  }
  const existing = runGit(repo.root, ['config', '--get-all', `remote.${remote}.fetch`], { allowFail: true }).stdout.split('\n');
  const added = syncRefspecs(remote).filter((s) => !existing.includes(s));
  for (const spec of added) runGit(repo.root, ['config', '--add', `remote.${remote}.fetch`, spec]);
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
