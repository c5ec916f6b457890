import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { writeAtomic } from '../files.js';
// The ESM build: the package's main is a UMD file whose lazy requires a bundle cannot follow.
import { applyEdits, modify, parse as parseJsonc, type JSONPath, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GitSessionError } from '../errors.js';
import { cliPath, packageRoot } from '../paths.js';
import { agentflowDir, runGit, type Repo } from '../store/index.js';
import { readPrivateText, writePrivate } from '../store/private-fs.js';
import { syncRefspecs } from '../store/sync.js';
import { NOTES_REF } from '../store/session-store.js';
import { claudeCode, codex, type HookTable } from '../agents/index.js';

const TEMPLATE = (): string => join(packageRoot(), 'githooks', 'post-commit');
/** Ends every hook command git-session installs: how install, uninstall and doctor recognise them. */
export const MARK = '# git-session';
const BLOCK_START = '# >>> git-session >>>';
const BLOCK_END = '# <<< git-session <<<';
const CHAINED_SUFFIX = '.pre-git-session';

const shq = (s: string): string => (/^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The post-commit hook's line: this install by absolute path (node and the CLI, so a GUI git
 * client's PATH, nvm or another npm prefix do not matter), else `git-session` on PATH when that
 * install has moved. While git replays commits (rebase, a cherry-pick or revert of a range) it
 * starts nothing: the pressure has not changed, and notes.rewriteRef carries the notes. Output
 * is dropped and the status ignored: a commit never fails for it.
 */
export function gitHookLine(): string {
  const node = shq(process.execPath);
  const cli = shq(cliPath());
  // Shell builtins only (hooks run in the work tree's root): a rebase runs this for every commit.
  const gitDir = 'if [ -n "$GIT_DIR" ]; then g=$GIT_DIR; elif [ -f .git ]; then read -r _ g < .git; else g=.git; fi';
  const replaying = `${gitDir}; [ -d "$g/rebase-merge" ] || [ -d "$g/rebase-apply" ] || [ -d "$g/sequencer" ]`;
  return `if ${replaying}; then :; elif [ -x ${node} ] && [ -f ${cli} ]; then ${node} ${cli} hook post-commit; else git-session hook post-commit; fi </dev/null >/dev/null 2>&1 || true ${MARK}`;
}

/** The installed post-commit line in a hook file's text, if any. */
export const installedHookLine = (text: string): string | undefined => text.split('\n').find((l) => l.endsWith(MARK) && l.includes('hook post-commit'));

/** How agent hooks call git-session: the bare name when it is on PATH, else this install's absolute path. */
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
  /** The first folder install had to create for the hook (a core.hooksPath not there yet); removed on uninstall if empty. */
  createdDir?: string;
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

/**
 * Replaces a file in one step (files.ts writeAtomic). Without `mode`, an existing file keeps its
 * own. A settings file that is a symlink (dotfiles kept elsewhere) is written where it points.
 */
function writeAtomically(path: string, text: string, mode = existsSync(path) ? statSync(path).mode & 0o7777 : undefined): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    /* a new file */
  }
  writeAtomic(target, text, mode ?? 0o644);
}

/** One change install makes, and how to take it back if a later one fails. */
interface Step {
  apply(): void;
  undo(): void;
}

/** The file a step is about to replace, as it was: bytes and mode, or absent. */
function snapshotFile(path: string): { text: string; mode: number } | undefined {
  return existsSync(path) ? { text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o7777 } : undefined;
}

function restoreFile(path: string, before: { text: string; mode: number } | undefined): void {
  if (before) writeAtomically(path, before.text, before.mode);
  else rmSync(path, { force: true });
}

/** The first folder that creating `path`'s folder would create, if any (to remove on undo and uninstall). */
function missingDirFor(path: string): string | undefined {
  let missing: string | undefined;
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) missing = dir;
  return missing;
}

/** Removes `dir` and the empty folders between it and `path`'s folder, if they are all empty. */
function removeCreatedDirs(path: string, createdDir: string | undefined): void {
  if (!createdDir) return;
  for (let dir = dirname(path); dir.startsWith(createdDir); dir = dirname(dir)) {
    try {
      if (readdirSync(dir).length) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === createdDir) return;
  }
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

/** Plans the post-commit hook: reads what is there now and writes nothing. */
function planGitHook(repo: Repo, rec: InstallRecord, report: InstallReport, steps: Step[]): void {
  const { path, husky } = postCommitTarget(repo);
  const line = gitHookLine();
  if (rec.gitHook && existsSync(rec.gitHook.path) && readFileSync(rec.gitHook.path, 'utf8').includes(MARK)) {
    // Installed before: brought up to date in place when it calls git-session another way.
    const hook = rec.gitHook;
    const before = snapshotFile(hook.path)!;
    const old = installedHookLine(before.text);
    if (!old || old === line) {
      report.actions.push(`post-commit hook already installed in ${hook.path}`);
      return;
    }
    if (hook.appended) hook.appended = hook.appended.replace(old, line);
    report.actions.push(`updated the post-commit hook in ${hook.path} to call ${cliPath()} (else git-session on PATH)`);
    steps.push({ apply: () => writeAtomically(hook.path, before.text.replace(old, line), before.mode), undo: () => restoreFile(hook.path, before) });
    return;
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new GitSessionError('EBADHOOK', `${path} is a directory, not a hook. Move it away and run \`git session install --hooks\` again.`);
  const before = snapshotFile(path);
  const chained = path + CHAINED_SUFFIX;
  let next: string;
  let record: GitHookRecord;
  if (husky) {
    const appended = `${before && !before.text.endsWith('\n') ? '\n' : ''}${BLOCK_START}\n${line}\n${BLOCK_END}\n`;
    next = (before?.text ?? '') + appended;
    record = before ? { path, mode: 'appended', appended } : { path, mode: 'created' };
    report.actions.push(`${before ? 'added git-session to' : 'created'} husky hook ${path}`);
  } else {
    next = readFileSync(TEMPLATE(), 'utf8').replace('__GIT_SESSION__ hook post-commit </dev/null >/dev/null 2>&1 || true', line);
    record = { path, mode: before ? 'chained' : 'created' };
    if (before && existsSync(chained)) throw new GitSessionError('EBADHOOK', `${chained} already exists, so your post-commit hook cannot be kept there. Move it away and run \`git session install --hooks\` again.`);
    report.actions.push(before ? `installed ${path}; your previous hook runs first from ${chained}` : `installed ${path}`);
  }
  const createdDir = missingDirFor(path);
  if (createdDir) record.createdDir = createdDir;
  rec.gitHook = record;
  steps.push({
    apply: () => {
      mkdirSync(dirname(path), { recursive: true });
      // The user's hook is copied, never moved: until ours is in place, theirs is where it was.
      if (before && !husky) writeAtomically(chained, before.text, before.mode);
      // A husky file keeps its mode; a hook git-session creates must be executable.
      writeAtomically(path, next, before ? (husky ? before.mode : 0o755) : 0o755);
    },
    undo: () => {
      restoreFile(path, before);
      if (before && !husky) rmSync(chained, { force: true });
      removeCreatedDirs(path, createdDir);
    },
  });
}

function uninstallGitHook(rec: InstallRecord, report: InstallReport): void {
  const h = rec.gitHook;
  if (!h) return;
  const text = existsSync(h.path) ? readFileSync(h.path, 'utf8') : undefined;
  const mode = text === undefined ? undefined : statSync(h.path).mode & 0o7777;
  if (h.mode === 'appended') {
    if (text !== undefined && h.appended && text.includes(h.appended)) writeAtomically(h.path, text.replace(h.appended, ''), mode);
    else if (text?.includes(MARK)) writeAtomically(h.path, text.replace(new RegExp(`\\n?${BLOCK_START}[\\s\\S]*?${BLOCK_END}\\n?`), '\n'), mode);
  } else if (text?.includes(MARK)) {
    // Only a hook that is ours is removed: an install killed before writing it left the user's in place.
    rmSync(h.path, { force: true });
    if (h.mode === 'chained' && existsSync(h.path + CHAINED_SUFFIX)) renameSync(h.path + CHAINED_SUFFIX, h.path);
  } else if (h.mode === 'chained' && text !== undefined && existsSync(h.path + CHAINED_SUFFIX) && readFileSync(h.path + CHAINED_SUFFIX, 'utf8') === text) {
    rmSync(h.path + CHAINED_SUFFIX, { force: true });
  }
  removeCreatedDirs(h.path, h.createdDir);
  report.actions.push(`removed the post-commit hook from ${h.path}`);
  delete rec.gitHook;
}

type Settings = Record<string, unknown> & { hooks?: Record<string, unknown[]> };

const isOurs = (group: unknown): boolean =>
  Array.isArray((group as { hooks?: unknown[] })?.hooks) && (group as { hooks: Array<{ command?: string }> }).hooks.every((h) => typeof h?.command === 'string' && h.command.endsWith(MARK));

type HookGroups = HookTable;
/** A change to a JSON hook file: the key path, and the value to set (undefined removes the key). */
type Edit = [JSONPath, unknown];

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * Reads a hook file as JSONC (Claude Code's settings may carry comments and trailing commas);
 * anything else is refused before a single file changes.
 */
function parseHookFile(path: string, text: string, agentLabel: string): Settings {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length || !value || typeof value !== 'object' || Array.isArray(value)) {
    throw new GitSessionError('EBADSETTINGS', `${path} is not valid JSON, so git-session will not edit it. Fix the file (or move it away) and run \`git session install --${agentLabel}\` again.`);
  }
  return value as Settings;
}

/** Applies edits to JSONC text in place, keeping its comments and layout everywhere else. */
function editJsonc(text: string, edits: Edit[]): string {
  let out = text;
  for (const [path, value] of edits) out = applyEdits(out, modify(out, path, value, FORMAT));
  return out;
}

/**
 * Plans merging git-session's hook entries into an agent's JSON hook file, keeping everything else
 * (comments included). `extra` may ask for further edits. Reads only; the step writes.
 */
function planHookFile(path: string, groups: HookGroups, previous: HookFileRecord | undefined, agentLabel: string, steps: Step[], extra?: (settings: Settings) => Edit[]): HookFileRecord | undefined {
  const before = snapshotFile(path);
  const original = before?.text ?? null;
  const settings = original !== null ? parseHookFile(path, original, agentLabel) : {};
  const hooks = settings.hooks && typeof settings.hooks === 'object' && !Array.isArray(settings.hooks) ? settings.hooks : undefined;
  const edits: Edit[] = [];
  if (settings.hooks !== undefined && !hooks) throw new GitSessionError('EBADSETTINGS', `"hooks" in ${path} is not an object, so git-session will not edit it. Fix the file and run \`git session install --${agentLabel}\` again.`);
  for (const [event, eventGroups] of Object.entries(groups)) {
    const existing = hooks?.[event];
    if (Array.isArray(existing) && existing.some(isOurs)) continue;
    if (Array.isArray(existing)) for (const g of eventGroups) edits.push([['hooks', event, -1], g]);
    else edits.push([['hooks', event], eventGroups]);
  }
  edits.push(...(extra?.(settings) ?? []));
  if (!edits.length) return undefined;
  const written = editJsonc(original ?? '{}\n', edits);
  const createdDir = missingDirFor(path);
  steps.push({
    apply: () => {
      mkdirSync(dirname(path), { recursive: true });
      writeAtomically(path, written, before?.mode);
    },
    undo: () => {
      restoreFile(path, before);
      removeCreatedDirs(path, createdDir);
    },
  });
  return previous ? { ...previous, written } : { path, original, written, createdDir: Boolean(createdDir) };
}

/**
 * Takes git-session's entries out of a hook file: the original bytes when the file is as we left
 * it, else only our entries (`extra` undoes any further change), comments kept.
 */
function unmergeHookFile(c: HookFileRecord, report: InstallReport, extra?: (settings: Settings) => Edit[], what = 'the git-session hooks'): boolean {
  const current = existsSync(c.path) ? readFileSync(c.path, 'utf8') : null;
  if (current === c.original) {
    // An install stopped before this file was written: nothing of ours is in it.
  } else if (current === c.written) {
    if (c.original === null) {
      rmSync(c.path, { force: true });
      if (c.createdDir) rmSync(dirname(c.path), { recursive: true, force: true });
    } else writeAtomically(c.path, c.original);
  } else if (current !== null) {
    try {
      const settings = parseHookFile(c.path, current, 'claude');
      const edits: Edit[] = [];
      const hooks = settings.hooks ?? {};
      const remaining = Object.entries(hooks).filter(([event, groups]) => {
        const list = Array.isArray(groups) ? groups : [];
        const kept = list.filter((g) => !isOurs(g));
        if (kept.length !== list.length) edits.push([['hooks', event], kept.length ? kept : undefined]);
        return kept.length > 0;
      });
      if (settings.hooks && remaining.length === 0) edits.push([['hooks'], undefined]);
      edits.push(...(extra?.(settings) ?? []));
      writeAtomically(c.path, editJsonc(current, edits));
    } catch {
      report.actions.push(`could not parse ${c.path}; remove the git-session entries by hand`);
      return false;
    }
  }
  report.actions.push(`removed ${what} from ${c.path}`);
  return true;
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
