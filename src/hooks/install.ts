import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GitSessionError, InstallFailedError } from '../errors.js';
import { cliPath, packageRoot } from '../paths.js';
import { agentflowDir, type Repo } from '../store/index.js';
import { configValues, hasRemote, hooksFolder, unsetConfig, unsetConfigValue } from '../store/repo-facts.js';
import { readPrivateText, writePrivate } from '../store/private-fs.js';
import { syncRefspecs } from '../store/sync.js';
import { NOTES_REF } from '../store/session-store.js';
import { cliCommand, MARK, shq } from './command.js';
import {
  configStep,
  missingDirFor,
  removeCreatedDirs,
  restoreFile,
  snapshotFile,
  unmergeHookFile,
  writeAtomically,
  type HookFileRecord,
  type InstallReport,
  type Step,
} from './install-files.js';
import { planMcp, uninstallMcp } from './install-mcp.js';
import { planClaude, planCodex, uninstallClaude } from './install-agents.js';

export { cliCommand, MARK } from './command.js';
export { MCP_SERVER_NAME, mcpServerEntry } from './install-mcp.js';
export type { InstallReport } from './install-files.js';

const TEMPLATE = (): string => join(packageRoot(), 'githooks', 'post-commit');
const BLOCK_START = '# >>> git-session >>>';
const BLOCK_END = '# <<< git-session <<<';
const CHAINED_SUFFIX = '.pre-git-session';

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

interface GitHookRecord {
  path: string;
  mode: 'created' | 'chained' | 'appended';
  /** For `appended`: the exact text added, removed again on uninstall. */
  appended?: string;
  /** The first folder install had to create for the hook (a core.hooksPath not there yet); removed on uninstall if empty. */
  createdDir?: string;
}

export interface InstallRecord {
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
  if (!rec.gitHook && !rec.claude && !rec.codex && !rec.mcp && !rec.notesRewrite && !rec.wrappedStatusline && !rec.syncRefspecs)
    rmSync(recordPath(repo), { force: true });
  else writePrivate(repo, 'install.json', `${JSON.stringify(rec, null, 2)}\n`);
}

/** Where the post-commit hook goes: husky's `.husky/post-commit`, else core.hooksPath or .git/hooks. */
export function postCommitTarget(repo: Repo): { path: string; husky: boolean } {
  const { hooksPath, dir } = hooksFolder(repo);
  if (/(^|\/)\.husky(\/_)?\/?$/.test(hooksPath)) return { path: join(repo.root, '.husky', 'post-commit'), husky: true };
  return { path: join(dir, 'post-commit'), husky: false };
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
  if (existsSync(path) && statSync(path).isDirectory())
    throw new GitSessionError('EBADHOOK', `${path} is a directory, not a hook. Move it away and run \`git session install --hooks\` again.`);
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
    if (before && existsSync(chained))
      throw new GitSessionError(
        'EBADHOOK',
        `${chained} already exists, so your post-commit hook cannot be kept there. Move it away and run \`git session install --hooks\` again.`,
      );
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

export interface InstallOptions {
  hooks?: boolean;
  claude?: boolean;
  codex?: boolean;
  /** Register the MCP server in the project's .mcp.json. */
  mcp?: boolean;
  /** Add fetch refspecs for snapshots and notes to this remote. */
  sync?: string;
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
    if (!configValues(repo, 'notes.rewriteRef').includes(NOTES_REF)) {
      configSteps.push(configStep(repo, 'notes.rewriteRef', NOTES_REF));
      rec.notesRewrite = true;
      report.actions.push(`set notes.rewriteRef=${NOTES_REF} so notes follow amend and rebase`);
    }
  }
  if (all || opts.claude) planClaude(repo, rec, cmd, report, steps, configSteps);
  if (opts.codex) planCodex(repo, rec, cmd, report, steps);
  if (opts.mcp) rec.mcp = planMcp(repo, rec.mcp, report, steps) ?? rec.mcp;
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
  if (!hasRemote(repo, remote)) {
    throw new GitSessionError(
      'ENOREMOTE',
      `No remote named ${JSON.stringify(remote)}. Add it first (git remote add ${remote} <url>) or name another: --sync <remote>.`,
    );
  }
  const key = `remote.${remote}.fetch`;
  const existing = configValues(repo, key);
  const added = syncRefspecs(remote).filter((s) => !existing.includes(s));
  for (const spec of added) configSteps.push(configStep(repo, key, spec));
  if (added.length) rec.syncRefspecs = { remote, specs: [...(rec.syncRefspecs?.specs ?? []), ...added] };
  report.actions.push(
    added.length
      ? `git fetch ${remote} now also fetches snapshots and notes (into refs/agentflow/remotes/${remote}/ and refs/notes/remotes/${remote}/); share yours with: git session sync ${remote}`
      : `snapshot fetch refspecs already on ${remote}`,
  );
}

/** Removes everything install added, restoring the files exactly as they were. */
export function uninstall(repo: Repo): InstallReport {
  const rec = readInstallRecord(repo);
  const report: InstallReport = { actions: [] };
  uninstallGitHook(rec, report);
  const wrapped = rec.wrappedStatusline;
  uninstallClaude(rec, report);
  if (rec.codex && unmergeHookFile(rec.codex, report)) delete rec.codex;
  if (rec.mcp && uninstallMcp(rec.mcp, report)) delete rec.mcp;
  if (wrapped) unsetConfig(repo, 'agentflow.statusline.wrap');
  if (rec.syncRefspecs) {
    for (const spec of rec.syncRefspecs.specs) unsetConfigValue(repo, `remote.${rec.syncRefspecs.remote}.fetch`, spec);
    report.actions.push(`removed the snapshot fetch refspecs from ${rec.syncRefspecs.remote}`);
    delete rec.syncRefspecs;
  }
  if (rec.notesRewrite) {
    unsetConfigValue(repo, 'notes.rewriteRef', NOTES_REF);
    delete rec.notesRewrite;
    report.actions.push('unset notes.rewriteRef');
  }
  if (!report.actions.length) report.actions.push('nothing to uninstall: git-session hooks are not installed here');
  writeInstallRecord(repo, rec);
  return report;
}
