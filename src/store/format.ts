/**
 * The snapshot ref's format, written and read here alone: its layout (`sessions/<shard>/<session
 * dir>/manifest.json` and `trail/`, the older flat layout still read), and each commit's message
 * (a subject and `Key: value` trailers) as a save writes it and `git log` reads it back.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sanitizeText } from '../manifest/sanitize.js';
import { sessionDir } from './names.js';

export { sessionDir } from './names.js';

/** What the readers ask `git log` for: one record per commit, fields split by 0x1f. */
export const LOG_FORMAT = '--format=%H%x1f%P%x1f%ct%x1f%cI%x1f%an <%ae>%x1f%s%x1f%b%x1e';

/** One snapshot as `git log agentflow/sessions` lists it. */
export interface Snapshot {
  commit: string;
  parent?: string;
  /** Commit time, ISO-8601. */
  date: string;
  subject: string;
  /** The commit's author, `Name <email>`: who saved it (sanitised). */
  savedBy?: string;
  sessionId: string;
  agent?: string;
  branch?: string;
  head?: string;
  level?: string;
  percent?: number;
  reason?: string;
  generatedBy?: string;
  llmFallback?: string;
  llmCost?: string;
  bytes?: number;
}

/** What a save records besides the manifest itself; every value must already be redacted. */
export interface SnapshotInfo {
  sessionId: string;
  subject: string;
  trailers: Record<string, string | number | undefined>;
}

/** A snapshot with its arrival order (seconds; see SessionStore.history). */
export type Keyed = Snapshot & { key: number };

const utf8 = new TextEncoder();

/**
 * The shard a session directory lives in: two hex digits, so a save rewrites one small shard
 * tree and the 256-entry `sessions/` tree, never a tree listing every session. The first byte of
 * its SHA-1, from @noble/hashes: a resume, which hashes nothing else, never loads node:crypto.
 */
export const shardOf = (dir: string): string => sha1(utf8.encode(dir))[0]!.toString(16).padStart(2, '0');

/** Where a session's manifest is stored: `sessions/<shard>/<session dir>/manifest.json`. */
export function manifestPath(sessionId: string): string {
  const dir = sessionDir(sessionId);
  return `sessions/${shardOf(dir)}/${dir}/manifest.json`;
}

/** Where snapshots written before sharding keep it: `sessions/<session dir>/manifest.json`. */
export const legacyManifestPath = (sessionId: string): string => `sessions/${sessionDir(sessionId)}/manifest.json`;

export const isShardName = (name: string): boolean => /^[0-9a-f]{2}$/.test(name);

/** A session directory name as sessionDir makes them. */
export const isSessionDirName = (name: string): boolean => name.length <= 80 && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name);

/** A `sessions/` tree entry as a save writes it: `040000 tree <id>\t<session dir>`. */
export const isSessionEntry = (e: string): boolean => {
  const m = /^040000 tree [0-9a-f]{40,64}\t(.+)$/.exec(e);
  return Boolean(m && isSessionDirName(m[1]!));
};

// Escape sequences and other control bytes never reach a commit message: `git log` prints them raw.
const oneLine = (s: string): string => sanitizeText(s).trim();

/** A snapshot commit's message: its subject, a blank line, then `Session-Id:` and the other trailers. */
export function snapshotMessage(info: SnapshotInfo): string {
  const trailers = Object.entries({ 'Session-Id': info.sessionId, ...info.trailers })
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${oneLine(String(v))}`)
    .join('\n');
  return `${oneLine(info.subject).slice(0, 120)}\n\n${trailers}\n`;
}

/**
 * @param frontier when given, set to the number of commits read and the newest key any commit
 *   not read could have: the largest bound of a parent that was not read (−∞ when every one was)
 * @param times when given, each record's commit time as git gave it (before any bound): for
 *   listedAlone
 */
export function parseLog(stdout: string, frontier?: { newest: number; commits: number }, times?: Map<string, number>): Keyed[] {
  const now = Math.floor(Date.now() / 1000);
  const bound = new Map<string, number>();
  const seen = frontier ? new Set<string>() : undefined;
  const out: Keyed[] = [];
  for (const rec of stdout.split('\x1e')) {
    const [commit = '', parentList = '', ct = '', , author = '', subject = '', body = ''] = rec.replace(/^\n/, '').split('\x1f');
    if (!commit) continue;
    const parents = parentList.split(' ').filter(Boolean);
    // Children come before parents in topological order, so every bound is known by now.
    const key = Math.min(Number(ct) || 0, bound.get(commit) ?? now);
    for (const p of parents) bound.set(p, Math.min(bound.get(p) ?? now, key));
    seen?.add(commit);
    // Merge commits from `git session sync` carry no manifest of their own.
    if (parents.length > 1) continue;
    const t: Record<string, string> = Object.create(null);
    for (const line of body.split('\n')) {
      const m = /^([A-Za-z-]+): (.*)$/.exec(line);
      if (m) t[m[1]!.toLowerCase()] = sanitizeText(m[2]!).trim();
    }
    // Nor does a commit without a session (sync's "receive" commit): not a snapshot.
    if (!t['session-id']) continue;
    times?.set(commit, Number(ct) || 0);
    out.push({
      key,
      commit,
      parent: parents[0],
      date: new Date(key * 1000).toISOString(),
      subject: sanitizeText(subject).trim(),
      savedBy: sanitizeText(author).trim(),
      sessionId: t['session-id'] ?? '',
      agent: t.agent,
      branch: t.branch,
      head: t.head,
      level: t.level,
      percent: t.context ? Number.parseFloat(t.context) : undefined,
      reason: t.reason,
      generatedBy: t['generated-by'],
      llmFallback: t['llm-fallback'],
      llmCost: t['llm-cost'],
      bytes: t['manifest-bytes'] ? Number(t['manifest-bytes']) : undefined,
    });
  }
  if (frontier && seen) {
    frontier.commits = seen.size;
    for (const [c, b] of bound) if (!seen.has(c)) frontier.newest = Math.max(frontier.newest, b);
  }
  // A stable sort: equal keys keep the topological order (a child before its parent).
  return out.sort((x, y) => y.key - x.key);
}

/**
 * The records parseLog gives for `git log --no-walk=unsorted` of these snapshots (in this order),
 * from records read before with their commit times: each dated by its own time, now, and the
 * commits listed before it that it is the parent of, as such a listing dates them.
 */
export function listedAlone(records: Array<Snapshot & { time: number }>): Keyed[] {
  const now = Math.floor(Date.now() / 1000);
  const bound = new Map<string, number>();
  const out: Keyed[] = [];
  for (const { time, ...s } of records) {
    const key = Math.min(time, bound.get(s.commit) ?? now);
    if (s.parent) bound.set(s.parent, Math.min(bound.get(s.parent) ?? now, key));
    out.push({ ...s, key, date: new Date(key * 1000).toISOString() });
  }
  return out.sort((x, y) => y.key - x.key);
}
