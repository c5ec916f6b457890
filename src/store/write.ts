import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GitCommandError, GitSessionError, RefLockedError } from '../errors.js';
import { runGit, type Repo } from './git.js';
import { privateDir } from './private-fs.js';

/**
 * The small part of the store that the post-commit hook needs, apart from SessionStore so that a
 * commit loads neither the snapshot code nor node:crypto: git writes with an identity fallback,
 * ref-lock handling, and the notes on work commits.
 */
export const NOTES_REF = 'refs/notes/agentflow';
/** How long a save waits for another git to release a ref's lock before calling the lock stale. */
export const LOCK_WAIT_MS = 1000;
const LOCK_FILE = /Unable to create '([^']+\.lock)': File exists/;
/** How long a note waits for another git-session note writer; past this its lock is taken as stale. */
const NOTES_LOCK_WAIT_MS = 5000;
const NOTES_LOCK_STALE_MS = 10_000;
const NO_IDENTITY = /tell me who you are|unable to auto-detect email|empty ident name|name consists only of disallowed characters/i;
const FALLBACK_IDENTITY = {
  GIT_AUTHOR_NAME: 'git-session',
  GIT_AUTHOR_EMAIL: 'git-session@localhost',
  GIT_COMMITTER_NAME: 'git-session',
  GIT_COMMITTER_EMAIL: 'git-session@localhost',
};

export interface GitWriteOptions {
  input?: string;
  allowFail?: boolean;
  /** The command writes a commit or note and needs an author. */
  identity?: boolean;
}

/**
 * Runs git in a repository. Writes that need an author (`identity`) use the user's identity, and
 * the fallback only when git refuses for lack of one, so a save never fails on a fresh machine
 * and costs nothing extra where an identity is set.
 */
export class GitWriter {
  /** Set once git has said the user has no identity: later writes go straight to the fallback. */
  private noIdentity = false;

  constructor(readonly repo: Repo) {}

  git(args: string[], opts: GitWriteOptions = {}) {
    const run = (env?: NodeJS.ProcessEnv, allowFail = opts.allowFail) => runGit(this.repo.root, args, { input: opts.input, allowFail, env });
    const fallback = { ...process.env, ...FALLBACK_IDENTITY };
    if (!opts.identity) return run();
    if (this.noIdentity) return run(fallback);
    const r = run(undefined, true);
    if (r.status === 0 || (opts.allowFail && !NO_IDENTITY.test(r.stderr))) return r;
    if (!NO_IDENTITY.test(r.stderr)) throw new GitCommandError(args, r);
    this.noIdentity = true;
    return run(fallback);
  }
}

/** The lock file git names in its error output when a ref's lock is held, if that is why it failed. */
export function heldLock(stderr: string): string | undefined {
  return LOCK_FILE.exec(stderr)?.[1];
}

export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A session's block of a commit's note, as every writer writes it and mergeNoteBlocks reads it:
 * the snapshot it saved (when one), `Session-Id`, the level and the context share at the commit.
 */
export function noteBlock(n: { snapshot?: string; sessionId: string; level: string; percent: number }): string {
  return `${n.snapshot ? `git-session snapshot ${n.snapshot}\n` : ''}Session-Id: ${n.sessionId}\nLevel: ${n.level}\nContext: ${n.percent}%\n`;
}

/**
 * A commit's note with one block per session (blocks are separated by a blank line and named by
 * their `Session-Id:` line): the new block replaces that session's old one, others stay.
 */
export function mergeNoteBlocks(existing: string, block: string): string {
  const idOf = (b: string): string | undefined => /^Session-Id: (.+)$/m.exec(b)?.[1]?.trim();
  const id = idOf(block);
  const kept = existing
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b && (!id || idOf(b) !== id));
  return `${[...kept, block.trim()].join('\n\n')}\n`;
}

/**
 * Runs `fn` holding git-session's notes lock: `.git/agentflow/notes.lock`, created with O_EXCL and
 * shared by every worktree. `git notes add` moves the notes ref without checking where it was
 * (git's commit_notes passes no old value to update_ref), so two notes written at once lose one
 * with no error; git-session's own writers take turns instead. A lock left by a killed process is
 * taken over once it is NOTES_LOCK_STALE_MS old.
 */
export function withNotesLock<T>(repo: Repo, fn: () => T): T {
  const path = join(privateDir(repo), 'notes.lock');
  const deadline = Date.now() + NOTES_LOCK_WAIT_MS;
  for (let i = 0; ; i++) {
    try {
      closeSync(openSync(path, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue; // released between our open and our stat
    }
    if (age > NOTES_LOCK_STALE_MS) rmSync(path, { force: true });
    else if (Date.now() >= deadline) throw new RefLockedError(NOTES_REF, path);
    else sleepMs(2 + Math.random() * 5 * Math.min(i + 1, 8));
  }
  try {
    return fn();
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * Attaches a session's block to a work commit's note in refs/notes/agentflow, keeping the blocks of
 * other sessions; retried while a git outside git-session holds the notes ref's lock.
 * @param fresh the commit was just made (the post-commit hook): try one plain `notes add` first
 * @throws RefLockedError when a lock stays in place (a killed git's) for its wait
 */
export function writeNote(writer: GitWriter, commit: string, text: string, opts: { fresh?: boolean } = {}): void {
  withNotesLock(writer.repo, () => {
    // A new commit has no note yet: one process then. If it has one (an amend carried it over),
    // `add` without -f refuses and the merge below keeps it.
    if (
      opts.fresh &&
      writer.git(['notes', `--ref=${NOTES_REF}`, 'add', '-F', '-', commit], { input: mergeNoteBlocks('', text), allowFail: true, identity: true }).status === 0
    )
      return;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let i = 0; ; i++) {
      // One block per session: a second session saved at the same commit is added, not swapped in.
      // `git log --format=%N` reads the note in one process (`git notes show` starts a second, `git show`).
      const current = writer.git(['log', '-1', '--no-walk', '--format=%N', '--no-notes', `--notes=${NOTES_REF}`, commit], { allowFail: true });
      const existing = current.status === 0 ? current.stdout : '';
      const merged = mergeNoteBlocks(existing, text);
      // The note says this already (the hook run again on one commit, a rebase that carried it): no new notes commit.
      if (existing.trim() && merged.trim() === existing.trim()) return;
      const r = writer.git(['notes', `--ref=${NOTES_REF}`, 'add', '-f', '-F', '-', commit], { input: merged, allowFail: true, identity: true });
      if (r.status === 0) return;
      const lock = heldLock(r.stderr);
      if (!lock) throw new GitSessionError('ENOTE', `Could not write the git note on ${commit}: ${r.stderr.trim()}`);
      if (Date.now() >= deadline) throw new RefLockedError(NOTES_REF, lock);
      sleepMs(5 + Math.random() * 10 * Math.min(i + 1, 5));
    }
  });
}
