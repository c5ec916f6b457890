import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { parseManifest } from '../manifest/index.js';
import { agentflowDir, manifestPath, runGit, SESSIONS_REF, type Repo } from '../store/index.js';
import { MAX_STORED_MANIFEST_BYTES } from '../store/session-store.js';
import { readObjects } from '../store/git.js';
import { manifestItems, type ItemKind } from './items.js';

/** Bumped when the cached form changes: an older cache is rebuilt, never misread. */
const INDEX_VERSION = 1;
/** Snapshots read per `git cat-file --batch`: small enough to report progress often. */
const BATCH = 400;

/**
 * One distinct item of one session: the same text in many snapshots of a session is one
 * document that names the newest snapshot holding it.
 */
export interface IndexedItem {
  sessionId: string;
  kind: ItemKind;
  text: string;
  /** The newest snapshot that holds the item, and its commit time (seconds, never in the future). */
  snapshot: string;
  time: number;
  /** The first snapshot that held it. */
  firstSnapshot: string;
  /** How many snapshots hold it. */
  snapshots: number;
  /** The newest snapshot's place in the order snapshots were indexed: breaks ties of `time` (whole seconds). */
  seq: number;
}

type StoredItem = [string, ItemKind, string, string, number, string, number, number];

interface StoredIndex {
  version: number;
  tip: string;
  snapshotCount: number;
  items: StoredItem[];
  lexical: unknown;
}

const STOPWORDS = new Set('a an and are as at be but by for from has have if in into is it its of on or so that the then this to was were will with'.split(' '));

/** Lower-case terms without the words every sentence has; paths split at / and . like any punctuation. */
export const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  return t.length < 2 || STOPWORDS.has(t) ? null : t;
};

const LEXICAL_OPTIONS = { fields: ['text'], processTerm };

export interface IndexProgress {
  done: number;
  total: number;
}

/**
 * The full-text index over every manifest in the history of refs/agentflow/sessions, cached in
 * .git/agentflow/search/ and brought up to date from the snapshots added since it was written.
 */
export class HistoryIndex {
  private keys?: Map<string, number>;

  private constructor(
    readonly items: IndexedItem[],
    readonly lexical: MiniSearch,
    public tip: string | undefined,
    public snapshotCount: number,
  ) {}

  static empty(): HistoryIndex {
    return new HistoryIndex([], new MiniSearch(LEXICAL_OPTIONS), undefined, 0);
  }

  static file(repo: Repo): string {
    return join(agentflowDir(repo), 'search', 'index.json');
  }

  /** The cached index, or undefined when there is none (or it is from another version or broken). */
  static load(repo: Repo): HistoryIndex | undefined {
    let text: string;
    try {
      text = readFileSync(HistoryIndex.file(repo), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const stored = JSON.parse(text) as StoredIndex;
      if (stored.version !== INDEX_VERSION || !Array.isArray(stored.items)) return undefined;
      const items = stored.items.map(([sessionId, kind, t, snapshot, time, firstSnapshot, snapshots, seq]) => ({ sessionId, kind, text: t, snapshot, time, firstSnapshot, snapshots, seq }));
      const lexical = MiniSearch.loadJS(stored.lexical as Parameters<typeof MiniSearch.loadJS>[0], LEXICAL_OPTIONS);
      return new HistoryIndex(items, lexical, stored.tip, stored.snapshotCount);
    } catch {
      return undefined;
    }
  }

  /** Writes the cache in one step, so a concurrent search reads the old index or the new one. */
  save(repo: Repo): void {
    const file = HistoryIndex.file(repo);
    mkdirSync(join(file, '..'), { recursive: true });
    const stored: StoredIndex = {
      version: INDEX_VERSION,
      tip: this.tip ?? '',
      snapshotCount: this.snapshotCount,
      items: this.items.map((i) => [i.sessionId, i.kind, i.text, i.snapshot, i.time, i.firstSnapshot, i.snapshots, i.seq]),
      lexical: this.lexical.toJSON(),
    };
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(stored));
      renameSync(tmp, file);
    } catch {
      // A cache that cannot be written costs the next search a rebuild, not this one its answer.
      rmSync(tmp, { force: true });
    }
  }

  /** Adds one snapshot's manifest: new items become documents, known ones move to this snapshot. */
  addSnapshot(sessionId: string, commit: string, time: number, texts: Array<{ kind: ItemKind; text: string }>): void {
    const keys = this.keyMap();
    const seq = this.snapshotCount;
    for (const { kind, text } of texts) {
      const key = `${sessionId}\0${kind}\0${text}`;
      const at = keys.get(key);
      if (at !== undefined) {
        const item = this.items[at]!;
        item.snapshots++;
        if (time >= item.time) Object.assign(item, { snapshot: commit, time, seq });
        continue;
      }
      const id = this.items.length;
      this.items.push({ sessionId, kind, text, snapshot: commit, time, firstSnapshot: commit, snapshots: 1, seq });
      keys.set(key, id);
      this.lexical.add({ id, text });
    }
    this.snapshotCount++;
  }

  private keyMap(): Map<string, number> {
    if (!this.keys) this.keys = new Map(this.items.map((i, id) => [`${i.sessionId}\0${i.kind}\0${i.text}`, id]));
    return this.keys;
  }
}

/** A snapshot commit still to index. */
interface PendingSnapshot {
  commit: string;
  sessionId: string;
  time: number;
}

/** Snapshot commits in `range`, oldest first; sync merges carry no manifest of their own and are left out. */
function snapshotsIn(repo: Repo, range: string[]): PendingSnapshot[] {
  const r = runGit(repo.root, ['log', '--reverse', '--topo-order', '--no-merges', '--format=%H%x1f%ct%x1f%(trailers:key=Session-Id,valueonly,separator=%x1d)%x1e', ...range, '--'], { allowFail: true });
  if (r.status !== 0) return [];
  const now = Math.floor(Date.now() / 1000);
  const out: PendingSnapshot[] = [];
  for (const rec of r.stdout.split('\x1e')) {
    const [commit = '', ct = '', ids = ''] = rec.trim().split('\x1f');
    const sessionId = ids.split('\x1d')[0]?.trim();
    // A snapshot dated in the future (someone's clock) is taken as made now.
    if (commit && sessionId) out.push({ commit, sessionId, time: Math.min(Number(ct) || 0, now) });
  }
  return out;
}

const isAncestor = (repo: Repo, a: string, b: string): boolean => runGit(repo.root, ['merge-base', '--is-ancestor', a, b], { allowFail: true }).status === 0;

/** The current snapshot tip, or undefined before the first save. */
export function snapshotTip(repo: Repo): string | undefined {
  const r = runGit(repo.root, ['rev-parse', '-q', '--verify', `${SESSIONS_REF}^{commit}`], { allowFail: true });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface OpenIndexOptions {
  /** Told how far a (re)build has got, every few hundred snapshots. */
  onProgress?: (p: IndexProgress) => void;
  /** Told once, before the first snapshot is read, how many there are to index. */
  onStart?: (p: IndexProgress & { rebuild: boolean }) => void;
  /** With more new snapshots than this, answer from the cached index as it is (or an empty one) and leave the indexing to a search. */
  maxNew?: number;
}

/**
 * The history index, up to date with refs/agentflow/sessions: the cache as it is when the ref has
 * not moved, else extended by the new snapshots (rebuilt when the history was rewritten).
 */
export function openHistoryIndex(repo: Repo, opts: OpenIndexOptions = {}): HistoryIndex {
  const tip = snapshotTip(repo);
  const cached = HistoryIndex.load(repo);
  if (!tip) return HistoryIndex.empty();
  if (cached && cached.tip === tip) return cached;
  const incremental = cached?.tip && isAncestor(repo, cached.tip, tip);
  const index = incremental ? cached! : HistoryIndex.empty();
  const pending = snapshotsIn(repo, incremental ? [`${cached!.tip}..${tip}`] : [tip]);
  if (opts.maxNew !== undefined && pending.length > opts.maxNew) return cached ?? HistoryIndex.empty();
  opts.onStart?.({ done: 0, total: pending.length, rebuild: !incremental });
  for (let at = 0; at < pending.length; at += BATCH) {
    const batch = pending.slice(at, at + BATCH);
    const specs = batch.map((s) => `${s.commit}:${manifestPath(s.sessionId)}`);
    const blobs = readObjects(repo, specs, MAX_STORED_MANIFEST_BYTES);
    batch.forEach((s, i) => {
      const text = blobs.get(specs[i]!);
      if (text === undefined) return;
      try {
        // Validated and sanitised like any manifest read: a pushed snapshot may be hostile.
        const m = parseManifest(text, specs[i]!);
        index.addSnapshot(s.sessionId, s.commit, s.time, manifestItems(m));
      } catch {
        /* an invalid manifest is left out of the index, as every reader leaves it out */
      }
    });
    opts.onProgress?.({ done: Math.min(at + BATCH, pending.length), total: pending.length });
  }
  index.tip = tip;
  index.save(repo);
  return index;
}
