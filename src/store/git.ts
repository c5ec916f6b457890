import { childProcess } from '../builtins.js';
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitCommandError, GitSessionError, NotAGitRepoError } from '../errors.js';
import { discoverRepo } from './discover.js';
import { knownObject, rememberObject } from './object-cache.js';

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Return the failed result instead of throwing. */
  allowFail?: boolean;
  /** Most output to take (default 64 MB). */
  maxBuffer?: number;
}

/** Runs one git command in `cwd` and returns its output; throws GitCommandError on failure. */
export function runGit(cwd: string, args: string[], opts: GitOptions = {}): GitResult {
  const r = childProcess().spawnSync('git', args, {
    cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: opts.maxBuffer ?? 64 << 20,
  });
  if (r.error) throw new GitSessionError('ENOGIT', `Cannot run git (${r.error.message}). Install git and make sure it is on PATH.`);
  const result = { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (result.status !== 0 && !opts.allowFail) throw new GitCommandError(args, result);
  return result;
}

export interface Repo {
  /** Top-level directory of the work tree. */
  root: string;
  /** Absolute path of the .git directory (of this worktree). */
  gitDir: string;
  /** Absolute path of the common .git directory (shared by worktrees). */
  commonDir: string;
}

/**
 * The repository containing `cwd`; throws NotAGitRepoError outside one. HEAD (its commit and
 * branch) is read in the same git process, for headState.
 */
export function openRepo(cwd: string, opts: { readRef?: string } = {}): Repo {
  // The plain case read from the files git would read (discover.ts); a ref to read goes to git, which peels it.
  const found = opts.readRef ? undefined : discoverRepo(cwd);
  if (found) {
    const { head, branch, ...repo } = found;
    heads.set(repo, { head, branch });
    return repo;
  }
  // --revs-only: a ref that is missing, or names no commit, prints nothing (and fails nothing).
  const ref = opts.readRef ? ['--revs-only', `${opts.readRef}^{commit}`] : [];
  const withHead = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', 'HEAD', ...ref, '--abbrev-ref', 'HEAD'], {
    allowFail: true,
  });
  if (withHead.status === 0) {
    const lines = withHead.stdout.replace(/\n$/, '').split('\n');
    const refCommit = opts.readRef && lines.length === 6 ? lines.splice(4, 1)[0] : undefined;
    // A ref that names no commit ends --revs-only's revisions there (what follows is taken as
    // paths, and not printed): the branch is then read on its own.
    if (opts.readRef && lines.length === 4) lines.push(readBranch(cwd) ?? 'HEAD');
    const [root = cwd, gitDir = '', common = '', head = '', branch = ''] = lines;
    const repo = { root, gitDir, commonDir: commonDirOf(cwd, common) };
    // `HEAD` is what --abbrev-ref prints for a detached HEAD.
    heads.set(repo, { head: head || undefined, branch: branch && branch !== 'HEAD' ? branch : undefined });
    if (opts.readRef) refsAtOpen.set(repo, { ref: opts.readRef, commit: refCommit });
    return repo;
  }
  if (/not a git repository/i.test(withHead.stderr)) throw new NotAGitRepoError(cwd);
  // No commit yet (or no work tree): without HEAD.
  const r = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { allowFail: true });
  if (r.status !== 0) throw new NotAGitRepoError(cwd);
  const [root = cwd, gitDir = '', common = ''] = r.stdout.split('\n');
  return { root, gitDir, commonDir: commonDirOf(cwd, common) };
}

/** The ref openRepo was asked to read, as it was then; handed out once (a reader reads it right after opening). */
const refsAtOpen = new WeakMap<Repo, { ref: string; commit?: string }>();

/** The commit `ref` named when `repo` was opened with `readRef` (undefined inside: it named none); undefined when not read then, or handed out already. */
export function takeRefAtOpen(repo: Repo, ref: string): { commit: string | undefined } | undefined {
  const read = refsAtOpen.get(repo);
  if (read?.ref !== ref) return undefined;
  refsAtOpen.delete(repo);
  return { commit: read.commit };
}

/** `openRepo` and the HEAD commit in one git process: the post-commit hook's first step. */
export function openRepoAtHead(cwd: string): { repo: Repo; head: string } {
  const found = discoverRepo(cwd);
  if (found?.head) {
    const { head, branch: _branch, ...repo } = found;
    return { repo, head };
  }
  const r = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', 'HEAD'], { allowFail: true });
  // No repository, or no commit yet: openRepo says which.
  if (r.status !== 0) return { repo: openRepo(cwd), head: runGit(cwd, ['rev-parse', 'HEAD']).stdout.trim() };
  const [root = cwd, gitDir = '', common = '', head = ''] = r.stdout.split('\n');
  return { repo: { root, gitDir, commonDir: commonDirOf(cwd, common) }, head };
}

/**
 * `rev-parse --git-common-dir` prints a path relative to the directory git ran in (`../../.git`
 * from a subdirectory): that directory with its symlinks resolved, as git's getcwd() sees it.
 */
const commonDirOf = (cwd: string, common: string): string => {
  let here = cwd;
  try {
    here = realpathSync(cwd);
  } catch {
    /* gone since: as given */
  }
  return resolve(here, common);
};

/** The repository containing `cwd`, or undefined outside one (`opts` as openRepo's). */
export function findRepo(cwd: string, opts: { readRef?: string } = {}): Repo | undefined {
  try {
    return openRepo(cwd, opts);
  } catch (err) {
    if (err instanceof NotAGitRepoError) return undefined;
    throw err;
  }
}

export interface HeadState {
  /** Branch name, `undefined` when detached. */
  branch?: string;
  /** Commit id, `undefined` in a repository with no commit yet. */
  head?: string;
}

/** HEAD as each opened repository first saw it: a Repo is opened per command, which reads HEAD once. */
const heads = new WeakMap<Repo, HeadState>();

/** The branch and commit HEAD names, read once per opened Repo (a command's view of it). */
export function headState(repo: Repo): HeadState {
  let known = heads.get(repo);
  if (!known) heads.set(repo, (known = readHead(repo)));
  return known;
}

function readHead(repo: Repo): HeadState {
  const branch = readBranch(repo.root);
  const h = runGit(repo.root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { allowFail: true });
  return { branch, head: h.status === 0 ? h.stdout.trim() : undefined };
}

/** The branch HEAD names, undefined when detached. */
function readBranch(cwd: string): string | undefined {
  const b = runGit(cwd, ['symbolic-ref', '-q', '--short', 'HEAD'], { allowFail: true });
  return b.status === 0 ? b.stdout.trim() : undefined;
}

// --no-optional-locks: status must not rewrite the user's index as a side effect.
const STATUS = ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'];

/** Paths with uncommitted changes (staged, unstaged or untracked), from `git status`. */
export function dirtyFiles(repo: Repo): string[] {
  const r = runGit(repo.root, STATUS, { allowFail: true });
  return r.status === 0 ? statusPaths(r.stdout) : [];
}

/**
 * dirtyFiles started now and read later: `git status` runs while the caller does other work (in
 * `cwd`, anywhere in the work tree: porcelain paths are relative to its root). [] when git fails.
 */
export function dirtyFilesSoon(cwd: string): Promise<string[]> {
  return new Promise((done) => {
    const child = childProcess().spawn('git', STATUS, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => done([]));
    child.on('close', (code) => done(code === 0 ? statusPaths(Buffer.concat(chunks).toString('utf8')) : []));
  });
}

function statusPaths(stdout: string): string[] {
  const out: string[] = [];
  const parts = stdout.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!;
    if (entry.length < 4) continue;
    out.push(entry.slice(3));
    // Renames and copies carry their source path as the next field.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return out;
}

/** Files agents keep project state in, looked for at the repository root. */
export const STATE_FILES = ['CLAUDE.md', 'AGENTS.md', 'PROJECT_STATE.md', '.claude/CLAUDE.md', 'GEMINI.md', 'CONVENTIONS.md', '.cursorrules'];

export function stateFilesIn(repo: Repo): string[] {
  return STATE_FILES.filter((f) => existsSync(join(repo.root, f)));
}

/**
 * The contents of many blobs (ids or `<commit>:<path>` names): their sizes from one
 * `git cat-file --batch-check`, then those no larger than `maxBytes` from one `--batch`. A name
 * git does not know, or that names something else or something larger, maps to undefined and is
 * never read, so a reader's memory follows `maxBytes`, not what a pushed snapshot holds.
 * @param env git's environment (a quarantine's, to read objects not yet kept)
 * @param checked every name is a blob id whose size a listing (`ls-tree -l`) showed within
 *   `maxBytes`: the `--batch-check` is skipped
 */
export function readObjects(repo: Repo, names: string[], maxBytes: number, env?: NodeJS.ProcessEnv, checked = false): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  // What this command read already (a read-ahead, see object-cache.ts); not in a quarantine's environment.
  if (!env) {
    const unknown = names.filter((name) => {
      const k = knownObject(repo, name);
      if (!k || (!k.missing && k.type === 'blob' && k.size <= maxBytes && k.text === undefined)) return true;
      out.set(name, k.missing || k.type !== 'blob' || k.size > maxBytes ? undefined : k.text);
      return false;
    });
    if (unknown.length < names.length) return new Map([...out, ...readObjects(repo, unknown, maxBytes, env, checked)]);
  }
  if (!names.length) return out;
  const batch = (args: string[], input: string[], maxBuffer: number): Buffer => {
    const r = childProcess().spawnSync('git', ['cat-file', ...args], { cwd: repo.root, env: env ?? process.env, input: `${input.join('\n')}\n`, maxBuffer });
    if (r.error || r.status !== 0) throw new GitSessionError('EGIT', `git cat-file ${args[1]} failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
    return r.stdout;
  };
  const found = checked
    ? names.map((id) => `${id} blob 0`)
    : batch(['--buffer', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], names, 64 << 20)
        .toString('utf8')
        .split('\n');
  const wanted: Array<{ name: string; id: string }> = [];
  names.forEach((name, i) => {
    const [id = '', type, size] = found[i]?.split(' ') ?? [];
    if (type === 'blob' && Number(size) <= maxBytes) wanted.push({ name, id });
    else out.set(name, undefined);
  });
  if (!wanted.length) return out;
  const buf = batch(
    ['--buffer', '--batch'],
    wanted.map((w) => w.id),
    wanted.length * (maxBytes + 128) + 1024,
  );
  let at = 0;
  for (const { name } of wanted) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) break;
    const header = buf.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    // `<id> missing`: an object a listing named that this clone lacks.
    if (header.length !== 3) {
      out.set(name, undefined);
      continue;
    }
    const size = Number(header[2]);
    out.set(name, buf.toString('utf8', at, at + size));
    if (!env) rememberObject(repo, name, { type: 'blob', size, text: out.get(name) });
    at += size + 1;
  }
  return out;
}
