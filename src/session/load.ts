/** The read side of snapshots: which one a command or hook reads, and its manifest as every reader accepts it. */
import type { Manifest } from '../manifest/index.js';
import { NoSnapshotError } from '../errors.js';
import {
  headState,
  manifestPath,
  openRepo,
  resolveSnapshotName,
  SessionStore,
  SESSIONS_REF,
  sessionDir,
  snapshotOfSession,
  readState,
  type Repo,
  type Snapshot,
} from '../store/index.js';
import { acceptManifest } from '../store/accept.js';

/** The newest valid manifest of a session, or undefined when it has none (or it does not parse). */
export function latestManifest(store: SessionStore, sessionId: string): Manifest | undefined {
  const snapshot = store.latest({ sessionId });
  return snapshot && snapshot.sessionId === sessionId ? manifestOf(store, snapshot) : undefined;
}

/** A snapshot's manifest as every reader accepts it (see acceptManifest), or undefined. */
export function manifestOf(store: SessionStore, snapshot: Snapshot): Manifest | undefined {
  try {
    return readManifest(store, snapshot);
  } catch {
    return undefined;
  }
}

/**
 * A snapshot's manifest, accepted by the rule sync applies (see acceptManifest): a snapshot sync
 * would refuse is never shown.
 * @throws InvalidManifestError
 */
function readManifest(store: SessionStore, snapshot: Snapshot): Manifest {
  return acceptManifest(store.readManifest(snapshot), `${snapshot.commit.slice(0, 10)}:${manifestPath(snapshot.sessionId)}`, sessionDir(snapshot.sessionId));
}

export interface LoadedSnapshot {
  repo: Repo;
  store: SessionStore;
  snapshot: Snapshot;
  manifest: Manifest;
  /** False for a snapshot fetched from elsewhere (`git session sync`): shown when asked for, never injected unasked. */
  local: boolean;
  /** Set when the name asked for could also mean another snapshot. */
  note?: string;
}

/**
 * Whether a snapshot was saved in this clone: it is the one this clone's last save of that
 * session wrote (.git/agentflow/state.json). State written before that was recorded falls back
 * to the time of the session's last save here.
 */
export function isLocalSnapshot(sessions: Sessions): (s: Snapshot) => boolean {
  return (s) => {
    const st = sessions[s.sessionId];
    if (!st) return false;
    if (st.lastSnapshotCommit) return st.lastSnapshotCommit === s.commit;
    return st.lastSnapshot !== undefined && Date.parse(s.date) <= Date.parse(st.lastSnapshot) + 60_000;
  };
}

type Sessions = ReturnType<typeof readState>['sessions'];

/** The snapshot commits this clone's saves wrote last, one per session (state.json). */
export const ownCommits = (sessions: Sessions): string[] => Object.values(sessions).flatMap((s) => (s.lastSnapshotCommit ? [s.lastSnapshotCommit] : []));

/**
 * What a caller reads after the manifest, read with it in two git processes (SessionStore.readAhead):
 * the snapshot's trail, and with `ownManifests` the manifests of this clone's other snapshots.
 */
export interface ReadAhead {
  ownManifests?: boolean;
}

/** Related earlier work (resume) reads the manifests of at most this many of this clone's sessions, the newest. */
export const MAX_OWN_SESSIONS = 500;

/**
 * A reader that reads ahead goes on to read the session index (the line of work, sessionChain):
 * read first, it also tells which of this clone's snapshots the ref reaches, without a git
 * process each (SessionStore.snapshotsAt).
 */
const indexFirst = (store: SessionStore, ahead?: ReadAhead): void => void (ahead && store.newestPerSession());

function load(repo: Repo, store: SessionStore, snapshot: Snapshot, local: boolean, ahead?: ReadAhead): LoadedSnapshot {
  if (ahead) store.readAhead(snapshot, ahead.ownManifests ? store.snapshotsAt(ownCommits(readState(repo).sessions)).slice(0, MAX_OWN_SESSIONS) : []);
  return { repo, store, snapshot, manifest: readManifest(store, snapshot), local };
}

/**
 * This clone's own snapshots, newest first: the one each session's last save here wrote
 * (state.json), else, for state written before that was recorded, the session's newest.
 */
function localSnapshots(store: SessionStore, sessions: Sessions, newest: () => Snapshot[]): Snapshot[] {
  const isLocal = isLocalSnapshot(sessions);
  // Only state written before saves recorded their commit needs the history read (a hook must
  // not wait for a long one).
  const legacy = Object.values(sessions).some((s) => !s.lastSnapshotCommit)
    ? newest().filter((s) => !sessions[s.sessionId]?.lastSnapshotCommit && isLocal(s))
    : [];
  // Ordered by when this clone saved them (milliseconds), not by commit time (seconds).
  const savedAt = new Map(
    Object.values(sessions).flatMap((s) => (s.lastSnapshotCommit ? [[s.lastSnapshotCommit, Date.parse(s.lastSnapshot ?? '') || 0] as const] : [])),
  );
  const when = (s: Snapshot): number => savedAt.get(s.commit) ?? Date.parse(s.date);
  return [...store.snapshotsAt(ownCommits(sessions)), ...legacy].sort((a, b) => when(b) - when(a));
}

/**
 * Finds and validates the snapshot a read command asked for: a name (commit, session id), a
 * session, or by default the newest for the current branch, else the newest of all. Without a
 * name or session, a snapshot saved in this clone comes before a fetched one. Costs the same
 * however long the history is (the per-session index; see SessionStore.newestPerSession).
 */
export function loadSnapshot(opts: { name?: string; sessionId?: string; cwd?: string; readAhead?: ReadAhead }): LoadedSnapshot {
  const repo = openRepo(opts.cwd ?? process.cwd(), { readRef: SESSIONS_REF });
  const store = new SessionStore(repo);
  indexFirst(store, opts.readAhead);
  const sessions = readState(repo).sessions;
  const isLocal = isLocalSnapshot(sessions);
  if (opts.name) {
    const { snapshot, note } = resolveSnapshotName(store, opts.name);
    return { ...load(repo, store, snapshot, isLocal(snapshot), opts.readAhead), note };
  }
  const branch = headState(repo).branch;
  const pick = (list: Snapshot[]): Snapshot | undefined =>
    opts.sessionId ? snapshotOfSession(list, opts.sessionId) : (list.find((s) => s.branch === branch) ?? list[0]);
  const snapshot = (opts.sessionId ? undefined : pick(localSnapshots(store, sessions, () => store.newestPerSession()))) ?? pick(store.readablePerSession());
  if (!snapshot) throw new NoSnapshotError(opts.sessionId ? `for session ${opts.sessionId}` : '');
  return load(repo, store, snapshot, isLocal(snapshot), opts.readAhead);
}

/**
 * The snapshot an agent hook may inject without being asked: only one saved in this clone (a
 * fetched snapshot could carry anyone's instructions). The session's own when given, else the
 * newest for the current branch, else the newest; undefined when this clone saved none.
 */
export function loadLocalSnapshot(opts: {
  sessionId?: string;
  cwd?: string;
  repo?: Repo;
  store?: SessionStore;
  readAhead?: ReadAhead;
}): LoadedSnapshot | undefined {
  // A caller's repository or store is reused: what it read already is not asked of git again.
  const store = opts.store ?? new SessionStore(opts.repo ?? openRepo(opts.cwd ?? process.cwd(), { readRef: SESSIONS_REF }));
  const repo = store.repo;
  indexFirst(store, opts.readAhead);
  const mine = localSnapshots(store, readState(repo).sessions, () => store.newestPerSession());
  const branch = headState(repo).branch;
  const snapshot = opts.sessionId ? mine.find((s) => s.sessionId === opts.sessionId) : (mine.find((s) => s.branch === branch) ?? mine[0]);
  return snapshot ? load(repo, store, snapshot, true, opts.readAhead) : undefined;
}
