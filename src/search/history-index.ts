import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { ItemLines } from './item-lines.js';
import MiniSearch from 'minisearch';
// Straight from the modules, not the stage's index: a warm search loads no more code than it runs.
import type { Repo } from '../store/git.js';
import { agentflowDir, readPrivate, writePrivate } from '../store/private-fs.js';
import type { ItemKind } from './items.js';
import { processTerm, SPACE_OR_PUNCTUATION, termMatcher } from './terms.js';

export { FUZZY, fuzzyFor, prefixFor, processTerm, SPACE_OR_PUNCTUATION } from './terms.js';

/** Bumped when the cached form changes: an older cache is rebuilt, never misread. */
const INDEX_VERSION = 2;
/** No file of the search cache is read past this (the cache of 100,000 snapshots is far smaller). */
const CACHE_FILE_MAX_BYTES = 512 * 1024 * 1024;
/** Items indexed of one snapshot: a manifest within its 2 KB budget has fewer. */
const MAX_ITEMS_PER_SNAPSHOT = 64;
/** Distinct items indexed of one session: more than hundreds of saves of one session hold. */
const MAX_ITEMS_PER_SESSION = 2000;
/**
 * Distinct terms in the index, after which no new item is added: years of real sessions use a
 * small fraction of this (their words repeat); a history of made-up words stops growing here,
 * at a few hundred MB.
 */
const MAX_TERMS = 200_000;

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

export type StoredItem = [string, ItemKind, string, string, number, string, number, number];

/**
 * The cache, split so that a query reads only what it needs: meta.json (the tip, MiniSearch's
 * counts and field lengths), terms.tsv (one line per term: the term, a tab, its postings as JSON)
 * and items.ndjson (one line per item, its place = its document id) with items.idx (where each
 * line starts, as 32-bit offsets). A query parses the lines of the terms it asks for and of the
 * items it returns, not the whole index.
 */
interface StoredMeta {
  version: number;
  /** Also the first line of terms.tsv and items.ndjson: files of two different writes are never read together. */
  generation: string;
  tip: string;
  snapshotCount: number;
  itemCount: number;
  lexical: { documentCount: number; nextId: number; fieldIds: Record<string, number>; averageFieldLength: number[]; dirtCount: number; fieldLength: number[] };
}

type LexicalJs = Parameters<typeof MiniSearch.loadJS>[0];

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
  /** How many items each session has, and how many distinct terms there are (set with `keys`). */
  private sessionItems?: Map<string, number>;
  private terms?: { total: number; added: Set<string> };

  private constructor(
    /** Items by document id; with a partial load, parsed from `itemLines` when first asked for. */
    private readonly items: Array<IndexedItem | undefined>,
    readonly lexical: MiniSearch,
    public tip: string | undefined,
    public snapshotCount: number,
    private readonly itemLines?: ItemLines,
  ) {}

  static empty(): HistoryIndex {
    return new HistoryIndex([], new MiniSearch(LEXICAL_OPTIONS), undefined, 0);
  }

  /** The folder of the cache, .git/agentflow/search (inside .git: never committed). */
  static dir(repo: Repo): string {
    return join(agentflowDir(repo), 'search');
  }

  get itemCount(): number {
    return this.itemLines?.count ?? this.items.length;
  }

  /** One item by its document id. */
  item(id: number): IndexedItem | undefined {
    const known = this.items[id];
    if (known || !this.itemLines || id >= this.itemLines.count) return known;
    return (this.items[id] = this.itemLines.item(id));
  }

  /**
   * The cached index, or undefined when there is none (or it is from another version or broken).
   * With `terms`, only what a search for those query terms needs: their postings (with the terms
   * they reach by prefix or a typo) and, lazily, the items a search returns. Such an index answers
   * that search exactly as the whole one would, and cannot be extended.
   */
  static load(repo: Repo, terms?: string[]): HistoryIndex | undefined {
    try {
      const read = (name: string): Buffer => {
        const buf = readPrivate(repo, `search/${name}`, CACHE_FILE_MAX_BYTES);
        if (!buf) throw new Error(`no ${name}`);
        return buf;
      };
      const meta = JSON.parse(read('meta.json').toString('utf8')) as StoredMeta;
      if (meta.version !== INDEX_VERSION) return undefined;
      const termLines = read('terms.tsv').toString('utf8').split('\n');
      const itemLines = new ItemLines(read('items.ndjson'), read('items.idx'), meta.itemCount);
      const mark = `#${meta.generation}`;
      if (termLines[0] !== mark || itemLines.header !== mark) return undefined;
      const wanted = terms && termMatcher(terms);
      const index: LexicalJs['index'] = [];
      for (const line of termLines) {
        const tab = line.indexOf('\t');
        if (tab < 0) continue;
        const term = line.slice(0, tab);
        if (!wanted || wanted(term)) index.push([term, JSON.parse(line.slice(tab + 1))]);
      }
      if (terms) return new HistoryIndex([], loadLexical(meta, index, false), meta.tip, meta.snapshotCount, itemLines);
      const items = Array.from({ length: meta.itemCount }, (_, id) => itemLines.item(id));
      return new HistoryIndex(items, loadLexical(meta, index, true), meta.tip, meta.snapshotCount);
    } catch {
      return undefined;
    }
  }

  /** Writes the cache, each file in one step; a reader that meets files of two writes rebuilds instead of mixing them. */
  save(repo: Repo): void {
    const js = this.lexical.toJSON();
    const itemCount = this.items.length;
    const fieldLength = Array.from({ length: itemCount }, (_, i) => (js.fieldLength as Record<string, number[]>)[i]?.[0] ?? 0);
    const generation = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const meta: StoredMeta = {
      version: INDEX_VERSION,
      generation,
      tip: this.tip ?? '',
      snapshotCount: this.snapshotCount,
      itemCount,
      lexical: {
        documentCount: js.documentCount,
        nextId: js.nextId,
        fieldIds: js.fieldIds,
        averageFieldLength: js.averageFieldLength,
        dirtCount: js.dirtCount ?? 0,
        fieldLength,
      },
    };
    const lines = [
      `#${generation}`,
      ...this.items.map((i) => JSON.stringify([i!.sessionId, i!.kind, i!.text, i!.snapshot, i!.time, i!.firstSnapshot, i!.snapshots, i!.seq])),
    ];
    const offsets = new Uint32Array(lines.length + 1);
    lines.forEach((l, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(l) + 1));
    const files: Array<[string, string | Uint8Array]> = [
      ['terms.tsv', [`#${generation}`, ...js.index.map(([term, data]) => `${term}\t${JSON.stringify(data)}`)].join('\n')],
      ['items.ndjson', `${lines.join('\n')}\n`],
      ['items.idx', new Uint8Array(offsets.buffer)],
      ['meta.json', JSON.stringify(meta)],
    ];
    try {
      // Each file replaced in one step; the generation line tells a reader that caught two writes apart.
      for (const [name, text] of files) writePrivate(repo, `search/${name}`, text);
    } catch {
      // A cache that cannot be written costs the next search a rebuild, not this one its answer.
    }
  }

  /**
   * Adds one snapshot's manifest: new items become documents, known ones move to this snapshot.
   * At most MAX_ITEMS_PER_SNAPSHOT of its items, and no new one once its session has
   * MAX_ITEMS_PER_SESSION or the index MAX_TERMS: what a pushed history can make the index hold
   * is bounded per snapshot, per session and in all.
   */
  addSnapshot(sessionId: string, commit: string, time: number, texts: Array<{ kind: ItemKind; text: string }>): void {
    const keys = this.keyMap();
    const perSession = this.sessionItems!;
    const terms = this.terms!;
    const seq = this.snapshotCount;
    for (const { kind, text } of texts.slice(0, MAX_ITEMS_PER_SNAPSHOT)) {
      const key = `${sessionId}\0${kind}\0${text}`;
      const at = keys.get(key);
      if (at !== undefined) {
        const item = this.items[at]!;
        item.snapshots++;
        if (time >= item.time) Object.assign(item, { snapshot: commit, time, seq });
        continue;
      }
      const count = perSession.get(sessionId) ?? 0;
      if (count >= MAX_ITEMS_PER_SESSION || terms.total >= MAX_TERMS) continue;
      perSession.set(sessionId, count + 1);
      for (const t of text.split(SPACE_OR_PUNCTUATION)) {
        const term = processTerm(t);
        if (!term || terms.added.has(term)) continue;
        terms.added.add(term);
        terms.total++;
      }
      const id = this.items.length;
      this.items.push({ sessionId, kind, text, snapshot: commit, time, firstSnapshot: commit, snapshots: 1, seq });
      keys.set(key, id);
      this.lexical.add({ id, text });
    }
    this.snapshotCount++;
  }

  private keyMap(): Map<string, number> {
    if (this.itemLines) throw new Error('a partly loaded search index cannot be extended');
    if (!this.keys) {
      this.keys = new Map(this.items.map((i, id) => [`${i!.sessionId}\0${i!.kind}\0${i!.text}`, id]));
      this.sessionItems = new Map();
      for (const i of this.items) this.sessionItems.set(i!.sessionId, (this.sessionItems.get(i!.sessionId) ?? 0) + 1);
      // MiniSearch counts its terms by walking them all: once here, then new ones are counted as
      // they come (a term indexed before this run counts again once: the bound errs early).
      this.terms = { total: this.lexical.termCount, added: new Set() };
    }
    return this.keys;
  }
}

/** MiniSearch's own fields for what documents there are; set directly when they are there (see loadLexical). */
interface LexicalInternals {
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldLength: Map<number, number[]>;
}

/**
 * The MiniSearch index from the cache. Document ids equal MiniSearch's short ids (items are only
 * ever added), so the id and field-length tables come straight from arrays instead of MiniSearch.loadJS
 * turning 2 × n object keys back into numbers: real Maps when the index is to be extended, and
 * for a read-only query two lookups that cost nothing to build (a search only calls their
 * get/has). Falls back to loadJS should a MiniSearch release name those fields differently.
 */
function loadLexical(meta: StoredMeta, index: LexicalJs['index'], extendable: boolean): MiniSearch {
  const { fieldLength, ...counts } = meta.lexical;
  const base = { ...counts, storedFields: {}, index, serializationVersion: 2 };
  const lexical = MiniSearch.loadJS({ ...base, documentIds: {}, fieldLength: {} }, LEXICAL_OPTIONS);
  const inner = lexical as unknown as LexicalInternals;
  const n = meta.itemCount;
  if (inner._documentIds instanceof Map && inner._idToShortId instanceof Map && inner._fieldLength instanceof Map) {
    if (!extendable) {
      Object.assign(inner, {
        _documentIds: { has: (i: number) => i >= 0 && i < n, get: (i: number) => (i >= 0 && i < n ? i : undefined), size: n },
        _fieldLength: { get: (i: number) => [fieldLength[i] ?? 0] },
      });
      return lexical;
    }
    for (let i = 0; i < meta.itemCount; i++) {
      inner._documentIds.set(i, i);
      inner._idToShortId.set(i, i);
      inner._fieldLength.set(i, [fieldLength[i] ?? 0]);
    }
    return lexical;
  }
  const ids: Record<string, number> = {};
  const lengths: Record<string, number[]> = {};
  for (let i = 0; i < meta.itemCount; i++) ids[i] = i;
  fieldLength.forEach((len, i) => (lengths[i] = [len]));
  return MiniSearch.loadJS({ ...base, documentIds: ids, fieldLength: lengths }, LEXICAL_OPTIONS);
}
