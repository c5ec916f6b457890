import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafeStateError } from '../errors.js';
import { readBounded, writeAtomic } from '../files.js';
import type { Repo } from './git.js';

/**
 * The files git-session keeps in `.git/agentflow` (state, hook log, caches, pending saves): only
 * regular files in real folders, opened without following a symbolic link and read up to a size
 * bound. A symlink there (to a file outside the repository, to /dev/zero) or a FIFO in place of
 * a file is never followed, read or written through: a read answers "nothing there", a write
 * fails with a message that names the path.
 */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** git-session's own folder in the repository's git directory. */
export function agentflowDir(repo: Repo): string {
  return join(repo.commonDir, 'agentflow');
}

function kind(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'a symbolic link';
    if (!st.isDirectory()) return 'not a folder';
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/**
 * The path of `rel` inside `.git/agentflow`, after checking that each folder on the way is a real
 * folder; with `create`, missing folders are made.
 * @throws UnsafeStateError when a folder on the way is a symbolic link or a file
 */
export function privatePath(repo: Repo, rel: string, create = false): string {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  return join(checkedDir(repo, parts.slice(0, -1), create), parts.at(-1) ?? '');
}

/** A folder inside `.git/agentflow` (made when missing), checked like privatePath. */
export function privateDir(repo: Repo, rel = ''): string {
  return checkedDir(repo, rel.split(/[\\/]/).filter(Boolean), true);
}

function checkedDir(repo: Repo, parts: string[], create: boolean): string {
  const base = agentflowDir(repo);
  if (parts.some((p) => p === '..' || p === '.')) throw new UnsafeStateError(join(base, ...parts), 'outside .git/agentflow');
  let dir = base;
  for (let i = 0; i <= parts.length; i++) {
    if (i) dir = join(dir, parts[i - 1]!);
    const k = kind(dir);
    if (k === 'missing') {
      if (!create) return join(base, ...parts);
      mkdirSync(dir);
      continue;
    }
    if (k) throw new UnsafeStateError(dir, k);
  }
  return dir;
}

/**
 * A regular file of at most `max` bytes inside `.git/agentflow`, or undefined when there is none,
 * it is larger, or it is anything but a regular file (a symlink, a FIFO, a device, a folder).
 */
export function readPrivate(repo: Repo, rel: string, max: number): Buffer | undefined {
  try {
    return readBounded(privatePath(repo, rel), max);
  } catch {
    return undefined;
  }
}

export function readPrivateText(repo: Repo, rel: string, max: number): string | undefined {
  return readPrivate(repo, rel, max)?.toString('utf8');
}

/**
 * Replaces a file inside `.git/agentflow` in one step (see writeAtomic: a symlink there is
 * replaced, never followed).
 * @throws UnsafeStateError or the file system's error
 */
export function writePrivate(repo: Repo, rel: string, data: string | Uint8Array): void {
  writeAtomic(privatePath(repo, rel, true), data);
}

/**
 * A descriptor for appending to a log inside `.git/agentflow`, emptied first when it has grown
 * past `max` bytes; undefined when the path is not a regular file (a symlink, a FIFO).
 */
export function openPrivateLog(repo: Repo, rel: string, max: number): number | undefined {
  let fd: number;
  try {
    fd = openSync(privatePath(repo, rel, true), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK, 0o644);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return undefined;
    }
    if (st.size > max) ftruncateSync(fd, 0);
    return fd;
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/** Appends text to a log inside `.git/agentflow` (see openPrivateLog). Never throws. */
export function appendPrivate(repo: Repo, rel: string, text: string, max: number): void {
  const fd = openPrivateLog(repo, rel, max);
  if (fd === undefined) return;
  try {
    writeSync(fd, text);
  } catch {
    /* a full disk loses a log line, nothing else */
  } finally {
    closeSync(fd);
  }
}
