/**
 * The git facts and settings the rest of the code reads or changes outside the snapshot ref: its
 * config values, remotes, the hooks folder, commit times, git's own date reading. Every git
 * process git-session starts is started from src/store/ (test/store/git-owner.test.ts checks it).
 */
import { isAbsolute, resolve } from 'node:path';
import { GitSessionError } from '../errors.js';
import { runGit, type GitOptions, type GitResult, type Repo } from './git.js';
import { isAncestor as ancestorVia, refCommit as refCommitVia } from './refs.js';

/** git in the repository's root, as the ref plumbing (refs.ts) takes it. */
const gitIn =
  (repo: Repo) =>
  (args: string[], opts?: GitOptions): GitResult =>
    runGit(repo.root, args, opts);

/** Every value of a config key, in order; none when it is not set. */
export function configValues(repo: Repo, key: string): string[] {
  const r = runGit(repo.root, ['config', '--get-all', key], { allowFail: true });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Adds one value to a config key (throws when git cannot write it). */
export function addConfigValue(repo: Repo, key: string, value: string): void {
  runGit(repo.root, ['config', '--add', key, value]);
}

/** Sets a config key to one value (throws when git cannot write it). */
export function setConfigValue(repo: Repo, key: string, value: string): void {
  runGit(repo.root, ['config', key, value]);
}

/** Removes every value of a config key; nothing when it is not set. */
export function unsetConfig(repo: Repo, key: string): void {
  runGit(repo.root, ['config', '--unset-all', key], { allowFail: true });
}

/** Removes the values of a config key equal to `value` (compared as text, not as a pattern). */
export function unsetConfigValue(repo: Repo, key: string, value: string): void {
  runGit(repo.root, ['config', '--fixed-value', '--unset-all', key, value], { allowFail: true });
}

/** Whether the repository has a remote of this name. */
export const hasRemote = (repo: Repo, remote: string): boolean => runGit(repo.root, ['remote', 'get-url', remote], { allowFail: true }).status === 0;

/** core.hooksPath as set (empty when not), and the folder git runs hooks from, absolute. */
export function hooksFolder(repo: Repo): { hooksPath: string; dir: string } {
  const hooksPath = configValues(repo, 'core.hooksPath').at(-1) ?? '';
  const dir = runGit(repo.root, ['rev-parse', '--git-path', 'hooks']).stdout.trim();
  return { hooksPath, dir: isAbsolute(dir) ? dir : resolve(repo.root, dir) };
}

/** When HEAD was committed (ms since the epoch), or NaN without a commit. */
export const headCommitTime = (repo: Repo): number => Number(runGit(repo.root, ['log', '-1', '--format=%ct'], { allowFail: true }).stdout.trim() || NaN) * 1000;

/** The time git reads a date as ("2 weeks ago", "2024-05-01"), in seconds since the epoch; undefined when git gives none. */
export function gitDate(repo: Repo, text: string): number | undefined {
  const m = /--max-age=(\d+)/.exec(runGit(repo.root, ['rev-parse', `--since=${text}`], { allowFail: true }).stdout);
  return m ? Number(m[1]) : undefined;
}

/** The commit HEAD names, or undefined without one. */
export const headCommit = (repo: Repo): string | undefined => refCommit(repo, 'HEAD');

/** Whether `name` is a commit this repository has. */
export const hasCommit = (repo: Repo, name: string): boolean => runGit(repo.root, ['cat-file', '-e', `${name}^{commit}`], { allowFail: true }).status === 0;

/** Whether commit `a` is an ancestor of (or is) commit `b`. */
export const isAncestor = (repo: Repo, a: string, b: string): boolean => ancestorVia(gitIn(repo), a, b);

/** `git rev-list` with these arguments: the commit ids, newest first. */
export const revList = (repo: Repo, args: string[]): string[] =>
  runGit(repo.root, ['rev-list', ...args], { allowFail: true })
    .stdout.split('\n')
    .filter(Boolean);

/** Of these commits, the ones none of the others reaches (`merge-base --independent`). */
export function independentCommits(repo: Repo, commits: string[]): string[] | undefined {
  const r = runGit(repo.root, ['merge-base', '--independent', ...commits], { allowFail: true });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
}

/** The commit a ref names, or undefined when it names none. */
export const refCommit = (repo: Repo, ref: string): string | undefined => refCommitVia(gitIn(repo), ref);

/**
 * The commits reachable from `head` but from none of `known`, with the files each touched: `git
 * log --name-only -z` without merges or rename detection (bounded time), paths unquoted.
 * @throws GitSessionError when git cannot read them
 */
export function changedFilesLog(repo: Repo, head: string, known: string[]): string {
  const args = [
    '-c',
    'core.quotePath=false',
    'log',
    '--no-merges',
    '--no-renames',
    '--name-only',
    '-z',
    '--format=%x1e%H%x1f%ct',
    head,
    ...(known.length ? ['--not', ...known] : []),
    '--',
  ];
  const r = runGit(repo.root, args, { allowFail: true, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new GitSessionError('EGIT', `git log --name-only failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The snapshot commits in `range` (`git log` arguments), oldest first, without sync's merges: id, commit time and Session-Id trailer. */
export function snapshotCommitsLog(repo: Repo, range: string[]): { ok: boolean; text: string } {
  const r = runGit(
    repo.root,
    ['log', '--reverse', '--topo-order', '--no-merges', '--format=%H%x1f%ct%x1f%(trailers:key=Session-Id,valueonly,separator=%x1d)%x1e', ...range, '--'],
    { allowFail: true },
  );
  return { ok: r.status === 0, text: r.stdout };
}
