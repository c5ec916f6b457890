/** A snapshot a user names on the command line (`git session show <name>`). */
import { AmbiguousSessionError, NoSnapshotError } from '../errors.js';
import { refCommit } from './repo-facts.js';
import { snapshotOfSession } from './session-prefix.js';
import { SESSIONS_REF, type SessionStore, type Snapshot } from './session-store.js';

/**
 * Resolves a user's snapshot name (commit id or prefix, `agentflow/sessions~2`, a session id or
 * a unique prefix: the snapshot that session is read from, see readablePerSession). A name that
 * could mean a snapshot and another session's snapshot means the commit, as in git, and `note`
 * says so; a prefix several sessions share and no commit has is refused with them listed.
 */
export function resolveSnapshotName(store: SessionStore, name: string): { snapshot: Snapshot; note?: string } {
  const sessions = store.readablePerSession();
  if (!sessions.length) throw new NoSnapshotError();
  // A name starting with '-' would be read by git as an option: it can only be an id prefix here.
  const id = name.startsWith('-') ? undefined : refCommit(store.repo, name.replace(/^agentflow\/sessions/, SESSIONS_REF));
  // Any snapshot, however old: git finds the commit, its message says which session it holds.
  const byCommit = id ? store.snapshotsAt([id]).find((s) => s.sessionId) : undefined;
  let bySession: Snapshot | undefined;
  try {
    bySession = snapshotOfSession(sessions, name);
  } catch (err) {
    if (!(byCommit && err instanceof AmbiguousSessionError)) throw err;
  }
  // An exact session id beats a commit prefix; a commit beats a session prefix.
  const exactSession = bySession?.sessionId === name;
  const snapshot = exactSession ? bySession : (byCommit ?? bySession);
  if (!snapshot) throw new NoSnapshotError(`named ${JSON.stringify(name)}; list them with \`git session log\``);
  const other = snapshot === bySession ? byCommit : bySession;
  const note =
    other && other.commit !== snapshot.commit
      ? `${JSON.stringify(name)} matches ${snapshot === bySession ? `session ${snapshot.sessionId}` : `snapshot ${snapshot.commit.slice(0, 12)}`}, shown here, and also ${other === bySession ? `session ${other.sessionId}` : `snapshot ${other.commit.slice(0, 12)}`}; give more characters to choose.`
      : undefined;
  return { snapshot, note };
}
