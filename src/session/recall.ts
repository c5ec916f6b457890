/** `git session recall`: the trail entries that answer a question, over the current line of work. */
import { NoSnapshotError } from '../errors.js';
import { openRepo, readState, SessionStore, SESSIONS_REF } from '../store/index.js';
import { parseTrail } from '../trail/files.js';
import { recall, type RecallHit, type SessionTrail } from '../trail/recall.js';
import { sessionChain } from './chain.js';
import { loadLocalSnapshot } from './load.js';

export interface RecallResult {
  question: string;
  /** The sessions searched, newest first: the line of work. */
  sessions: string[];
  hits: RecallHit[];
}

/**
 * Answers a question from the trails of a line of work: the given session (by default the newest
 * saved in this clone for this branch, else the newest) and the sessions it continued.
 */
export function recallAnswers(opts: { question: string; sessionId?: string; cwd?: string; maxBytes?: number }): RecallResult {
  const repo = openRepo(opts.cwd ?? process.cwd(), { readRef: SESSIONS_REF });
  const store = new SessionStore(repo);
  // The start's trail is read with its manifest.
  const start = opts.sessionId ? store.latest({ sessionId: opts.sessionId }) : (loadLocalSnapshot({ store, readAhead: {} })?.snapshot ?? store.latest());
  if (!start || (opts.sessionId && !start.sessionId.startsWith(opts.sessionId)))
    throw new NoSnapshotError(opts.sessionId ? `for session ${opts.sessionId}` : '');
  const own = new Set(Object.values(readState(repo).sessions).flatMap((s) => (s.lastSnapshotCommit ? [s.lastSnapshotCommit] : [])));
  const trails: SessionTrail[] = [];
  for (const link of sessionChain(store, start.sessionId)) {
    const snap = link.sessionId === start.sessionId ? start : link.snapshot ? store.snapshotsAt([link.snapshot])[0] : undefined;
    if (!snap) continue;
    // Earlier sessions of the line only from this clone's own snapshots: a fetched one is asked for by name.
    if (link.sessionId !== start.sessionId && !own.has(snap.commit)) continue;
    trails.push({ sessionId: snap.sessionId, snapshot: snap.commit, trail: parseTrail(store.readTrail(snap)) });
  }
  return { question: opts.question, sessions: trails.map((t) => t.sessionId), hits: recall(trails, opts.question, opts.maxBytes) };
}
