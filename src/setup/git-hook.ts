/** The git post-commit hook: its line, where it goes (husky, core.hooksPath, .git/hooks), planned and undone. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GitSessionError } from '../errors.js';
import { cliPath, packageRoot } from '../paths.js';
import type { Repo } from '../store/index.js';
import { hooksFolder } from '../store/repo-facts.js';
import { MARK, shq } from './command.js';
import { missingDirFor, removeCreatedDirs, restoreFile, snapshotFile, writeAtomically, type InstallReport, type Step } from './files.js';
import type { GitHookRecord, InstallRecord } from './records.js';

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

/** Where the post-commit hook goes: husky's `.husky/post-commit`, else core.hooksPath or .git/hooks. */
export function postCommitTarget(repo: Repo): { path: string; husky: boolean } {
  const { hooksPath, dir } = hooksFolder(repo);
  if (/(^|\/)\.husky(\/_)?\/?$/.test(hooksPath)) return { path: join(repo.root, '.husky', 'post-commit'), husky: true };
  return { path: join(dir, 'post-commit'), husky: false };
}

/** Plans the post-commit hook: reads what is there now and writes nothing. */
export function planGitHook(repo: Repo, rec: InstallRecord, report: InstallReport, steps: Step[]): void {
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

export function uninstallGitHook(rec: InstallRecord, report: InstallReport): void {
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
