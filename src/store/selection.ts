/**
 * Which snapshot a reader gets: each session's own (this clone's last save of it, else its
 * newest), the one to resume from, and a user's name for one resolved as git resolves names.
 */
import { NoSnapshotError } from '../errors.js';
import type { Snapshot } from './format.js';
import type { GitResult, Repo } from './git.js';
import { SESSIONS_REF } from './refs.js';
import { readState } from './state.js';

/** What selection reads through the store (each fact once per command). */
export interface SnapshotSource {
  readonly repo: Repo;
  git(args: string[], opts?: { allowFail?: boolean }): GitResult;
  newestPerSession(): Snapshot[];
  snapshotsAt(commits: string[]): Snapshot[];
}

/**
 * The snapshot each session is read from, newest first: its newest, except that a session saved
 * in this clone is read from this clone's last save of it (.git/agentflow/state.json). Anyone
 * who can push may write a snapshot with any Session-Id and author, so a fetched one never
 * shadows a session saved here; it is read by its commit.
 */
export function readablePerSession(store: SnapshotSource): Snapshot[] {
  const newest = store.newestPerSession();
  const own = Object.entries(readState(store.repo).sessions).flatMap(([id, s]) => (s.lastSnapshotCommit ? [[s.lastSnapshotCommit, id] as const] : []));
  if (!own.length) return newest;
  const saved = new Map(own);
  const mine = new Map(store.snapshotsAt(own.map(([commit]) => commit)).flatMap((s) => (saved.get(s.commit) === s.sessionId ? [[s.sessionId, s] as const] : [])));
  return newest.map((s) => mine.get(s.sessionId) ?? s);
}

/**
 * The snapshot to resume from among `all` (see readablePerSession): the one of `sessionId` if
 * given (a prefix is enough), else the newest made on `branch`, else the newest of all.
 */
export function latestOf(all: Snapshot[], opts: { branch?: string; sessionId?: string }): Snapshot | undefined {
  if (opts.sessionId) return all.find((s) => s.sessionId === opts.sessionId) ?? all.find((s) => s.sessionId.startsWith(opts.sessionId!));
  return (opts.branch ? all.find((s) => s.branch === opts.branch) : undefined) ?? all[0];
}

/**
 * Resolves a user's snapshot name (commit id or prefix, `agentflow/sessions~2`, a session id
 * or prefix: the snapshot that session is read from, see readablePerSession). A name that could
 * mean a snapshot and another session's snapshot means the commit, as in git, and `note` says so.
 */
export function resolveName(store: SnapshotSource, sessions: Snapshot[], name: string): { snapshot: Snapshot; note?: string } {
  if (!sessions.length) throw new NoSnapshotError();
  // A name starting with '-' would be read by git as an option: it can only be an id prefix here.
  const r = name.startsWith('-') ? undefined : store.git(['rev-parse', '-q', '--verify', `${name.replace(/^agentflow\/sessions/, SESSIONS_REF)}^{commit}`], { allowFail: true });
  const id = r?.status === 0 ? r.stdout.trim() : undefined;
  const bySession = sessions.find((s) => s.sessionId === name) ?? (name.length >= 4 ? sessions.find((s) => s.sessionId.startsWith(name)) : undefined);
  // Any snapshot, however old: git finds the commit, its message says which session it holds.
  const byCommit = id ? store.snapshotsAt([id]).find((s) => s.sessionId) : undefined;
  // An exact session id beats a commit prefix; a commit beats a session prefix.
  const exactSession = bySession?.sessionId === name;
  const snapshot = exactSession ? bySession : byCommit ?? bySession;
  if (!snapshot) throw new NoSnapshotError(`named ${JSON.stringify(name)}; list them with \`git session log\``);
  const other = snapshot === bySession ? byCommit : bySession;
  const note =
    other && other.commit !== snapshot.commit
      ? `${JSON.stringify(name)} matches ${snapshot === bySession ? `session ${snapshot.sessionId}` : `snapshot ${snapshot.commit.slice(0, 12)}`}, shown here, and also ${other === bySession ? `session ${other.sessionId}` : `snapshot ${other.commit.slice(0, 12)}`}; give more characters to choose.`
      : undefined;
  return { snapshot, note };
}
