import { GitSessionError } from '../errors.js';
import { GitCommandError, runGit, type Repo } from './git.js';

/**
 * The small part of the store that the post-commit hook needs, apart from SessionStore so that a
 * commit loads neither the snapshot code nor node:crypto: git writes with an identity fallback,
 * ref-lock handling, and the notes on work commits.
 */
export const NOTES_REF = 'refs/notes/agentflow';
/** How long a save waits for another git to release a ref's lock before calling the lock stale. */
export const LOCK_WAIT_MS = 1000;
const LOCK_FILE = /Unable to create '([^']+\.lock)': File exists/;
const NO_IDENTITY = /tell me who you are|unable to auto-detect email|empty ident name|name consists only of disallowed characters/i;
const FALLBACK_IDENTITY = { GIT_AUTHOR_NAME: 'git-session', GIT_AUTHOR_EMAIL: 'git-session@localhost', GIT_COMMITTER_NAME: 'git-session', GIT_COMMITTER_EMAIL: 'git-session@localhost' };

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

export class RefLockedError extends GitSessionError {
  constructor(
    readonly ref: string,
    readonly lockFile: string,
    /** Where the manifest that could not be stored was kept. */
    readonly kept?: string,
  ) {
    super(
      'ELOCKED',
      `${ref} is locked by ${lockFile}. If no git command is running in this repository, a killed git left it behind: remove it with \`rm '${lockFile.replace(/'/g, `'\\''`)}'\` and run the command again.${kept ? ` The manifest was kept in ${kept} and is stored with the next save.` : ''}`,
    );
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
 * Attaches a session's block to a work commit's note in refs/notes/agentflow; retried while
 * another git holds the notes lock or wins the race to update the notes ref.
 * @throws RefLockedError when the lock stays in place (a killed git's) for LOCK_WAIT_MS
 */
export function writeNote(writer: GitWriter, commit: string, text: string): void {
  // A new commit has no note yet: one `notes add` then (the post-commit hook's case). When that
  // fails, for an existing note, a held lock or a race, the merge loop below sorts it out.
  if (writer.git(['notes', `--ref=${NOTES_REF}`, 'add', '-F', '-', commit], { input: mergeNoteBlocks('', text), allowFail: true, identity: true }).status === 0) return;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let i = 0; ; i++) {
    // One block per session: a second session saved at the same commit is added, not swapped in.
    const current = writer.git(['notes', `--ref=${NOTES_REF}`, 'show', commit], { allowFail: true });
    const merged = mergeNoteBlocks(current.status === 0 ? current.stdout : '', text);
    const r = writer.git(['notes', `--ref=${NOTES_REF}`, 'add', '-f', '-F', '-', commit], { input: merged, allowFail: true, identity: true });
    if (r.status === 0) return;
    const lock = heldLock(r.stderr);
    // Two notes written at once: the loser's compare-and-swap on the notes ref fails; try again.
    const raced = /cannot lock ref|is at [0-9a-f]+ but expected/i.test(r.stderr);
    if (!lock && !raced) throw new GitSessionError('ENOTE', `Could not write the git note on ${commit}: ${r.stderr.trim()}`);
    if (Date.now() >= deadline) {
      if (lock) throw new RefLockedError(NOTES_REF, lock);
      throw new GitSessionError('ENOTE', `Could not write the git note on ${commit}: other writers kept updating ${NOTES_REF}.`);
    }
    sleepMs(5 + Math.random() * 10 * Math.min(i + 1, 5));
  }
}
