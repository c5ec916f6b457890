/** Reading a session's context figures from its log: the newest usage figure, else a count; cached per log. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { freshStatusline } from './statusline-cache.js';
import { adapterFor, type AgentAdapter, type CompactionMark } from '../agents/index.js';
import {
  type AgentKind,
  checkPlainLog,
  checkReadable,
  detectAgent,
  forEachLine,
  lastNewlineEnd,
  logSource,
  parseJsonLine,
  readHeadLines,
  readTailLines,
} from '../transcript/index.js';
import { advance, defaultCacheFile, findCompactions, loadCache, markOf, storeCache, type CacheEntry } from './reading-cache.js';
import { metaOf, noCompactions, type ContextReading } from './reading.js';
import { countWithoutUsage } from './token-count.js';

export type { Compactions, ContextReading, TokenSource } from './reading.js';
export { defaultCacheFile } from './reading-cache.js';

/** Tail windows read in turn for the last usage figure; past the last, the log is streamed. */
const TAIL_STEPS = [64 * 1024, 1 << 20, 8 << 20];

/** Fills what the tail did not say from the head: Codex names its session only in the first line. */
function metaFromHead(path: string, adapter: AgentAdapter | undefined, reading: Partial<ContextReading>, includeSidechain: boolean): void {
  if (!adapter) return;
  for (const raw of readHeadLines(path, 64 * 1024)) {
    const line = parseJsonLine(raw);
    if (line) metaOf(adapter, line, reading, includeSidechain);
  }
}

/**
 * Scans lines newest first for the last usage, noting a compaction that came after it and the
 * session's metadata on the way.
 */
function scanBackwards(
  adapter: AgentAdapter,
  lines: string[],
  reading: Partial<ContextReading>,
  allowSidechain: boolean,
  after: { mark?: CompactionMark },
): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = parseJsonLine(lines[i]!);
    if (!line) {
      reading.skipped = (reading.skipped ?? 0) + 1;
      continue;
    }
    metaOf(adapter, line, reading);
    const mark = adapter.compaction(line);
    if (mark) {
      if (reading.tokens === undefined && !reading.compactedSinceUsage) {
        reading.compactedSinceUsage = true;
        after.mark = mark;
      }
      continue;
    }
    const usage = adapter.usage(line, allowSidechain);
    if (usage && reading.tokens === undefined) {
      reading.tokens = usage.tokens;
      if (usage.window) reading.reportedWindow = usage.window;
      reading.model ??= usage.model;
      if (reading.sessionId && reading.model) return true;
    } else if (reading.tokens !== undefined && reading.sessionId && reading.model) return true;
  }
  return reading.tokens !== undefined;
}

/** Most text the tokenizer is given even with --exact: one string of it must stay far below V8's limit. */

/**
 * Where the last compaction line starts, searched in the last `within` bytes only (the tail
 * scan saw it there): counting from it reads what came after, not the whole log.
 */
function compactionOffsetInTail(path: string, adapter: AgentAdapter, size: number, within: number): number | undefined {
  const start = Math.max(0, size - within);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    let end = n;
    while (end > 0) {
      const nl = buf.lastIndexOf(10, end - 1);
      const lineStart = nl + 1;
      // Cheap test first: every compaction line of both agents says "compact".
      if (lineStart > 0 || start === 0) {
        const line = buf.subarray(lineStart, end);
        if (line.includes('compact')) {
          const json = parseJsonLine(line);
          if (json && adapter.compaction(json)) return start + lineStart;
        }
      }
      if (nl < 0) break;
      end = nl;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the whole log forwards, streamed, for the last usage figure and a compaction after it:
 * for logs whose tail windows held none, whatever their size.
 */
function scanForwards(
  path: string,
  adapter: AgentAdapter,
  reading: Partial<ContextReading>,
  allowSidechain: boolean,
  after: { mark?: CompactionMark },
): { found: boolean; lines: number } {
  let lines = 0;
  forEachLine(path, (raw, _end, tooLong) => {
    lines++;
    const line = parseJsonLine(raw);
    if (!line) {
      if (raw.length || tooLong) reading.skipped = (reading.skipped ?? 0) + 1;
      return;
    }
    metaOf(adapter, line, reading);
    const mark = adapter.compaction(line);
    if (mark) {
      if (reading.tokens !== undefined) reading.compactedSinceUsage = true;
      after.mark = mark;
      return;
    }
    const usage = adapter.usage(line, allowSidechain);
    if (!usage) return;
    reading.tokens = usage.tokens;
    if (usage.window) reading.reportedWindow = usage.window;
    reading.model = usage.model ?? reading.model;
    reading.compactedSinceUsage = false;
    after.mark = undefined;
  });
  return { found: reading.tokens !== undefined, lines };
}

export interface ReadContextOptions {
  agent?: AgentKind;
  /** Count with the tokenizer even on a large log without usage. */
  exact?: boolean;
  /** Never load the tokenizer: estimate instead (for hooks, which must stay fast). */
  estimateOnly?: boolean;
  /** Ignore figures cached by `git session statusline`. */
  ignoreStatusline?: boolean;
  /** Where the (path, size, mtime) cache lives; `false` disables it. */
  cacheFile?: string | false;
}

/**
 * How much context a session uses now, from the tail of its log: the last main-chain usage
 * figure. Reads 64 KB in the common case whatever the file's size, and with the cache only the
 * bytes appended since the last call. Right after a compaction, the agent's own count of what it
 * kept (when it gives one) plus what came after; a log with no usage at all is counted with a
 * tokenizer.
 */
export async function readContext(path: string, opts: ReadContextOptions = {}): Promise<ContextReading> {
  const source = logSource(path);
  if (source === path) return readPlainContext(path, opts);
  // A compressed log is read through its decompressed copy, and reported by its own name.
  return { ...(await readPlainContext(source, { ...opts, agent: opts.agent ?? detectAgent(path) })), path };
}

async function readPlainContext(path: string, opts: ReadContextOptions): Promise<ContextReading> {
  const size = checkReadable(path);
  const mtimeMs = statSync(path).mtimeMs;
  const cacheFile = opts.cacheFile === undefined ? defaultCacheFile() : opts.cacheFile;
  const agentFigures = opts.ignoreStatusline || opts.cacheFile === false ? undefined : freshStatusline(path, mtimeMs);
  const cache = cacheFile ? loadCache(cacheFile) : {};
  const hit = cache[path];
  if (agentFigures) {
    // The agent's own numbers, as recent as the log: exact, and nothing to read. They come
    // before the usage cache, which only holds what the log said.
    const agent = opts.agent ?? detectAgent(path);
    const reading: Partial<ContextReading> = {
      agent,
      path,
      sessionId: agentFigures.sessionId,
      model: agentFigures.model,
      tokens: agentFigures.tokens,
      reportedWindow: agentFigures.window,
      source: 'statusline',
      compactedSinceUsage: false,
      compactions: hit?.reading.compactions ?? noCompactions(),
      linesRead: 0,
      skipped: 0,
      bytes: size,
    };
    if (!reading.sessionId || !reading.model) metaFromHead(path, adapterFor(agent), reading, false);
    return reading as ContextReading;
  }
  // Appended to, not written anew (a copy of another log over it): what the reading read is still there.
  const grew = (entry: CacheEntry): boolean => entry.mark === markOf(path, entry.scannedTo);
  const save = (entry: CacheEntry): ContextReading => {
    delete cache[path];
    cache[path] = { ...entry, mark: markOf(path, entry.scannedTo) };
    if (cacheFile) storeCache(cacheFile, cache);
    return entry.reading;
  };
  const hitAdapter = hit ? adapterFor(hit.reading.agent) : undefined;
  // Right after a compaction: what came after the cached compaction offset is counted, not the log.
  if (
    hit &&
    hitAdapter &&
    hit.reading.compactedSinceUsage &&
    hit.compactionAt !== undefined &&
    (opts.estimateOnly || hit.reading.source !== 'estimate') &&
    !opts.exact
  ) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size && grew(hit)) {
      const next = advance(hit, path, hitAdapter);
      if (next.reading.compactedSinceUsage && next.compactionAt !== undefined)
        await countWithoutUsage(path, next.reading.agent, false, next.reading, opts.estimateOnly, next.compactionAt, next.compactionBase);
      return save(next);
    }
  }
  if (hit && hitAdapter && hit.reading.source === 'usage' && !hit.reading.compactedSinceUsage) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size && grew(hit)) {
      const next = advance(hit, path, hitAdapter);
      if (!next.reading.compactedSinceUsage) return save(next);
    }
  }

  const agent = opts.agent ?? detectAgent(path);
  const adapter = adapterFor(agent);
  // Binary data or JSON of no known agent is refused as save refuses it; an empty log is a session just begun.
  if (!adapter && size > 0) checkPlainLog(path);
  const reading: Partial<ContextReading> = { agent, path, compactedSinceUsage: false, skipped: 0, compactions: noCompactions() };
  let found = false;
  let tailBytes = 0;
  let fromSidechain = false;
  let linesRead = 0;
  const after: { mark?: CompactionMark } = {};
  if (adapter) {
    for (const allowSidechain of [false, true]) {
      let reachedStart = false;
      for (const step of TAIL_STEPS) {
        tailBytes = step;
        const tail = readTailLines(path, step);
        Object.assign(reading, { skipped: 0, tokens: undefined, compactedSinceUsage: false });
        after.mark = undefined;
        found = scanBackwards(adapter, tail.lines, reading, allowSidechain, after);
        linesRead = tail.lines.length;
        reachedStart = tail.reachedStart;
        if (found || reachedStart) break;
      }
      if (!found && !reachedStart) {
        Object.assign(reading, { skipped: 0, tokens: undefined, compactedSinceUsage: false });
        after.mark = undefined;
        ({ found, lines: linesRead } = scanForwards(path, adapter, reading, allowSidechain, after));
      }
      fromSidechain = allowSidechain;
      if (found) break;
    }
    reading.compactions = findCompactions(path, adapter, size);
  }
  if (!reading.sessionId || !reading.model || !reading.cwd) metaFromHead(path, adapter, reading, fromSidechain);
  let compactionAt: number | undefined;
  const compactionBase = reading.compactedSinceUsage ? after.mark?.postTokens : undefined;
  if (found && !reading.compactedSinceUsage) {
    reading.source = 'usage';
    reading.linesRead = linesRead;
  } else {
    // No usage at all, or a compaction since: what is in context now must be counted — from
    // the compaction on, when the tail scan saw it, so a huge log is not read again.
    compactionAt = found && reading.compactedSinceUsage && tailBytes && adapter ? compactionOffsetInTail(path, adapter, size, tailBytes) : undefined;
    await countWithoutUsage(
      path,
      agent,
      opts.exact ?? false,
      reading,
      opts.estimateOnly,
      compactionAt ?? 0,
      compactionAt !== undefined ? compactionBase : undefined,
    );
    reading.compactedSinceUsage = found;
  }
  reading.bytes = size;
  const result = reading as ContextReading;
  if (cacheFile && !fromSidechain && (result.source === 'usage' || compactionAt !== undefined)) {
    // An unfinished last line is read again next time, from the start of that line.
    return save({
      size,
      mtimeMs,
      scannedTo: lastNewlineEnd(path),
      reading: result,
      compactionAt,
      compactionBase: compactionAt !== undefined ? compactionBase : undefined,
    });
  }
  return result;
}
