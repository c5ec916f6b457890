/**
 * The trail as files beside a snapshot's manifest: `trail/<kind>/NNNN.jsonl`, 32 entries a chunk.
 * A full chunk never changes again, so a later snapshot of the session stores only the chunks
 * that grew (the others are the same blobs). Bounded per session: at most 64 KB compressed,
 * the oldest detail condensed first. Read back defensively: a trail is data, maybe from a push.
 */
import { zlib } from '../builtins.js';
import { sha1 } from '../hash.js';
import { sanitizeText } from '../manifest/sanitize.js';
import { RULES_CHARS } from './instruction-files.js';
import { TRAIL_KINDS, type Trail, type TrailEntry, type TrailKind } from './build.js';

export const CHUNK_ENTRIES = 32;
/** What a session's trail may cost, compressed. */
export const TRAIL_BUDGET_BYTES = 64 * 1024;
/** No chunk a save writes is larger; anything larger was not written by git-session. */
export const MAX_CHUNK_BYTES = 256 * 1024;
export const CHUNK_NAME = /^\d{4}\.jsonl$/;

/** A trail's files: `trail/<kind>/<chunk>.jsonl` → its text. */
export type TrailFiles = Map<string, string>;

const clean = (e: TrailEntry): TrailEntry => {
  const out: TrailEntry = { text: sanitizeText(e.text, { newlines: true }) };
  for (const k of ['at', 'path', 'op', 'by', 'outcome', 'error', 'change', 'removed', 'output', 'afterCall'] as const)
    if (typeof e[k] === 'string')
      (out as unknown as Record<string, string>)[k] = sanitizeText(e[k]!, {
        newlines: k !== 'at' && k !== 'path' && k !== 'op' && k !== 'by' && k !== 'outcome' && k !== 'afterCall',
      }).slice(0, k === 'change' && e.op === 'read' ? RULES_CHARS : 2000);
  if (typeof e.exit === 'number' && Number.isSafeInteger(e.exit)) out.exit = e.exit;
  if (e.looked === true) out.looked = true;
  return out;
};

/** One chunk's text, as stored. */
const chunkText = (entries: TrailEntry[]): string => `${entries.map((e) => JSON.stringify(clean(e))).join('\n')}\n`;

/** A chunk while the trail is condensed: its entries and what its text costs compressed (the text itself is not kept). */
interface SizedChunk {
  entries: TrailEntry[];
  bytes: number;
}

/**
 * Compressed sizes of chunk texts already measured (by an earlier save of the session), by a hash
 * of the text and this Node's version (its zlib): a hook's save of a long session deflated its
 * whole trail again to learn what it costs. Those `used` are what is worth keeping.
 */
export class ChunkSizes {
  readonly used = new Map<string, number>();
  constructor(private readonly known: Map<string, number> = new Map()) {}

  of(text: string): number {
    const key = sha1(`${process.version}${text}`, 'base64');
    const bytes = this.known.get(key) ?? zlib().deflateRawSync(text).length;
    this.used.set(key, bytes);
    return bytes;
  }

  /** Whether what was used differs from what was known (then it is worth storing). */
  changed(): boolean {
    return this.used.size !== this.known.size || [...this.used.keys()].some((k) => !this.known.has(k));
  }
}

/**
 * A kind's chunks with their compressed sizes, deflating only the chunks whose entries changed
 * since `before` (condensing replaces an entry it changes, never edits it in place).
 */
function sizedChunks(list: TrailEntry[], sizes: ChunkSizes, before: SizedChunk[] = []): SizedChunk[] {
  const out: SizedChunk[] = [];
  for (let i = 0; i * CHUNK_ENTRIES < list.length; i++) {
    const entries = list.slice(i * CHUNK_ENTRIES, (i + 1) * CHUNK_ENTRIES);
    const old = before[i];
    if (old && old.entries.length === entries.length && old.entries.every((e, j) => e === entries[j])) out.push(old);
    else out.push({ entries, bytes: sizes.of(chunkText(entries)) });
  }
  return out;
}

/** One step of condensing the oldest half of one kind's detail: the kind's new list, or undefined when nothing is left to condense. */
type Condense = (list: TrailEntry[]) => TrailEntry[] | undefined;

/** Removes a detail field from the oldest half of a kind's entries. */
const strip =
  (field: 'output' | 'change' | 'removed'): Condense =>
  (list) =>
    replaceOldestHalf(list, (e) => {
      if (e[field] === undefined) return undefined;
      const { [field]: _, ...rest } = e;
      return rest;
    });

/** Removes a detail field from the oldest half of the entries (`which`) that have it, until none has: what searches and reads showed goes whole before anything else does. */
const stripEvery =
  (field: 'output', which: (e: TrailEntry) => boolean = () => true): Condense =>
  (list) => {
    const idx = list.flatMap((e, i) => (e[field] === undefined || !which(e) ? [] : [i]));
    if (!idx.length) return undefined;
    const out = list.slice();
    for (const i of idx.slice(0, Math.ceil(idx.length / 2))) {
      const { [field]: _, ...rest } = out[i]!;
      out[i] = rest;
    }
    return out;
  };

const shorten =
  (max: number, errors = false): Condense =>
  (list) =>
    replaceOldestHalf(list, (e) => {
      const text = e.text.length > max ? `${e.text.slice(0, max - 1)}…` : e.text;
      const error = errors && e.error && e.error.length > max ? `${e.error.slice(0, max - 1)}…` : e.error;
      return text === e.text && error === e.error ? undefined : { ...e, text, ...(error === undefined ? {} : { error }) };
    });

/** The list with each of its oldest half's entries that `change` replaces replaced (a copy), or undefined when none is. */
function replaceOldestHalf(list: TrailEntry[], change: (e: TrailEntry) => TrailEntry | undefined): TrailEntry[] | undefined {
  let out: TrailEntry[] | undefined;
  for (let i = 0; i < Math.ceil(list.length / 2); i++) {
    const next = change(list[i]!);
    if (next) (out ??= list.slice())[i] = next;
  }
  return out;
}

const dropOldest =
  (which: (e: TrailEntry) => boolean = () => true): Condense =>
  (list) => {
    const idx = list.flatMap((e, i) => (which(e) ? [i] : []));
    if (!idx.length) return undefined;
    const drop = new Set(idx.slice(0, Math.ceil(idx.length / 2)));
    return list.filter((_, i) => !drop.has(i));
  };

/** A command that only looked (a search, a listing): what it printed was there before the session. */
const looked = (e: TrailEntry): boolean => e.looked === true;

/**
 * The steps of condensing, in order: what searches and reads showed goes first, then the searches
 * (before a command that changed something loses what it printed), what successful commands printed
 * and edits wrote, then reads, the least of it.
 */
const CONDENSE: Array<[TrailKind, Condense]> = [
  ['commands', stripEvery('output', looked)],
  ['tools', stripEvery('output', looked)],
  ['files', stripEvery('output')],
  ['commands', dropOldest(looked)],
  ['tools', dropOldest(looked)],
  ['commands', strip('output')],
  ['tools', strip('output')],
  ['files', strip('change')],
  ['files', strip('removed')],
  ['files', dropOldest((e) => e.op === 'read')],
  ['answers', dropOldest((e) => e.by === 'mid-turn')],
  ['answers', shorten(300)],
  ['compactions', shorten(1500)],
  ['asks', shorten(1000)],
  ['commands', shorten(160, true)],
  ['answers', dropOldest()],
  ['asks', shorten(300)],
  ['plans', dropOldest()],
  ['files', dropOldest()],
  ['commands', dropOldest((e) => e.outcome !== 'failed')],
  ['compactions', dropOldest()],
  ['asks', dropOldest()],
  ['commands', dropOldest()],
  ['decisions', dropOldest()],
];

/**
 * The files of a trail within the budget (compressed), the oldest detail condensed first. A step
 * changes one kind, so only that kind's changed chunks are deflated again: on a long log's trail
 * (tens of thousands of entries) every round used to serialise and deflate all of it, megabytes
 * of garbage each, which made a save on 500 MB peak at three times its memory target.
 */
export function trailFiles(trail: Trail, budget = TRAIL_BUDGET_BYTES, sizes = new ChunkSizes()): TrailFiles {
  const lists = new Map(TRAIL_KINDS.map((kind) => [kind, trail[kind]]));
  const sized = new Map(TRAIL_KINDS.map((kind) => [kind, sizedChunks(trail[kind], sizes)]));
  let bytes = 0;
  for (const chunks of sized.values()) for (const c of chunks) bytes += c.bytes;
  for (let step = 0, rounds = 0; bytes > budget && step < CONDENSE.length && rounds < 200; rounds++) {
    const [kind, condense] = CONDENSE[step]!;
    const list = condense(lists.get(kind)!);
    if (!list) {
      step++;
      continue;
    }
    const before = sized.get(kind)!;
    const after = sizedChunks(list, sizes, before);
    for (const c of before) bytes -= c.bytes;
    for (const c of after) bytes += c.bytes;
    lists.set(kind, list);
    sized.set(kind, after);
  }
  const files: TrailFiles = new Map();
  for (const [kind, chunks] of sized) chunks.forEach((c, i) => files.set(`trail/${kind}/${String(i).padStart(4, '0')}.jsonl`, chunkText(c.entries)));
  return files;
}

const isEntry = (v: unknown): v is TrailEntry => Boolean(v) && typeof v === 'object' && !Array.isArray(v) && typeof (v as TrailEntry).text === 'string';

/** A trail from its files, each line checked and sanitised; what is not an entry is skipped. */
export function parseTrail(files: TrailFiles): Trail {
  const trail = Object.fromEntries(TRAIL_KINDS.map((k) => [k, [] as TrailEntry[]])) as unknown as Trail;
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const m = /^trail\/([a-z]+)\/(\d{4})\.jsonl$/.exec(path);
    const kind = m?.[1] as TrailKind | undefined;
    if (!kind || !(TRAIL_KINDS as readonly string[]).includes(kind) || text.length > MAX_CHUNK_BYTES) continue;
    for (const raw of text.split('\n').slice(0, CHUNK_ENTRIES * 2)) {
      if (!raw.trim()) continue;
      try {
        const v: unknown = JSON.parse(raw);
        if (isEntry(v)) trail[kind].push(clean({ ...v, text: v.text.slice(0, 8000) }));
      } catch {
        /* a broken line is skipped */
      }
    }
  }
  return trail;
}
