/**
 * The newest snapshot of every session, from a small index in `.git/agentflow/sessions-index.json`
 * (rebuildable, never committed): updated from the ref's new commits only, so it costs the same
 * at 10 snapshots and at 100,000.
 */
import { LOG_FORMAT, parseLog, type Keyed, type Snapshot } from './format.js';
import type { GitResult, Repo } from './git.js';
import { readPrivateText, writePrivate } from './private-fs.js';

const INDEX_FILE = 'sessions-index.json';
/** The index holds a few hundred bytes per session: 64 MB is past 100,000 sessions. */
const INDEX_MAX_BYTES = 64 * 1024 * 1024;
/** 2: each record keeps its commit time (`time`), for SessionStore.snapshotsAt. */
const INDEX_VERSION = 2;

/** A session's newest snapshot: its arrival order (`seq`) and its commit time as git gives it. */
export type IndexedSnapshot = Keyed & { seq: number; time: number };

interface SessionIndex {
  version: number;
  tip: string;
  /** How many snapshots were indexed: the arrival order of the last one. */
  seq: number;
  sessions: Record<string, IndexedSnapshot>;
}

/**
 * The newest snapshot of every session at `tip`, newest first, and the index's records by commit.
 * A ref that was rewritten (not a descendant of the indexed tip) or an unreadable index is rebuilt.
 * @param readLog snapshot records of a `git log` range, newest first, their commit times put in `times`
 */
export function newestPerSession(
  repo: Repo,
  git: (args: string[], opts?: { allowFail?: boolean }) => GitResult,
  tip: string,
  readLog: (range: string[], times: Map<string, number>) => Keyed[],
): { newest: Snapshot[]; byCommit: Map<string, IndexedSnapshot> } {
  let index: SessionIndex | undefined;
  try {
    const raw = JSON.parse(readPrivateText(repo, INDEX_FILE, INDEX_MAX_BYTES) ?? '') as SessionIndex;
    if (raw.version === INDEX_VERSION && typeof raw.tip === 'string' && typeof raw.seq === 'number' && raw.sessions && typeof raw.sessions === 'object')
      index = raw;
  } catch {
    /* none yet, or unreadable: rebuilt below */
  }
  if (index?.tip !== tip) {
    const times = new Map<string, number>();
    const since = index ? newSince(git, index.tip, tip, times) : undefined;
    const incremental = since !== undefined;
    // No prototype: a session id is whatever a pushed trailer says (`__proto__` included).
    const sessions: Record<string, IndexedSnapshot> = Object.assign(Object.create(null), incremental ? index!.sessions : {});
    // Oldest first, so a session's newest record is the one left in place; `seq` orders
    // snapshots saved within the same second.
    let seq = incremental ? index!.seq : 0;
    for (const rec of (since ?? readLog([tip], times)).reverse()) {
      const had = sessions[rec.sessionId];
      seq++;
      if (rec.sessionId && (!had || rec.key >= had.key)) sessions[rec.sessionId] = { ...rec, seq, time: times.get(rec.commit) ?? 0 };
    }
    index = { version: INDEX_VERSION, tip, seq, sessions };
    try {
      writePrivate(repo, INDEX_FILE, JSON.stringify(index));
    } catch {
      /* a read-only .git: the index is only a cache */
    }
  }
  const records = Object.values(index.sessions);
  return {
    newest: [...records].sort((x, y) => y.key - x.key || y.seq - x.seq).map(({ key: _, seq: __, time: ___, ...s }) => s),
    byCommit: new Map(records.map((r) => [r.commit, r])),
  };
}

/**
 * The snapshot records of `from..to`, read as readLog reads them, when `from` is an ancestor of
 * `to`; undefined when it is not (a rewritten ref) or git cannot say. One `git log --boundary`:
 * the indexed tip is among the boundary commits exactly when `to` reaches it, so the ancestry
 * test needs no git process of its own.
 */
function newSince(
  git: (args: string[], opts?: { allowFail?: boolean }) => GitResult,
  from: string,
  to: string,
  times: Map<string, number>,
): Keyed[] | undefined {
  const r = git(['log', '--topo-order', '--boundary', `--format=%m${LOG_FORMAT.slice('--format='.length)}`, `${from}..${to}`], { allowFail: true });
  if (r.status !== 0) return undefined;
  let reaches = false;
  const kept: string[] = [];
  for (const rec of r.stdout.split('\x1e')) {
    const at = rec.startsWith('\n') ? 1 : 0;
    // `-`: a boundary commit, one the range leaves out; `>`: one of the range.
    if (rec[at] === '-') reaches ||= rec.startsWith(`${from}\x1f`, at + 1);
    else if (rec[at] === '>') kept.push(rec.slice(at + 1));
  }
  return reaches ? parseLog(kept.join('\x1e'), undefined, times) : undefined;
}
