/**
 * The reading of a log so far, kept between saves (`<cache>/transcripts/`): the next save restores
 * the agent's reader where the last one stopped and reads only the bytes appended since. It holds
 * the log's own text (unredacted events, dedupe keys), so it lives in a private folder (0700,
 * files 0600), bounded in size and count; anything that does not match the log exactly (another
 * build, another file at the path, a log rewritten or cut) is ignored and the log read whole.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { readBounded } from '../files.js';
import { prefixWindows } from '../log/lines.js';
import { collectGarbage } from '../memory.js';
import type { AgentKind } from '../log/events.js';

/** Bumped when what is kept changes shape; a new build of git-session also starts afresh (see buildStamp). */
const CACHE_VERSION = 2;
/** A reading larger than this is not kept (a log of ~100 MB); it is read whole each time. */
export const READ_CACHE_MAX_BYTES = 64 << 20;
/** This many files are kept (a reading and its redactions for each of 16 logs), the most recently written. */
const KEEP_FILES = 48;
/** The log's head and the bytes before where the reading stopped are compared: a rewritten log differs there. */
const WINDOW = 64 << 10;

/** Where a reading stopped, and the reader's state and counters there (plain data). */
export interface SavedReading {
  version: number;
  build: string;
  path: string;
  agent: AgentKind;
  dev: number;
  ino: number;
  /** The offset just after the last newline read: every line before it was fed to the reader. */
  cut: number;
  /** A hash of the log's head and of the WINDOW bytes before `cut`. */
  prefix: string;
  state: Record<string, unknown>;
}

/** This build of git-session: the folder its code was loaded from (dist/ is made anew by every build). */
let stamp: string | undefined;
function buildStamp(): string {
  if (stamp === undefined) {
    const st = statSync(dirname(fileURLToPath(import.meta.url)));
    stamp = `${CACHE_VERSION}:${st.ino}:${st.mtimeMs}`;
  }
  return stamp;
}

/** A hash of the bytes of `path` that a rewrite would change: its head, and the WINDOW bytes before `cut`. */
export function prefixHash(path: string, cut: number): string {
  const h = createHash('sha1');
  for (const b of prefixWindows(path, cut, WINDOW)) h.update(b);
  return h.digest('hex');
}

/** Items of a cache's list serialized together: a big log's events are written a slice at a time, never as one buffer. */
const SLICE = 1000;
const COLLECT_EVERY_BYTES = 2 << 20;

/**
 * The value kept under `name` in the private folder `dir` by this build, with its `list` put back,
 * or undefined when there is none, it is from another build or version, or it cannot be read.
 * Never throws. The file is records, each a 4-byte length and v8 bytes: the value, then the list's
 * slices.
 */
export function loadPrivateCache(dir: string, name: string): (Record<string, unknown> & { list: unknown[] }) | undefined {
  try {
    if (!isPrivate(dir)) return undefined;
    const buf = readBounded(join(dir, name), READ_CACHE_MAX_BYTES);
    if (!buf) return undefined;
    let at = 0;
    const next = (): unknown => {
      const len = buf.readUInt32LE(at);
      if (at + 4 + len > buf.length) throw new RangeError('a record cut short');
      const v = deserialize(buf.subarray(at + 4, at + 4 + len));
      at += 4 + len;
      return v;
    };
    const v = next() as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object' || v.version !== CACHE_VERSION || v.build !== buildStamp()) return undefined;
    const list: unknown[] = [];
    while (at < buf.length) {
      const slice = next();
      if (!Array.isArray(slice)) return undefined;
      for (const item of slice) list.push(item);
    }
    return { ...v, list };
  } catch {
    return undefined;
  }
}

/**
 * Keeps `value` and its `list` under `name` in the private folder `dir` (made 0700, the file 0600),
 * unless they come to more than READ_CACHE_MAX_BYTES; the oldest files beyond KEEP_FILES are
 * removed. The list is serialized a slice at a time: a save of a big log holds no second copy of
 * its events as one buffer. Never throws: a cache not kept costs only time.
 */
export function storePrivateCache(dir: string, name: string, value: Record<string, unknown>, list: Iterable<unknown> = []): void {
  let tmp: string | undefined;
  try {
    const folder = privateFolder(dir);
    if (!folder) return;
    const path = join(folder, name);
    tmp = `${path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    let total = 0;
    let collected = 0;
    try {
      const put = (v: unknown): boolean => {
        const bytes = serialize(v);
        total += 4 + bytes.length;
        if (total > READ_CACHE_MAX_BYTES) return false;
        const len = Buffer.alloc(4);
        len.writeUInt32LE(bytes.length);
        writeSync(fd, len);
        writeSync(fd, bytes);
        // Written slices are garbage: while a big log is read, collected every few megabytes.
        if (total - collected > COLLECT_EVERY_BYTES) {
          collected = total;
          collectGarbage();
        }
        return true;
      };
      if (!put({ ...value, version: CACHE_VERSION, build: buildStamp() })) return;
      let slice: unknown[] = [];
      for (const item of list) {
        slice.push(item);
        if (slice.length === SLICE) {
          if (!put(slice)) return;
          slice = [];
        }
      }
      if (slice.length && !put(slice)) return;
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    tmp = undefined;
    pruneOldest(folder);
  } catch {
    /* only a cache */
  } finally {
    if (tmp) rmSync(tmp, { force: true });
  }
}

/** A log's name in the cache folder: a hash of its path. */
export const cacheName = (path: string, kind: string): string => `${createHash('sha1').update(path).digest('hex')}.${kind}.v8`;

/** A map kept for the log at `path` under `kind` (its redactions, its trail's sizes), in the cache folder's private `transcripts/`; empty when none. */
export function loadKeptMap<K, V>(cacheDir: string, path: string, kind: string): Map<K, V> {
  return new Map((loadPrivateCache(join(cacheDir, 'transcripts'), cacheName(path, kind))?.list ?? []) as Array<[K, V]>);
}

/** Keeps `map` for the log at `path` under `kind` (see loadKeptMap and storePrivateCache). */
export function storeKeptMap<K, V>(cacheDir: string, path: string, kind: string, map: Map<K, V>): void {
  storePrivateCache(join(cacheDir, 'transcripts'), cacheName(path, kind), {}, map);
}

/**
 * The saved reading of `path` by `agent`, or undefined when there is none or it does not fit the
 * log as it is now: from another build, of another file, past the log's end, or over bytes that
 * changed since. Never throws.
 */
export function loadReading(dir: string, path: string, agent: AgentKind): SavedReading | undefined {
  try {
    const kept = loadPrivateCache(dir, cacheName(path, 'reading'));
    const r = kept as unknown as SavedReading | undefined;
    if (!kept || !r || r.path !== path || r.agent !== agent || !r.state || typeof r.state !== 'object') return undefined;
    const reader = (r.state as { reader?: Record<string, unknown> }).reader;
    if (!reader || typeof reader !== 'object') return undefined;
    // The reader's events were kept as the list (see storeReading).
    reader.events = kept.list;
    const st = statSync(path);
    if (st.dev !== r.dev || st.ino !== r.ino || st.size < r.cut) return undefined;
    return prefixHash(path, r.cut) === r.prefix ? r : undefined;
  } catch {
    return undefined;
  }
}

/** True when `dir` is a folder (not a link) of this user's that no one else can write to: what is read from it is ours. */
function isPrivate(dir: string): boolean {
  const st = lstatSync(dir);
  return st.isDirectory() && (st.mode & 0o022) === 0 && (process.getuid === undefined || st.uid === process.getuid());
}

/** The private folder readings are kept in, made 0700 (refused when it is a link or not ours to keep private). */
function privateFolder(dir: string): string | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) return undefined;
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/** Where readTranscript keeps its readings (passed in, so that a hook that never saves does not load this module and node:crypto). */
export interface ReadingCache {
  load(path: string, agent: AgentKind): SavedReading | undefined;
  store(path: string, agent: AgentKind, cut: number, state: Record<string, unknown>): void;
}

/** The readings kept under `cacheDir` (the per-user cache folder), in its private `transcripts/` folder. */
export function readingCache(cacheDir: string): ReadingCache {
  const dir = join(cacheDir, 'transcripts');
  return {
    load: (path, agent) => loadReading(dir, path, agent),
    store: (path, agent, cut, state) => storeReading(dir, path, agent, cut, state),
  };
}

/** Keeps the reading of `path` up to `cut`, with the reader's `state` (see storePrivateCache). */
function storeReading(dir: string, path: string, agent: AgentKind, cut: number, state: Record<string, unknown>): void {
  try {
    const st = statSync(path);
    // The reader's events, most of what is kept, go as the list: written a slice at a time.
    const { events = [], ...reader } = (state.reader ?? {}) as { events?: unknown[] };
    const reading: Omit<SavedReading, 'version' | 'build'> = {
      path,
      agent,
      dev: st.dev,
      ino: st.ino,
      cut,
      prefix: prefixHash(path, cut),
      state: { ...state, reader },
    };
    storePrivateCache(dir, cacheName(path, 'reading'), reading, events);
  } catch {
    /* only a cache */
  }
}

/** Removes all but the KEEP_FILES newest files (and temporary files a killed process left). */
function pruneOldest(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.v8') || f.endsWith('.tmp'))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(KEEP_FILES)) rmSync(join(dir, f), { force: true });
}
