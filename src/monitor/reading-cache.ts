/** The cache of readings (~/.cache/git-session/context.json): a later reading reads only the bytes appended since. */
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAdapter } from '../agents/index.js';
import { readJsonCache, writeJsonCache } from '../files.js';
import { forEachLine, MAX_LINE_BYTES, NEWLINE, parseJsonLine, readRange } from '../transcript/index.js';
import { prefixWindows } from '../log/lines.js';
import { cacheDir } from './cache-dir.js';
import { countCompaction, metaOf, noCompactions, type Compactions, type ContextReading } from './reading.js';

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  scannedTo: number;
  /** Where the last compaction line starts, when the count is of what came after it. */
  compactionAt?: number;
  /** The agent's own count right after that compaction (Claude Code's postTokens), when it gave one. */
  compactionBase?: number;
  reading: ContextReading;
  /** What the log held where the reading started and stopped (markOf): a log written anew under the same path differs. */
  mark?: string;
}

/** Bytes of a log's start, and of the part before where a reading stopped, that markOf compares. */
const MARK_BYTES = 4096;

/**
 * The log's first bytes and those just before `upTo`, hashed (FNV-1a: no crypto in the status
 * command): a reading brought up to date reads only what came after `upTo`, which holds only while
 * what came before is the same log (prefixWindows, as the events' cache checks with sha1).
 */
export function markOf(path: string, upTo: number): string {
  let h = 0x811c9dc5;
  for (const b of prefixWindows(path, upTo, MARK_BYTES)) for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return `${upTo}:${(h >>> 0).toString(36)}`;
}

export function defaultCacheFile(env = process.env): string {
  return join(cacheDir(env), 'context.json');
}

/** Bumped whenever ContextReading changes shape or meaning, so old entries are ignored. */
const CACHE_VERSION = 6;

/** The cache of 50 transcripts' readings stays far below this. */
const CACHE_MAX_BYTES = 16 * 1024 * 1024;

export function loadCache(file: string): Record<string, CacheEntry> {
  const entries = readJsonCache(file, CACHE_VERSION, CACHE_MAX_BYTES)?.entries;
  return entries && typeof entries === 'object' ? (entries as Record<string, CacheEntry>) : {};
}

export function storeCache(file: string, cache: Record<string, CacheEntry>): void {
  const keys = Object.keys(cache);
  // Keep the cache small: the 50 most recently written transcripts.
  for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete cache[k];
  writeJsonCache(file, CACHE_VERSION, { entries: cache });
}

/** Logs up to this size are searched whole for compactions; of a larger one, the last 8 MB. */
const COUNT_WHOLE_MAX = 16 << 20;
const COUNT_TAIL = 8 << 20;

/**
 * The session's compactions: every line that holds the agent's compaction marker is parsed and
 * checked. The marker is searched for in the whole text at once (a native search), not line by
 * line, so the whole of a log up to 16 MB is searched in a few milliseconds.
 */
export function findCompactions(path: string, adapter: AgentAdapter, size: number): Compactions {
  const c = noCompactions();
  const needle = Buffer.from(adapter.compactionNeedle);
  const from = size > COUNT_WHOLE_MAX ? size - COUNT_TAIL : 0;
  c.atLeast = from > 0;
  const fd = openSync(path, 'r');
  let text: Buffer;
  try {
    // To the end, as forEachLine read: the reading's scannedTo is found after this, and a later
    // reading starts there, so a compaction written since `size` was taken is counted now or never
    // (at most COUNT_TAIL more: the buffer stays bounded however fast the log grows).
    text = readRange(fd, from, Math.max(0, Math.min(fstatSync(fd).size, size + COUNT_TAIL) - from));
  } finally {
    closeSync(fd);
  }
  for (let at = text.indexOf(needle); at >= 0;) {
    const start = text.lastIndexOf(NEWLINE, at) + 1;
    const next = text.indexOf(NEWLINE, at);
    const end = next < 0 ? text.length : next;
    // As forEachLine reads them: a line longer than it holds is not parsed.
    const line = end - start <= MAX_LINE_BYTES ? parseJsonLine(text.subarray(start, end)) : null;
    const mark = line ? adapter.compaction(line) : null;
    if (mark) countCompaction(c, mark, line!);
    at = next < 0 ? -1 : text.indexOf(needle, next);
  }
  return c;
}

/** Brings a cached reading up to date by reading only the bytes appended since. */
export function advance(entry: CacheEntry, path: string, adapter: AgentAdapter): CacheEntry {
  const r = { ...entry.reading, compactions: { ...entry.reading.compactions } };
  let { compactionAt, compactionBase } = entry;
  const { size, lastNewlineEnd } = forEachLine(
    path,
    (raw, end, tooLong) => {
      r.linesRead++;
      const line = parseJsonLine(raw);
      if (!line) {
        if (raw.length || tooLong) r.skipped++;
        return;
      }
      metaOf(adapter, line, r);
      const mark = adapter.compaction(line);
      if (mark) {
        r.compactedSinceUsage = true;
        compactionAt = end - raw.length - 1;
        compactionBase = mark.postTokens;
        countCompaction(r.compactions, mark, line);
      }
      const usage = adapter.usage(line, false);
      if (usage) {
        r.tokens = usage.tokens;
        r.reportedWindow = usage.window ?? r.reportedWindow;
        r.model = usage.model ?? r.model;
        r.compactedSinceUsage = false;
        r.source = 'usage';
      }
    },
    entry.scannedTo,
  );
  r.bytes = size;
  const compacted = r.compactedSinceUsage;
  return {
    size,
    mtimeMs: statSync(path).mtimeMs,
    scannedTo: lastNewlineEnd,
    reading: r,
    compactionAt: compacted ? compactionAt : undefined,
    compactionBase: compacted ? compactionBase : undefined,
  };
}
