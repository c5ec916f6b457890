import { UsageError } from '../errors.js';
import { runGit, type Repo } from '../store/git.js';
import { fuzzyFor, openHistoryIndex, prefixFor, processTerm, type HistoryIndex, type IndexedItem, type OpenIndexOptions } from './history-index.js';

export { HistoryIndex, openHistoryIndex, snapshotTip } from './history-index.js';
export type { IndexedItem, IndexProgress, OpenIndexOptions } from './history-index.js';
export { manifestItems } from './items.js';
export type { ItemKind, ManifestItem } from './items.js';

export interface SearchOptions {
  /** Only this session (an id prefix is enough). */
  sessionId?: string;
  /** Only items held by a snapshot at or after this time (seconds). */
  since?: number;
  /** At most this many hits (default 10). */
  limit?: number;
  /** Leave out these sessions (resume: "another session"). */
  excludeSessions?: string[];
}

export interface SearchHit extends IndexedItem {
  score: number;
  /** The whole query appears in the item as it is (what `git log -S` would find). */
  exact: boolean;
  /** How many of the query's terms the item matched. */
  matchedTerms: number;
}

/** The query's own terms, as the index splits and folds them. */
export function queryTerms(query: string): string[] {
  return [...new Set(query.split(/[\n\r\p{Z}\p{P}]+/u).map((t) => processTerm(t)).filter((t): t is string => Boolean(t)))];
}

/**
 * Ranked hits for a query over an index: items holding the whole query first (as `git log -S`
 * finds it), then by relevance (BM25 with prefix and typo matching), then the newest first.
 */
export function searchIndex(index: HistoryIndex, query: string, opts: SearchOptions = {}): SearchHit[] {
  const terms = queryTerms(query);
  if (!terms.length) return [];
  const needle = query.trim().toLowerCase();
  const raw = index.lexical.search(query, { prefix: prefixFor, fuzzy: fuzzyFor });
  // Without filters only the best-scored results and those holding every term (the only ones
  // that can hold the whole query) can make the list: the rest are never read from the cache.
  const filtered = Boolean(opts.sessionId || opts.since !== undefined || opts.excludeSessions?.length);
  const keep = Math.max(200, (opts.limit ?? 10) * 20);
  const candidates = filtered ? raw : raw.filter((r, i) => i < keep || new Set(r.queryTerms).size >= terms.length);
  const hits: SearchHit[] = [];
  for (const r of candidates) {
    const item = index.item(r.id as number);
    if (!item) continue;
    if (opts.sessionId && !item.sessionId.startsWith(opts.sessionId)) continue;
    if (opts.since !== undefined && item.time < opts.since) continue;
    if (opts.excludeSessions?.includes(item.sessionId)) continue;
    hits.push({ ...item, score: r.score, exact: item.text.toLowerCase().includes(needle), matchedTerms: new Set(r.queryTerms).size });
  }
  // Scores that differ only in their last digits are equal: the newer snapshot goes first.
  const rounded = (s: number) => Math.round(s * 1000);
  hits.sort((a, b) => Number(b.exact) - Number(a.exact) || rounded(b.score) - rounded(a.score) || b.time - a.time || b.seq - a.seq);
  return hits.slice(0, opts.limit ?? 10);
}

/** Searches every manifest in the history of refs/agentflow/sessions (the index is brought up to date first). */
export async function searchHistory(repo: Repo, query: string, opts: SearchOptions & OpenIndexOptions = {}): Promise<SearchHit[]> {
  return searchIndex(await openHistoryIndex(repo, { ...opts, forTerms: queryTerms(query) }), query, opts);
}

/**
 * A `--since` date as git reads one (`2024-05-01`, `2 weeks ago`, `yesterday`), in seconds.
 * @throws UsageError when git cannot read it as a date
 */
export function parseSince(repo: Repo, text: string): number {
  const r = runGit(repo.root, ['rev-parse', `--since=${text}`], { allowFail: true });
  const m = /--max-age=(\d+)/.exec(r.stdout);
  if (!text.trim() || !m) throw new UsageError(`--since ${JSON.stringify(text)} is not a date git understands; use e.g. --since 2024-05-01 or --since "2 weeks ago".`);
  return Number(m[1]);
}

export interface RelatedWork {
  /** The pending task that matched. */
  task: string;
  hit: SearchHit;
}

/**
 * Earlier work of other sessions that a pending task matches: at most `max`, one per task, each
 * an item that shares most of the task's terms (a weak, one-word match says nothing). Sessions
 * of the same line of work (`sameLine`) carry the same tasks and are left out too.
 */
export function relatedEarlierWork(index: HistoryIndex, sessionId: string, tasks: string[], max = 3, sameLine: string[] = []): RelatedWork[] {
  const out: RelatedWork[] = [];
  const used = new Set<string>();
  for (const task of tasks) {
    if (out.length >= max) break;
    const terms = queryTerms(task);
    if (terms.length < 2) continue;
    const hit = searchIndex(index, task, { excludeSessions: [sessionId, ...sameLine], limit: 5 }).find((h) => (h.exact || h.matchedTerms >= Math.max(2, Math.ceil(terms.length * 0.6))) && !used.has(`${h.sessionId}\0${h.text}`));
    if (!hit) continue;
    used.add(`${hit.sessionId}\0${hit.text}`);
    out.push({ task, hit });
  }
  return out;
}
