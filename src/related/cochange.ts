import type { Repo } from '../store/index.js';
import { changedFilesLog, hasCommit, headCommit, independentCommits, revList } from '../store/repo-facts.js';
import { readPrivateText, writePrivate } from '../store/private-fs.js';

/** Bumped when the cached form changes: an older cache is rebuilt, never misread. */
const CACHE_VERSION = 1;
/** A commit touching more files than this is a sweep (a reformat, a rename of a folder): it says nothing about which files belong together. */
export const SWEEP_FILES = 100;
/** A commit's weight halves every this many seconds before the newest commit. */
export const HALF_LIFE_SECONDS = 180 * 86400;

/** Which files each commit reachable from HEAD touched, as `git log --name-only` lists them. */
export interface CoChangeHistory {
  /** Every path seen; commits name files by their place here. */
  paths: string[];
  /** [commit time in seconds, path ids]; a sweep keeps its time and an empty list. */
  commits: Array<[number, number[]]>;
  /** The commits indexed so far are every commit reachable from these (and none other). */
  tips: string[];
}

interface StoredHistory extends CoChangeHistory {
  version: number;
}

const CACHE_FILE = 'related/cochange.json';
/** The co-change history of a very large repository stays well under this. */
const CACHE_MAX_BYTES = 256 * 1024 * 1024;

function loadCache(repo: Repo): CoChangeHistory | undefined {
  try {
    const stored = JSON.parse(readPrivateText(repo, CACHE_FILE, CACHE_MAX_BYTES) ?? '') as StoredHistory;
    return stored.version === CACHE_VERSION && Array.isArray(stored.commits) && Array.isArray(stored.paths) && Array.isArray(stored.tips) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function saveCache(repo: Repo, h: CoChangeHistory): void {
  try {
    writePrivate(repo, CACHE_FILE, JSON.stringify({ version: CACHE_VERSION, ...h }));
  } catch {
    // A cache that cannot be written costs the next call a rebuild, not this one its answer.
  }
}

/** Commits reachable from `head` but from none of `known`, oldest last, with the files each touched. */
function commitsSince(repo: Repo, head: string, known: string[]): Array<{ time: number; files: string[] }> {
  // Merges are left out (their files are their parents' changes); no rename detection: bounded time.
  const out: Array<{ time: number; files: string[] }> = [];
  for (const rec of changedFilesLog(repo, head, known).split('\x1e')) {
    if (!rec) continue;
    const [head_ = '', ...names] = rec.split('\0');
    const time = Number(head_.split('\x1f')[1]) || 0;
    out.push({ time, files: names.map((n) => n.replace(/^\n/, '')).filter(Boolean) });
  }
  return out;
}

/**
 * The co-change history of HEAD: the cache when HEAD is one it indexed, else the cache extended
 * by the commits it has not seen (a new commit, another branch's own commits).
 */
export function openCoChangeHistory(repo: Repo, opts: { maxNew?: number; head?: string } = {}): CoChangeHistory {
  const empty: CoChangeHistory = { paths: [], commits: [], tips: [] };
  // A caller that read HEAD already passes it: one git process fewer.
  const head = opts.head ?? headCommit(repo);
  if (!head) return empty;
  let h = loadCache(repo) ?? empty;
  if (h.tips.includes(head)) return h;
  // Tips that no longer exist (a deleted branch's, after gc) would make `--not` fail: start over
  // then. Without a limit the log itself tells (it fails), so the tips are checked only after that.
  let found: ReturnType<typeof commitsSince> | undefined;
  if (opts.maxNew === undefined && h.tips.length) {
    try {
      found = commitsSince(repo, head, h.tips);
    } catch {
      /* a tip is gone: checked one by one below */
    }
  }
  const known = found ? h.tips : h.tips.filter((t) => hasCommit(repo, t));
  if (known.length !== h.tips.length) h = empty;
  // A caller that will not wait (an agent hook) learns "too many" from a walk that stops early.
  if (opts.maxNew !== undefined) {
    const some = revList(repo, [`--max-count=${opts.maxNew + 1}`, head, ...(h === empty ? [] : known.map((t) => `^${t}`))]);
    if (some.length > opts.maxNew) return h;
  }
  const ids = new Map(h.paths.map((p, i) => [p, i]));
  const idOf = (p: string): number => {
    let id = ids.get(p);
    if (id === undefined) {
      id = h.paths.length;
      h.paths.push(p);
      ids.set(p, id);
    }
    return id;
  };
  for (const c of (found ?? commitsSince(repo, head, h === empty ? [] : known)).reverse())
    h.commits.push([c.time, c.files.length > SWEEP_FILES ? [] : c.files.map(idOf)]);
  // Only the tips none of the others contain: the list stays as short as the branches indexed
  // (a first index has one).
  h.tips = h === empty || !known.length ? [head] : (independentCommits(repo, [head, ...known]) ?? [head]);
  saveCache(repo, h);
  return h;
}

export interface CoChange {
  path: string;
  /** Share of the given files' (recency-weighted) commits that also touched this one, 0–1. */
  score: number;
  /** Commits that touched this file and one of the given ones. */
  together: number;
}

/**
 * The files most often committed together with `files`: each commit counts by its recency (half
 * every HALF_LIFE_SECONDS) and, so that a sweeping commit counts little, divided among the other
 * files it touched. Pure: the history comes in.
 */
export function coChanged(h: CoChangeHistory, files: string[]): { related: CoChange[]; commits: number } {
  const wanted = new Set<number>();
  files.forEach((f) => {
    const id = h.paths.indexOf(f);
    if (id >= 0) wanted.add(id);
  });
  if (!wanted.size) return { related: [], commits: 0 };
  const newest = h.commits.reduce((m, [t]) => Math.max(m, t), 0);
  const support = new Map<number, { weight: number; together: number }>();
  let mass = 0;
  let commits = 0;
  for (const [time, ids] of h.commits) {
    if (!ids.some((id) => wanted.has(id))) continue;
    commits++;
    const recency = 0.5 ** ((newest - time) / HALF_LIFE_SECONDS);
    mass += recency;
    const others = ids.filter((id) => !wanted.has(id));
    for (const id of others) {
      const s = support.get(id) ?? { weight: 0, together: 0 };
      s.weight += recency / Math.max(1, ids.length - 1);
      s.together++;
      support.set(id, s);
    }
  }
  const related = [...support].map(([id, s]) => ({ path: h.paths[id]!, score: mass ? s.weight / mass : 0, together: s.together }));
  related.sort((a, b) => b.score - a.score || b.together - a.together || a.path.localeCompare(b.path));
  return { related, commits };
}
