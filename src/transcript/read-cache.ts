/**
 * The reading of a log so far, kept between saves (`<cache>/transcripts/`): the next save restores
 * the agent's reader where the last one stopped and reads only the bytes appended since. It holds
 * the log's own text (unredacted events, dedupe keys), so it lives in a private folder (0700,
 * files 0600), bounded in size and count; anything that does not match the log exactly (another
 * build, another file at the path, a log rewritten or cut) is ignored and the log read whole.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { readBounded, writeAtomic } from '../files.js';
import type { AgentKind } from '../log/events.js';

/** Bumped when what is kept changes shape; a new build of git-session also starts afresh (see buildStamp). */
const CACHE_VERSION = 1;
/** A reading larger than this is not kept (a log of ~100 MB); it is read whole each time. */
export const READ_CACHE_MAX_BYTES = 64 << 20;
/** This many files are kept (a reading and its redactions for each of 16 logs), the most recently written. */
const KEEP_FILES = 32;
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
  const fd = openSync(path, 'r');
  try {
    const h = createHash('sha1');
    const ranges = cut > 2 * WINDOW ? [0, cut - WINDOW].map((start) => [start, WINDOW] as const) : [[0, cut] as const];
    const buf = Buffer.allocUnsafe(Math.min(cut, WINDOW * 2));
    for (const [start, want] of ranges) {
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, start + got);
        if (n <= 0) break;
        got += n;
      }
      h.update(buf.subarray(0, got));
    }
    return h.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/**
 * The value kept under `name` in the private folder `dir` by this build, or undefined when there
 * is none, it is from another build or version, or it cannot be read. Never throws.
 */
export function loadPrivateCache(dir: string, name: string): Record<string, unknown> | undefined {
  try {
    if (!isPrivate(dir)) return undefined;
    const buf = readBounded(join(dir, name), READ_CACHE_MAX_BYTES);
    const v = buf ? (deserialize(buf) as Record<string, unknown>) : undefined;
    return v && typeof v === 'object' && v.version === CACHE_VERSION && v.build === buildStamp() ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `value` under `name` in the private folder `dir` (made 0700, the file 0600), unless it is
 * larger than READ_CACHE_MAX_BYTES; the oldest files beyond KEEP_FILES are removed. Never
 * throws: a cache not kept costs only time.
 */
export function storePrivateCache(dir: string, name: string, value: Record<string, unknown>): void {
  try {
    const folder = privateFolder(dir);
    if (!folder) return;
    const buf = serialize({ ...value, version: CACHE_VERSION, build: buildStamp() });
    if (buf.length > READ_CACHE_MAX_BYTES) return;
    writeAtomic(join(folder, name), buf, 0o600);
    pruneOldest(folder);
  } catch {
    /* only a cache */
  }
}

/** A log's name in the cache folder: a hash of its path. */
export const cacheName = (path: string, kind: string): string => `${createHash('sha1').update(path).digest('hex')}.${kind}.v8`;

/**
 * The saved reading of `path` by `agent`, or undefined when there is none or it does not fit the
 * log as it is now: from another build, of another file, past the log's end, or over bytes that
 * changed since. Never throws.
 */
export function loadReading(dir: string, path: string, agent: AgentKind): SavedReading | undefined {
  try {
    const r = loadPrivateCache(dir, cacheName(path, 'reading')) as SavedReading | undefined;
    if (!r || r.path !== path || r.agent !== agent || !r.state || typeof r.state !== 'object') return undefined;
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
    const reading: Omit<SavedReading, 'version' | 'build'> = { path, agent, dev: st.dev, ino: st.ino, cut, prefix: prefixHash(path, cut), state };
    storePrivateCache(dir, cacheName(path, 'reading'), reading);
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
