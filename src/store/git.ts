import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitSessionError, NotAGitRepoError } from '../errors.js';

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

export class GitCommandError extends GitSessionError {
  constructor(args: string[], result: GitResult) {
    super('EGIT', `git ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

export interface GitOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Return the failed result instead of throwing. */
  allowFail?: boolean;
}

/** Runs one git command in `cwd` and returns its output; throws GitCommandError on failure. */
export function runGit(cwd: string, args: string[], opts: GitOptions = {}): GitResult {
  const r = spawnSync('git', args, {
    cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
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

/** The repository containing `cwd`; throws NotAGitRepoError outside one. */
export function openRepo(cwd: string): Repo {
  const r = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { allowFail: true });
  if (r.status !== 0) throw new NotAGitRepoError(cwd);
  const [root = cwd, gitDir = '', common = ''] = r.stdout.split('\n');
  return { root, gitDir, commonDir: commonDirOf(cwd, common) };
}

/** `openRepo` and the HEAD commit in one git process: the post-commit hook's first step. */
export function openRepoAtHead(cwd: string): { repo: Repo; head: string } {
  const r = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', 'HEAD'], { allowFail: true });
  // No repository, or no commit yet: openRepo says which.
  if (r.status !== 0) return { repo: openRepo(cwd), head: runGit(cwd, ['rev-parse', 'HEAD']).stdout.trim() };
  const [root = cwd, gitDir = '', common = '', head = ''] = r.stdout.split('\n');
  return { repo: { root, gitDir, commonDir: commonDirOf(cwd, common) }, head };
}

/** `rev-parse --git-common-dir` prints a path relative to the directory git ran in (`../../.git` from a subdirectory). */
const commonDirOf = (cwd: string, common: string): string => resolve(cwd, common);

/** The repository containing `cwd`, or undefined outside one. */
export function findRepo(cwd: string): Repo | undefined {
  try {
    return openRepo(cwd);
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

export function headState(repo: Repo): HeadState {
  const b = runGit(repo.root, ['symbolic-ref', '-q', '--short', 'HEAD'], { allowFail: true });
  const h = runGit(repo.root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { allowFail: true });
  return { branch: b.status === 0 ? b.stdout.trim() : undefined, head: h.status === 0 ? h.stdout.trim() : undefined };
}

/** Paths with uncommitted changes (staged, unstaged or untracked), from `git status`. */
export function dirtyFiles(repo: Repo): string[] {
  // --no-optional-locks: status must not rewrite the user's index as a side effect.
  const r = runGit(repo.root, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'], { allowFail: true });
  if (r.status !== 0) return [];
  const out: string[] = [];
  const parts = r.stdout.split('\0');
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
 * The contents of many objects in one `git cat-file --batch`; an object git does not have, or
 * one larger than `maxBytes`, maps to undefined (its content is never turned into a string).
 */
export function readObjects(repo: Repo, ids: string[], maxBytes: number): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!ids.length) return out;
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd: repo.root, input: `${ids.join('\n')}\n`, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new GitSessionError('EGIT', `git cat-file --batch failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
  const buf = r.stdout;
  let at = 0;
  for (const id of ids) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) break;
    const header = buf.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    if (header[1] === 'missing' || header.length < 3) {
      out.set(id, undefined);
      continue;
    }
    const size = Number(header[2]);
    out.set(id, size <= maxBytes ? buf.toString('utf8', at, at + size) : undefined);
    at += size + 1;
  }
  return out;
}
