/**
 * The trail as files beside a snapshot's manifest: `trail/<kind>/NNNN.jsonl`, 32 entries a chunk.
 * A full chunk never changes again, so a later snapshot of the session stores only the chunks
 * that grew (the others are the same blobs). Bounded per session: at most 64 KB compressed,
 * the oldest detail condensed first. Read back defensively: a trail is data, maybe from a push.
 */
import { deflateRawSync } from 'node:zlib';
import { sanitizeText } from '../manifest/sanitize.js';
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
  for (const k of ['at', 'path', 'op', 'by', 'outcome', 'error', 'change', 'removed', 'output'] as const)
    if (typeof e[k] === 'string')
      (out as unknown as Record<string, string>)[k] = sanitizeText(e[k]!, {
        newlines: k !== 'at' && k !== 'path' && k !== 'op' && k !== 'by' && k !== 'outcome',
      }).slice(0, 2000);
  if (typeof e.exit === 'number' && Number.isSafeInteger(e.exit)) out.exit = e.exit;
  return out;
};

function chunks(trail: Trail): TrailFiles {
  const files: TrailFiles = new Map();
  for (const kind of TRAIL_KINDS) {
    const list = trail[kind];
    for (let i = 0; i * CHUNK_ENTRIES < list.length; i++) {
      const text = list
        .slice(i * CHUNK_ENTRIES, (i + 1) * CHUNK_ENTRIES)
        .map((e) => JSON.stringify(clean(e)))
        .join('\n');
      files.set(`trail/${kind}/${String(i).padStart(4, '0')}.jsonl`, `${text}\n`);
    }
  }
  return files;
}

const compressedSize = (files: TrailFiles): number => [...files.values()].reduce((n, t) => n + deflateRawSync(t).length, 0);

/** One step of condensing the oldest half of the trail's detail; false when nothing is left to condense. */
const CONDENSE: Array<(t: Trail) => boolean> = [
  // What successful commands printed and edits wrote goes first, then reads, the least of it.
  (t) => strip(t, 'commands', 'output'),
  (t) => strip(t, 'tools', 'output'),
  (t) => strip(t, 'files', 'change'),
  (t) => strip(t, 'files', 'removed'),
  (t) => dropOldest(t, 'files', (e) => e.op === 'read'),
  (t) => dropOldest(t, 'answers', (e) => e.by === 'mid-turn'),
  (t) => shorten(t, 'answers', 300),
  (t) => shorten(t, 'compactions', 1500),
  (t) => shorten(t, 'asks', 1000),
  (t) => shorten(t, 'commands', 160, true),
  (t) => dropOldest(t, 'answers'),
  (t) => shorten(t, 'asks', 300),
  (t) => dropOldest(t, 'plans'),
  (t) => dropOldest(t, 'files'),
  (t) => dropOldest(t, 'commands', (e) => e.outcome !== 'failed'),
  (t) => dropOldest(t, 'compactions'),
  (t) => dropOldest(t, 'asks'),
  (t) => dropOldest(t, 'commands'),
  (t) => dropOldest(t, 'decisions'),
];

/** Removes a detail field from the oldest half of a kind's entries. */
function strip(t: Trail, kind: TrailKind, field: 'output' | 'change' | 'removed'): boolean {
  const list = t[kind];
  let changed = false;
  for (const e of list.slice(0, Math.ceil(list.length / 2))) {
    if (e[field] !== undefined) {
      delete e[field];
      changed = true;
    }
  }
  return changed;
}

function shorten(t: Trail, kind: TrailKind, max: number, errors = false): boolean {
  const list = t[kind];
  let changed = false;
  for (const e of list.slice(0, Math.ceil(list.length / 2))) {
    if (e.text.length > max) {
      e.text = `${e.text.slice(0, max - 1)}…`;
      changed = true;
    }
    if (errors && e.error && e.error.length > max) {
      e.error = `${e.error.slice(0, max - 1)}…`;
      changed = true;
    }
  }
  return changed;
}

function dropOldest(t: Trail, kind: TrailKind, which: (e: TrailEntry) => boolean = () => true): boolean {
  const idx = t[kind].flatMap((e, i) => (which(e) ? [i] : []));
  if (!idx.length) return false;
  const drop = new Set(idx.slice(0, Math.ceil(idx.length / 2)));
  t[kind] = t[kind].filter((_, i) => !drop.has(i));
  return true;
}

/** The files of a trail within the budget (compressed), the oldest detail condensed first. */
export function trailFiles(trail: Trail, budget = TRAIL_BUDGET_BYTES): TrailFiles {
  const t = structuredClone(trail);
  let files = chunks(t);
  for (let step = 0, rounds = 0; compressedSize(files) > budget && step < CONDENSE.length && rounds < 200; rounds++) {
    if (!CONDENSE[step]!(t)) step++;
    files = chunks(t);
  }
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
