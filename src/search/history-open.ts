/** Which snapshots the search index holds and how it reaches the ref's tip: only new commits are read. */
// Straight from the modules, not the stage's index: a warm search loads no more code than it runs.
import { legacyManifestPath, manifestPath, sessionDir } from '../store/format.js';
import { readObjects, type Repo } from '../store/git.js';
import { isAncestor, refCommit, snapshotCommitsLog } from '../store/repo-facts.js';
import { SESSIONS_REF } from '../store/refs.js';
import { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';
import { HistoryIndex, type IndexProgress } from './history-index.js';
import { manifestItems } from './items.js';

/** Snapshots read per `git cat-file --batch`: small enough to report progress often. */
const BATCH = 400;

/** A snapshot commit still to index. */
export interface PendingSnapshot {
  commit: string;
  sessionId: string;
  time: number;
}

/** Snapshot commits in `range`, oldest first; sync merges carry no manifest of their own and are left out. */
function snapshotsIn(repo: Repo, range: string[]): PendingSnapshot[] {
  const r = snapshotCommitsLog(repo, range);
  if (!r.ok) return [];
  const now = Math.floor(Date.now() / 1000);
  const out: PendingSnapshot[] = [];
  for (const rec of r.text.split('\x1e')) {
    const [commit = '', ct = '', ids = ''] = rec.trim().split('\x1f');
    const sessionId = ids.split('\x1d')[0]?.trim();
    // A snapshot dated in the future (someone's clock) is taken as made now.
    if (commit && sessionId) out.push({ commit, sessionId, time: Math.min(Number(ct) || 0, now) });
  }
  return out;
}

/** The current snapshot tip, or undefined before the first save. */
export const snapshotTip = (repo: Repo): string | undefined => refCommit(repo, SESSIONS_REF);

export interface OpenIndexOptions {
  /** Told how far a (re)build has got, every few hundred snapshots. */
  onProgress?: (p: IndexProgress) => void;
  /** Told once, before the first snapshot is read, how many there are to index. */
  onStart?: (p: IndexProgress & { rebuild: boolean }) => void;
  /** The query terms that will be searched: when the cache is current, only their part of it is read. */
  forTerms?: string[];
}

/**
 * Adds these snapshots' manifests to an index, oldest first, a batch at a time: sizes checked
 * before anything is read, each manifest accepted as every reader accepts it (a pushed snapshot
 * may be hostile), an invalid one left out.
 */
async function addSnapshots(repo: Repo, index: HistoryIndex, snapshots: PendingSnapshot[], onProgress?: (p: IndexProgress) => void): Promise<void> {
  if (!snapshots.length) return;
  // The validator (zod, the redaction rules) is loaded only when there is something to index.
  const { acceptManifest } = await import('../store/accept.js');
  for (let at = 0; at < snapshots.length; at += BATCH) {
    const batch = snapshots.slice(at, at + BATCH);
    const specs = batch.map((s) => `${s.commit}:${manifestPath(s.sessionId)}`);
    // Sharded, else the flat layout of snapshots written before sharding.
    const legacy = batch.map((s) => `${s.commit}:${legacyManifestPath(s.sessionId)}`);
    const blobs = readObjects(repo, [...specs, ...legacy], MAX_STORED_MANIFEST_BYTES);
    batch.forEach((s, i) => {
      const text = blobs.get(specs[i]!) ?? blobs.get(legacy[i]!);
      if (text === undefined) return;
      try {
        index.addSnapshot(s.sessionId, s.commit, s.time, manifestItems(acceptManifest(text, specs[i]!, sessionDir(s.sessionId))));
      } catch {
        /* an invalid manifest is left out of the index, as every reader leaves it out */
      }
    });
    onProgress?.({ done: Math.min(at + BATCH, snapshots.length), total: snapshots.length });
  }
}

/**
 * An index of only these snapshots, built in memory and never cached: resume's related earlier
 * work comes from this clone's own snapshots, so it costs the same whatever the history holds.
 */
export async function indexSnapshots(repo: Repo, snapshots: PendingSnapshot[]): Promise<HistoryIndex> {
  const index = HistoryIndex.empty();
  await addSnapshots(
    repo,
    index,
    [...snapshots].sort((a, b) => a.time - b.time),
  );
  return index;
}

/**
 * The history index, up to date with refs/agentflow/sessions: the cache as it is when the ref has
 * not moved, else extended by the new snapshots (rebuilt when the history was rewritten).
 */
export async function openHistoryIndex(repo: Repo, opts: OpenIndexOptions = {}): Promise<HistoryIndex> {
  const tip = snapshotTip(repo);
  if (!tip) return HistoryIndex.empty();
  if (opts.forTerms) {
    const part = HistoryIndex.load(repo, opts.forTerms);
    if (part?.tip === tip) return part;
  }
  const cached = HistoryIndex.load(repo);
  if (cached && cached.tip === tip) return cached;
  const incremental = cached?.tip && isAncestor(repo, cached.tip, tip);
  const index = incremental ? cached! : HistoryIndex.empty();
  const range = incremental ? [`${cached!.tip}..${tip}`] : [tip];
  const pending = snapshotsIn(repo, range);
  opts.onStart?.({ done: 0, total: pending.length, rebuild: !incremental });
  await addSnapshots(repo, index, pending, opts.onProgress);
  index.tip = tip;
  index.save(repo);
  return index;
}
