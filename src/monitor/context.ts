import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { freshStatusline } from './statusline-cache.js';
import {
  type AgentKind,
  checkPlainLog,
  checkReadable,
  codexUsage,
  detectAgent,
  forEachLine,
  isJunkLine,
  lastNewlineEnd,
  mainChainUsage,
  parseJsonLine,
  readHeadLines,
  readTailLines,
} from '../transcript/index.js';

/** How the token figure was obtained, most exact first. */
export type TokenSource = 'usage' | 'statusline' | 'tokenizer' | 'estimate' | 'none';

export interface ContextReading {
  agent: AgentKind;
  path: string;
  sessionId?: string;
  model?: string;
  cwd?: string;
  branch?: string;
  tokens: number;
  /** The window the log itself reports (Codex), if any. */
  reportedWindow?: number;
  source: TokenSource;
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

function isCompaction(agent: AgentKind, line: Json): boolean {
  if (agent === 'codex') return line.type === 'compacted' || (line.type === 'event_msg' && (line.payload as Json)?.type === 'context_compacted');
  return line.type === 'system' && line.subtype === 'compact_boundary';
}

function usageOf(agent: AgentKind, line: Json, allowSidechain: boolean): { tokens: number; window?: number; model?: string } | null {
  return agent === 'codex' ? codexUsage(line) : mainChainUsage(line, allowSidechain);
}

/** Text an agent keeps in context from one line, for counting when a log has no usage at all. */
function contextText(agent: AgentKind, line: Json): string {
  if (line.isSidechain === true) return '';
  const holder = agent === 'codex' ? (line.type === 'response_item' ? (line.payload as Json) : undefined) : (line.message as Json | undefined);
  if (!holder || typeof holder !== 'object') return '';
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'signature' && k !== 'encrypted_content' && k !== 'id' && k !== 'type') walk(x);
  };
  walk(agent === 'codex' ? holder : holder.content);
  return parts.join('\n');
}

function metaOf(agent: AgentKind, line: Json, r: Partial<ContextReading>, includeSidechain = false): void {
  if (agent === 'codex') {
    const p = line.payload as Json | undefined;
    if (!p) return;
    if (line.type === 'session_meta') {
      r.sessionId ??= typeof p.id === 'string' ? p.id : undefined;
      r.cwd ??= typeof p.cwd === 'string' ? p.cwd : undefined;
    }
    if (line.type === 'turn_context') {
      r.model ??= typeof p.model === 'string' ? p.model : undefined;
      r.cwd ??= typeof p.cwd === 'string' ? p.cwd : undefined;
    }
    return;
  }
  if (line.isSidechain === true && !includeSidechain) return;
  r.sessionId ??= typeof line.sessionId === 'string' ? line.sessionId : undefined;
  r.cwd ??= typeof line.cwd === 'string' ? line.cwd : undefined;
  if (!r.branch && typeof line.gitBranch === 'string' && line.gitBranch) r.branch = line.gitBranch;
  const m = (line.message as Json | undefined)?.model;
  if (!r.model && line.type === 'assistant' && typeof m === 'string' && m !== '<synthetic>') r.model = m;
}

/** Fills what the tail did not say from the head: Codex names its session only in the first line. */
function metaFromHead(path: string, agent: AgentKind, reading: Partial<ContextReading>, includeSidechain: boolean): void {
  for (const raw of readHeadLines(path, 64 * 1024)) {
    const line = parseJsonLine(raw);
    if (line) metaOf(agent, line, reading, includeSidechain);
  }
}

/**
 * Scans lines newest first for the last usage, noting a compaction that came after it and the
 * session's metadata on the way.
 */
function scanBackwards(agent: AgentKind, lines: string[], reading: Partial<ContextReading>, allowSidechain: boolean): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = parseJsonLine(lines[i]!);
    if (!line) {
      reading.skipped = (reading.skipped ?? 0) + 1;
      continue;
    }
    metaOf(agent, line, reading);
    if (isCompaction(agent, line)) {
      if (reading.tokens === undefined) reading.compactedSinceUsage = true;
      continue;
    }
    const usage = usageOf(agent, line, allowSidechain);
    if (usage && reading.tokens === undefined) {
      reading.tokens = usage.tokens;
      reading.reportedWindow = usage.window;
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
async function countWithoutUsage(path: string, agent: AgentKind, exact: boolean, reading: Partial<ContextReading>, estimateOnly = false, from = 0): Promise<void> {
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
    if (!line) {
      if (raw.length || tooLong) skipped++;
      return;
    }
    metaOf(agent, line, reading);
    if (isCompaction(agent, line)) counted.clear();
    const text = contextText(agent, line);
    if (text) counted.add(text);
  }, from);
  const { tokens, source } = await countTokens(counted, exact, estimateOnly);
  Object.assign(reading, { tokens, source, linesRead: lines, skipped });
}

/**
 * Where the last compaction line starts, searched in the last `within` bytes only (the tail
 * scan saw it there): counting from it reads what came after, not the whole log.
 */
function compactionOffsetInTail(path: string, agent: AgentKind, size: number, within: number): number | undefined {
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
          if (json && isCompaction(agent, json)) return start + lineStart;
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
function scanForwards(path: string, agent: AgentKind, reading: Partial<ContextReading>, allowSidechain: boolean): { found: boolean; lines: number } {
  let lines = 0;
  forEachLine(path, (raw, _end, tooLong) => {
    lines++;
    const line = parseJsonLine(raw);
    if (!line) {
      if (raw.length || tooLong) reading.skipped = (reading.skipped ?? 0) + 1;
      return;
    }
    metaOf(agent, line, reading);
    if (isCompaction(agent, line)) {
      if (reading.tokens !== undefined) reading.compactedSinceUsage = true;
      return;
    }
    const usage = usageOf(agent, line, allowSidechain);
    if (!usage) return;
    reading.tokens = usage.tokens;
    reading.reportedWindow = usage.window;
    reading.model = usage.model ?? reading.model;
    reading.compactedSinceUsage = false;
  });
  return { found: reading.tokens !== undefined, lines };
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  scannedTo: number;
  /** Where the last compaction line starts, when the count is of what came after it. */
  compactionAt?: number;
  reading: ContextReading;
}

export function defaultCacheFile(env = process.env): string {
  const base = env.GIT_SESSION_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'git-session');
  return join(base, 'context.json');
}

/** Bumped whenever ContextReading changes shape or meaning, so old entries are ignored. */
const CACHE_VERSION = 4;

function loadCache(file: string): Record<string, CacheEntry> {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && v.version === CACHE_VERSION && v.entries && typeof v.entries === 'object' ? v.entries : {};
  } catch {
    return {};
  }
}

function storeCache(file: string, cache: Record<string, CacheEntry>): void {
  try {
    const keys = Object.keys(cache);
    // Keep the cache small: the 50 most recently written transcripts.
    for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete cache[k];
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, entries: cache }));
    renameSync(tmp, file);
  } catch {
    /* a cache that cannot be written only costs speed */
  }
}

/** Brings a cached reading up to date by reading only the bytes appended since. */
function advance(entry: CacheEntry, path: string): CacheEntry {
  const r = { ...entry.reading };
  const agent = r.agent;
  let compactionAt = entry.compactionAt;
  const { size, lastNewlineEnd } = forEachLine(
    path,
    (raw, end, tooLong) => {
      r.linesRead++;
      const line = parseJsonLine(raw);
      if (!line) {
        if (raw.length || tooLong) r.skipped++;
        return;
      }
      if (isCompaction(agent, line)) {
        r.compactedSinceUsage = true;
        compactionAt = end - raw.length - 1;
      }
      const usage = usageOf(agent, line, false);
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
  return { size, mtimeMs: statSync(path).mtimeMs, scannedTo: lastNewlineEnd, reading: r, compactionAt: r.compactedSinceUsage ? compactionAt : undefined };
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
 * bytes appended since the last call. A log with no usage at all is counted with a tokenizer.
 */
export async function readContext(path: string, opts: ReadContextOptions = {}): Promise<ContextReading> {
  const size = checkReadable(path);
  const mtimeMs = statSync(path).mtimeMs;
  const cacheFile = opts.cacheFile === undefined ? defaultCacheFile() : opts.cacheFile;
  const agentFigures = opts.ignoreStatusline || opts.cacheFile === false ? undefined : freshStatusline(path, mtimeMs);
  if (agentFigures) {
    // The agent's own numbers, as recent as the log: exact, and nothing to read. They come
    // before the usage cache, which only holds what the log said.
    const agent = opts.agent ?? detectAgent(path);
    const reading: Partial<ContextReading> = { agent, path, sessionId: agentFigures.sessionId, model: agentFigures.model, tokens: agentFigures.tokens, reportedWindow: agentFigures.window, source: 'statusline', compactedSinceUsage: false, linesRead: 0, skipped: 0, bytes: size };
    if (!reading.sessionId || !reading.model) metaFromHead(path, agent, reading, false);
    return reading as ContextReading;
  }
  const cache = cacheFile ? loadCache(cacheFile) : {};
  const hit = cache[path];
  // Right after a compaction: what came after the cached compaction offset is counted, not the log.
  if (hit && hit.reading.compactedSinceUsage && hit.compactionAt !== undefined && (opts.estimateOnly || hit.reading.source !== 'estimate') && !opts.exact) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size) {
      const next = advance(hit, path);
      if (next.reading.compactedSinceUsage && next.compactionAt !== undefined) await countWithoutUsage(path, next.reading.agent, false, next.reading, opts.estimateOnly, next.compactionAt);
      delete cache[path];
      cache[path] = next;
      if (cacheFile) storeCache(cacheFile, cache);
      return next.reading;
    }
  }
  if (hit && hit.reading.source === 'usage' && !hit.reading.compactedSinceUsage) {
    if (hit.size === size && hit.mtimeMs === mtimeMs) return hit.reading;
    if (size > hit.size && hit.scannedTo <= size) {
      const next = advance(hit, path);
      if (!next.reading.compactedSinceUsage) {
        delete cache[path];
        cache[path] = next;
        if (cacheFile) storeCache(cacheFile, cache);
        return next.reading;
      }
    }
  }

  const agent = opts.agent ?? detectAgent(path);
  // Binary data or JSON of no known agent is refused as save refuses it; an empty log is a session just begun.
  if (agent === 'plain' && size > 0) checkPlainLog(path);
  const reading: Partial<ContextReading> = { agent, path, compactedSinceUsage: false, skipped: 0 };
  let found = false;
  let tailBytes = 0;
  let fromSidechain = false;
  let linesRead = 0;
  if (agent !== 'plain') {
    for (const allowSidechain of [false, true]) {
      let reachedStart = false;
      for (const step of TAIL_STEPS) {
        tailBytes = step;
        const tail = readTailLines(path, step);
        Object.assign(reading, { skipped: 0, tokens: undefined, compactedSinceUsage: false });
        found = scanBackwards(agent, tail.lines, reading, allowSidechain);
        linesRead = tail.lines.length;
        reachedStart = tail.reachedStart;
        if (found || reachedStart) break;
      }
      if (!found && !reachedStart) {
        Object.assign(reading, { skipped: 0, tokens: undefined, compactedSinceUsage: false });
        ({ found, lines: linesRead } = scanForwards(path, agent, reading, allowSidechain));
      }
      fromSidechain = allowSidechain;
      if (found) break;
    }
  }
  if (!reading.sessionId || !reading.model || !reading.cwd) metaFromHead(path, agent, reading, fromSidechain);
  let compactionAt: number | undefined;
  if (found && !reading.compactedSinceUsage) {
    reading.source = 'usage';
    reading.linesRead = linesRead;
  } else {
    // No usage at all, or a compaction since: what is in context now must be counted — from
    // the compaction on, when the tail scan saw it, so a huge log is not read again.
    compactionAt = found && reading.compactedSinceUsage && tailBytes ? compactionOffsetInTail(path, agent, size, tailBytes) : undefined;
    await countWithoutUsage(path, agent, opts.exact ?? false, reading, opts.estimateOnly, compactionAt ?? 0);
    reading.compactedSinceUsage = found;
  }
  reading.bytes = size;
  const result = reading as ContextReading;
  if (cacheFile && !fromSidechain && (result.source === 'usage' || compactionAt !== undefined)) {
    delete cache[path];
    // An unfinished last line is read again next time, from the start of that line.
    cache[path] = { size, mtimeMs, scannedTo: lastNewlineEnd(path), reading: result, compactionAt };
    storeCache(cacheFile, cache);
  }
  return result;
}

