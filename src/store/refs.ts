/**
 * The snapshot ref and how it moves: read, compare-and-swap (`git update-ref REF NEW OLD`)
 * waiting out another git's lock, and setting aside a ref that names no commit.
 */
import { RefLockedError } from '../errors.js';
import type { GitResult } from './git.js';
import { heldLock, LOCK_WAIT_MS, sleepMs } from './write.js';

export const SESSIONS_REF = 'refs/agentflow/sessions';
/**
 * The old value `update-ref` takes for "this ref must not exist yet": the empty string, which
 * works for SHA-1 and SHA-256 repositories alike (forty zeros is a SHA-1 id only).
 */
export const MUST_NOT_EXIST = '';

type Git = (args: string[], opts?: { input?: string; allowFail?: boolean }) => GitResult;

/** The commit a ref names, or undefined when it names none. */
export function refCommit(git: Git, ref: string): string | undefined {
  const r = git(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { allowFail: true });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The snapshot commit the ref names, or undefined before the first save (or when it names no commit). */
export const readTip = (git: Git): string | undefined => refCommit(git, SESSIONS_REF);

/** Whether commit `a` is an ancestor of (or is) commit `b`: exact, whatever the commit dates say. */
export const isAncestor = (git: Git, a: string, b: string): boolean => git(['merge-base', '--is-ancestor', a, b], { allowFail: true }).status === 0;

/**
 * Moves the snapshot ref from `expected` to `next` only if nobody moved it meanwhile.
 * @returns false when another save moved it first
 * @throws RefLockedError when its lock file stays in place (a killed git's) for LOCK_WAIT_MS
 */
export function swapTip(git: Git, next: string, expected: string | undefined): boolean {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const r = git(['update-ref', '-m', 'git-session', SESSIONS_REF, next, expected ?? MUST_NOT_EXIST], { allowFail: true });
    if (r.status === 0) return true;
    const lock = heldLock(r.stderr);
    if (!lock) return false;
    if (Date.now() >= deadline) throw new RefLockedError(SESSIONS_REF, lock);
    sleepMs(20 + Math.random() * 30);
  }
}

/**
 * A snapshot ref that exists but names no commit (a blob someone pushed, say) would block
 * every save: it is moved to refs/agentflow/broken/sessions-<time>, kept for inspection, and
 * the next save starts a new history.
 * @returns whether it was set aside
 */
export function setAsideNonCommitTip(git: Git): boolean {
  const raw = git(['rev-parse', '-q', '--verify', SESSIONS_REF], { allowFail: true }).stdout.trim();
  if (!raw || readTip(git)) return false;
  const aside = `refs/agentflow/broken/sessions-${Date.now()}`;
  git(['update-ref', aside, raw]);
  git(['update-ref', '-d', SESSIONS_REF, raw], { allowFail: true });
  process.stderr.write(
    `git-session: ${SESSIONS_REF} named a ${git(['cat-file', '-t', raw], { allowFail: true }).stdout.trim() || 'missing object'}, not a snapshot commit; it is kept as ${aside} and a new snapshot history starts.\n`,
  );
  return true;
}
