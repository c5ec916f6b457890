/**
 * Which snapshot a reader gets: each session's own (this clone's last save of it, else its
 * newest), and the one to resume from (a user's name for one: snapshot-name.ts).
 */
import type { Snapshot } from './format.js';
import type { GitResult, Repo } from './git.js';
import { snapshotOfSession } from './session-prefix.js';
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
  const mine = new Map(
    store.snapshotsAt(own.map(([commit]) => commit)).flatMap((s) => (saved.get(s.commit) === s.sessionId ? [[s.sessionId, s] as const] : [])),
  );
  return newest.map((s) => mine.get(s.sessionId) ?? s);
}

/**
 * The snapshot to resume from among `all` (see readablePerSession): the one of `sessionId` if
 * given (a unique prefix is enough), else the newest made on `branch`, else the newest of all.
 */
export function latestOf(all: Snapshot[], opts: { branch?: string; sessionId?: string }): Snapshot | undefined {
  if (opts.sessionId) return snapshotOfSession(all, opts.sessionId);
  return (opts.branch ? all.find((s) => s.branch === opts.branch) : undefined) ?? all[0];
}
