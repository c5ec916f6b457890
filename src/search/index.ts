import { type Repo } from '../store/git.js';
import { embeddingSettings, semanticRanking } from './embeddings.js';
import { fuzzyFor, prefixFor, processTerm, SPACE_OR_PUNCTUATION, type HistoryIndex, type IndexedItem } from './history-index.js';
import { openHistoryIndex, type OpenIndexOptions } from './history-open.js';

export { HistoryIndex } from './history-index.js';
export { indexSnapshots, openHistoryIndex, snapshotTip } from './history-open.js';
export type { IndexedItem, IndexProgress } from './history-index.js';
export type { OpenIndexOptions } from './history-open.js';
export { manifestItems } from './items.js';
export { parseSince, sinceProblem } from './since.js';
export { embeddingSettings } from './embeddings.js';
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

export interface SearchHistoryOptions extends SearchOptions, OpenIndexOptions {
  /** false: lexical only, even when an embedding model is configured. */
  embeddings?: boolean;
  /** Told when the embedding endpoint failed and the hits are lexical only. */
  onWarning?: (message: string) => void;
}

export interface SearchHit extends IndexedItem {
  /** The item's document id in the index. */
  id: number;
  /** BM25 relevance (0 for an item only the embeddings found). */
  score: number;
  /** Cosine similarity to the query, when embeddings ranked too. */
  semantic?: number;
  /** The whole query appears in the item as it is (what `git log -S` would find). */
  exact: boolean;
  /** How many of the query's terms the item matched. */
  matchedTerms: number;
}

/** The query's own terms, as the index splits and folds them. */
export function queryTerms(query: string): string[] {
  return [
    ...new Set(
      query
        .split(SPACE_OR_PUNCTUATION)
        .map((t) => processTerm(t))
        .filter((t): t is string => Boolean(t)),
    ),
  ];
}

/** Whether an item passes the session, date and exclusion filters. */
const passes = (item: IndexedItem, opts: SearchOptions): boolean =>
  (!opts.sessionId || item.sessionId.startsWith(opts.sessionId)) &&
  (opts.since === undefined || item.time >= opts.since) &&
  !opts.excludeSessions?.includes(item.sessionId);

/** Scores that differ only in their last digits are equal: then the newer snapshot goes first. */
const byRank =
  (value: (h: SearchHit) => number) =>
  (a: SearchHit, b: SearchHit): number =>
    Number(b.exact) - Number(a.exact) || Math.round(value(b) * 1e4) - Math.round(value(a) * 1e4) || b.time - a.time || b.seq - a.seq;

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
    if (!item || !passes(item, opts)) continue;
    hits.push({ ...item, id: r.id as number, score: r.score, exact: item.text.toLowerCase().includes(needle), matchedTerms: new Set(r.queryTerms).size });
  }
  hits.sort(byRank((h) => h.score));
  return hits.slice(0, opts.limit ?? 10);
}

/** Reciprocal rank fusion's constant: how much a first place outweighs a tenth. */
const RRF_K = 60;

/**
 * Searches every manifest in the history of refs/agentflow/sessions (the index is brought up to
 * date first). With an embedding model configured, the lexical and the semantic rankings are
 * fused (reciprocal rank fusion); should the endpoint fail, the lexical hits are returned and
 * `onWarning` is told.
 */
export async function searchHistory(repo: Repo, query: string, opts: SearchHistoryOptions = {}): Promise<SearchHit[]> {
  const limit = opts.limit ?? 10;
  const settings = opts.embeddings === false ? undefined : embeddingSettings(repo);
  if (!settings) return searchIndex(await openHistoryIndex(repo, { ...opts, forTerms: queryTerms(query) }), query, opts);
  const index = await openHistoryIndex(repo, opts);
  const lexical = searchIndex(index, query, { ...opts, limit: 200 });
  let semantic: Array<{ id: number; similarity: number }>;
  try {
    semantic = await semanticRanking(repo, index, query, settings, (id) => passes(index.item(id)!, opts), 50);
  } catch (err) {
    opts.onWarning?.(`embeddings from ${settings.model} failed (${String((err as Error)?.message ?? err).slice(0, 200)}); these are lexical results only.`);
    return lexical.slice(0, limit);
  }
  const needle = query.trim().toLowerCase();
  const fused = new Map<number, { hit: SearchHit; rrf: number }>();
  lexical.forEach((hit, rank) => fused.set(hit.id, { hit, rrf: 1 / (RRF_K + rank + 1) }));
  semantic.forEach(({ id, similarity }, rank) => {
    const known = fused.get(id);
    if (known) {
      known.rrf += 1 / (RRF_K + rank + 1);
      known.hit.semantic = similarity;
      return;
    }
    const item = index.item(id)!;
    fused.set(id, {
      hit: { ...item, id, score: 0, semantic: similarity, exact: item.text.toLowerCase().includes(needle), matchedTerms: 0 },
      rrf: 1 / (RRF_K + rank + 1),
    });
  });
  const rrf = new Map([...fused.values()].map((f) => [f.hit, f.rrf]));
  return [...rrf.keys()].sort(byRank((h) => rrf.get(h)! * 100)).slice(0, limit);
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
    const hit = searchIndex(index, task, { excludeSessions: [sessionId, ...sameLine], limit: 20 }).find(
      (h) => (h.exact || h.matchedTerms >= Math.max(2, Math.ceil(terms.length * 0.6))) && !used.has(`${h.sessionId}\0${h.text}`),
    );
    if (!hit) continue;
    used.add(`${hit.sessionId}\0${hit.text}`);
    out.push({ task, hit });
  }
  return out;
}
