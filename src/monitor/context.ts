import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readJsonCache, writeJsonCache } from '../files.js';
import { dirname, join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { freshStatusline } from './statusline-cache.js';
import { adapterFor, type AgentAdapter, type CompactionMark } from '../agents/index.js';
import { type AgentKind, checkPlainLog, checkReadable, detectAgent, forEachLine, isJunkLine, lastNewlineEnd, logSource, parseJsonLine, readHeadLines, readTailLines } from '../transcript/index.js';

/**
 * How the token figure was obtained, most exact first: the agent's usage figure, its statusline,
 * its own count right after a compaction (plus what came after, counted), a tokenizer count, an
 * estimate from the log's size.
 */
export type TokenSource = 'usage' | 'statusline' | 'compaction' | 'tokenizer' | 'estimate' | 'none';

/** The session's compactions as far as the log was read: how many, and the newest. */
export interface Compactions {
  count: number;
  /** True when only the end of a very large log was searched: at least `count`. */
  atLeast: boolean;
  last?: { at?: string; trigger?: string; preTokens?: number };
}

export interface ContextReading {
  agent: AgentKind;
  path: string;
  sessionId?: string;
  model?: string;
  cwd?: string;
  branch?: string;
  tokens: number;
  /** The window the log itself reports or proves (Codex's model_context_window, Claude Code's 1M beta), if any. */
  reportedWindow?: number;
  source: TokenSource;
  compactions: Compactions;
  /** A compaction happened after the last usage figure: the count is an estimate of what is left. */
  compactedSinceUsage: boolean;
  linesRead: number;
  skipped: number;
  bytes: number;
}

type Json = Record<string, unknown>;
/** Tail windows read in turn for the last usage figure; past the last, the log is streamed. */
const TAIL_STEPS = [64 * 1024, 1 << 20, 8 << 20];
const CHARS_PER_TOKEN = 3.5;
const EXACT_COUNT_MAX_CHARS = 2 << 20;

const noCompactions = (): Compactions => ({ count: 0, atLeast: false });

/** Session facts from a line, through the agent's adapter (the reading keeps the log's window proof as reportedWindow). */
function metaOf(adapter: AgentAdapter, line: Json, r: Partial<ContextReading>, includeSidechain = false): void {
  const m = { sessionId: r.sessionId, cwd: r.cwd, branch: r.branch, model: r.model, windowHint: undefined as number | undefined };
  adapter.meta(line, m, includeSidechain);
  Object.assign(r, { sessionId: m.sessionId, cwd: m.cwd, branch: m.branch, model: m.model });
  if (m.windowHint && !(r.reportedWindow && r.reportedWindow >= m.windowHint)) r.reportedWindow = m.windowHint;
}

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
function scanBackwards(adapter: AgentAdapter, lines: string[], reading: Partial<ContextReading>, allowSidechain: boolean, after: { mark?: CompactionMark }): boolean {
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
const EXACT_MAX_CHARS = 64 << 20;

/**
 * Text gathered for counting, bounded: past `keep` characters only its length is tracked, so a
 * log of any size never becomes one string.
 */
class CountedText {
  private parts: string[] = [];
  chars = 0;
  constructor(private readonly keep: number) {}
  /** Set when a line was counted by its length only: the text is then not whole. */
  private unread = false;
  add(text: string): void {
    this.chars += text.length + 1;
    if (this.chars <= this.keep) this.parts.push(text);
  }
  /** A line too long to read (over MAX_LINE_BYTES), counted by its size. */
  addUnread(bytes: number): void {
    this.chars += bytes + 1;
    this.unread = true;
  }
  clear(): void {
    this.parts = [];
    this.chars = 0;
    this.unread = false;
  }
  /** The whole text, or undefined when it outgrew `keep` or a line of it was not read. */
  text(): string | undefined {
    return this.chars <= this.keep && !this.unread ? this.parts.join('\n') : undefined;
  }
}

async function countTokens(counted: CountedText, exact: boolean, estimateOnly = false): Promise<{ tokens: number; source: TokenSource }> {
  const text = estimateOnly || (!exact && counted.chars > EXACT_COUNT_MAX_CHARS) ? undefined : counted.text();
  if (text === undefined) return { tokens: Math.round(counted.chars / CHARS_PER_TOKEN), source: 'estimate' };
  // Loaded only here: the rank table is the slowest thing the tool could load (see bench/tokenizer).
  const { countTokens: count } = await import('gpt-tokenizer/encoding/o200k_base');
  // BPE merging is quadratic in the length of one unbroken run (base64, a pasted blob): such
  // runs are estimated, the rest counted.
  let estimated = 0;
  const prose = text.replace(/\S{1000,}/g, (run) => {
    estimated += Math.ceil(run.length / CHARS_PER_TOKEN);
    return ' ';
  });
  return { tokens: count(prose) + estimated, source: 'tokenizer' };
}

/** Counts a log that carries no usage figures: the text after its last compaction. */
async function countWithoutUsage(path: string, agent: AgentKind, exact: boolean, reading: Partial<ContextReading>, estimateOnly = false, from = 0, base?: number): Promise<void> {
  const adapter = adapterFor(agent);
  const counted = new CountedText(exact ? EXACT_MAX_CHARS : EXACT_COUNT_MAX_CHARS);
  let lines = 0;
  let skipped = 0;
  let lineStart = from;
  forEachLine(path, (raw, end, tooLong) => {
    lines++;
    const start = lineStart;
    lineStart = end;
    if (agent === 'plain') {
      // A plain log is all context: a line too long to read still fills the window.
      if (tooLong) {
        counted.addUnread(end - start);
        return;
      }
      const text = raw.toString('utf8');
      if (isJunkLine(text)) skipped++;
      else counted.add(text);
      return;
    }
    const line = parseJsonLine(raw);
    if (!line || !adapter) {
      if (raw.length || tooLong) skipped++;
      return;
    }
    metaOf(adapter, line, reading);
    if (adapter.compaction(line)) counted.clear();
    const text = adapter.contextText(line, base !== undefined);
    if (text) counted.add(text);
  }, from);
  const { tokens, source } = await countTokens(counted, exact, estimateOnly);
  // Right after a compaction the agent's own count of what it kept, plus what came after.
  if (base !== undefined) Object.assign(reading, { tokens: base + tokens, source: 'compaction', linesRead: lines, skipped });
  else Object.assign(reading, { tokens, source, linesRead: lines, skipped });
}

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
function scanForwards(path: string, adapter: AgentAdapter, reading: Partial<ContextReading>, allowSidechain: boolean, after: { mark?: CompactionMark }): { found: boolean; lines: number } {
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

interface CacheEntry {
  size: number;
  mtimeMs: number;
  scannedTo: number;
  /** Where the last compaction line starts, when the count is of what came after it. */
  compactionAt?: number;
  /** The agent's own count right after that compaction (Claude Code's postTokens), when it gave one. */
  compactionBase?: number;
  reading: ContextReading;
}

export function defaultCacheFile(env = process.env): string {
  return join(cacheDir(env), 'context.json');
}

/** Bumped whenever ContextReading changes shape or meaning, so old entries are ignored. */
const CACHE_VERSION = 5;

/** The cache of 50 transcripts' readings stays far below this. */
const CACHE_MAX_BYTES = 16 * 1024 * 1024;

function loadCache(file: string): Record<string, CacheEntry> {
  const entries = readJsonCache(file, CACHE_VERSION, CACHE_MAX_BYTES)?.entries;
  return entries && typeof entries === 'object' ? (entries as Record<string, CacheEntry>) : {};
}

function storeCache(file: string, cache: Record<string, CacheEntry>): void {
  const keys = Object.keys(cache);
  // Keep the cache small: the 50 most recently written transcripts.
  for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete cache[k];
  writeJsonCache(file, CACHE_VERSION, { entries: cache });
}

/** Notes one compaction line in the count. */
function countCompaction(c: Compactions, mark: CompactionMark, line: Json): void {
  c.count++;
  c.last = { at: typeof line.timestamp === 'string' ? line.timestamp : undefined, trigger: mark.trigger, preTokens: mark.preTokens };
}

/** Logs up to this size are searched whole for compactions; of a larger one, the last 8 MB. */
const COUNT_WHOLE_MAX = 16 << 20;
const COUNT_TAIL = 8 << 20;

/**
 * The session's compactions: every line that holds the agent's compaction marker is parsed and
 * checked. A fast byte search, so the whole of a log up to 16 MB is searched.
 */
function findCompactions(path: string, adapter: AgentAdapter, size: number): Compactions {
  const c = noCompactions();
  const needle = Buffer.from(adapter.compactionNeedle);
  const from = size > COUNT_WHOLE_MAX ? size - COUNT_TAIL : 0;
  c.atLeast = from > 0;
  forEachLine(
    path,
    (raw) => {
      if (raw.indexOf(needle) < 0) return;
      const line = parseJsonLine(raw);
      const mark = line ? adapter.compaction(line) : null;
      if (mark) countCompaction(c, mark, line!);
    },
    from,
  );
  return c;
}

/** Brings a cached reading up to date by reading only the bytes appended since. */
function advance(entry: CacheEntry, path: string, adapter: AgentAdapter): CacheEntry {
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
  return { size, mtimeMs: statSync(path).mtimeMs, scannedTo: lastNewlineEnd, reading: r, compactionAt: compacted ? compactionAt : undefined, compactionBase: compacted ? compactionBase : undefined };
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
    const reading: Partial<ContextReading> = { agent, path, sessionId: agentFigures.sessionId, model: agentFigures.model, tokens: agentFigures.tokens, reportedWindow: agentFigures.window, source: 'statusline', compactedSinceUsage: false, compactions: hit?.reading.compactions ?? noCompactions(), linesRead: 0, skipped: 0, bytes: size };
    if (!reading.sessionId || !reading.model) metaFromHead(path, adapterFor(agent), reading, false);
    return reading as ContextReading;
  }
  const save = (entry: CacheEntry): ContextReading => {
    delete cache[path];
    cache[path] = entry;
    if (cacheFile) storeCache(cacheFile, cache);
    return entry.reading;
  };
  const hitAdapter = hit ? adapterFor(hit.reading.agent) : undefined;
  // Right after a compaction: what came after the cached compaction offset is counted, not the log.
  if (hit && hitAdapter && hit.reading.compactedSinceUsage && hit.compactionAt !== undefined && (opts.estimateOnly || hit.reading.source !== 'estimate') && !opts.exact) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size) {
      const next = advance(hit, path, hitAdapter);
      if (next.reading.compactedSinceUsage && next.compactionAt !== undefined) await countWithoutUsage(path, next.reading.agent, false, next.reading, opts.estimateOnly, next.compactionAt, next.compactionBase);
      return save(next);
    }
  }
  if (hit && hitAdapter && hit.reading.source === 'usage' && !hit.reading.compactedSinceUsage) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size) {
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
    await countWithoutUsage(path, agent, opts.exact ?? false, reading, opts.estimateOnly, compactionAt ?? 0, compactionAt !== undefined ? compactionBase : undefined);
    reading.compactedSinceUsage = found;
  }
  reading.bytes = size;
  const result = reading as ContextReading;
  if (cacheFile && !fromSidechain && (result.source === 'usage' || compactionAt !== undefined)) {
    // An unfinished last line is read again next time, from the start of that line.
    return save({ size, mtimeMs, scannedTo: lastNewlineEnd(path), reading: result, compactionAt, compactionBase: compactionAt !== undefined ? compactionBase : undefined });
  }
  return result;
}
