import { closeSync, openSync, statSync } from 'node:fs';
import { adapterFor, agentOfLine, isJunkLine, plainEvents } from '../agents/index.js';
import { shrinkOlder, type AgentKind, type Transcript } from '../log/events.js';
import { forEachLine, lastNewlineEnd as newlineEnd, parseJsonLine, readHeadText, readTailLines, type LineEnds } from '../log/lines.js';
import type { ReadingCache } from './read-cache.js';
import { TranscriptUnreadableError } from '../errors.js';
import { isCompressedLog, readablePath } from '../log/zst.js';
import { collectGarbage } from '../memory.js';

/** How far detection looks into the head of a log: lines, and bytes (long lines count by size). */
const DETECT_LINES = 64;
const DETECT_BYTES = 16 << 20;
const TAIL_DETECT_BYTES = 1 << 20;
const PLAIN_MAX_BYTES = 64 << 20;
/** The newest events kept whole; older ones are shrunk (see shrinkOlder). */
const KEEP_WHOLE = 1500;
/** Bytes of log read between full garbage collections, for a big log (see withBoundedHeap). */
const COLLECT_EVERY_BYTES = 16 << 20;
/**
 * A kept reading is written again once this much was read past it: reading the bytes after it
 * costs less than writing the whole reading again (500 KB for a 2.9 MB log) on every save.
 */
export const STORE_AFTER_BYTES = 256 << 10;

/** Throws a clear error unless `path` is a readable regular file; returns its size. */
export function checkReadable(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new TranscriptUnreadableError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message));
  }
  if (!st.isFile()) throw new TranscriptUnreadableError(path, st.isDirectory() ? 'it is a directory, not a file' : 'not a regular file');
  try {
    closeSync(openSync(path, 'r'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TranscriptUnreadableError(path, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((err as Error).message));
  }
  return st.size;
}

/**
 * Reads a plain log's head (at most 64 MB) and refuses it unless it is text a person reads.
 * @throws TranscriptUnreadableError for an empty file, binary data, or JSON lines of no known agent
 */
export function checkPlainLog(path: string): { lines: string[]; junk: number } {
  const lines = readHeadText(path, PLAIN_MAX_BYTES).text.split('\n');
  const junk = lines.filter(isJunkLine).length;
  refuseNonTranscript(path, lines, junk);
  return { lines, junk };
}

/**
 * A plain log is text a person reads (an aider history, a chat export). JSON lines of no agent
 * git-session knows, or binary data, are refused with what was recognised, rather than saved as
 * a session of nothing.
 */
function refuseNonTranscript(path: string, lines: string[], junk: number): void {
  const nonEmpty = lines.filter((l) => l.trim());
  if (!nonEmpty.length) throw new TranscriptUnreadableError(path, 'the file is empty');
  if (junk / nonEmpty.length > 0.2) throw new TranscriptUnreadableError(path, 'it is binary data, not a transcript');
  const json = nonEmpty.filter((l) => parseJsonLine(l));
  if (json.length / nonEmpty.length > 0.5) {
    const keys = Object.keys(parseJsonLine(json[0]!) ?? {})
      .slice(0, 5)
      .join(', ');
    throw new TranscriptUnreadableError(
      path,
      `it holds JSON lines (keys: ${keys || 'none'}) but not a Claude Code or Codex transcript, and is not a text log either`,
    );
  }
}

/**
 * Which agent wrote a log, from its first recognisable JSON lines (streamed: a first line of
 * megabytes, or junk before the first JSON line, does not hide the agent), else from its last
 * ones. A log with none is plain text.
 */
/**
 * The file to read a log from: itself, or a compressed log's decompressed copy (see log/zst.ts).
 * @throws TranscriptUnreadableError for a `.zst` file that is not zstd data
 */
export function logSource(path: string): string {
  if (!isCompressedLog(path)) return path;
  checkReadable(path);
  try {
    return readablePath(path);
  } catch (err) {
    throw new TranscriptUnreadableError(path, `it is not zstd data (${(err as Error).message})`);
  }
}

export function detectAgent(path: string): AgentKind {
  checkReadable(path);
  path = logSource(path);
  let agent: AgentKind | undefined;
  let lines = 0;
  forEachLine(
    path,
    (raw) => {
      agent = agentOfLine(parseJsonLine(raw));
      return agent === undefined && ++lines < DETECT_LINES;
    },
    0,
    DETECT_BYTES,
  );
  if (agent) return agent;
  for (const raw of readTailLines(path, TAIL_DETECT_BYTES).lines.reverse()) {
    agent = agentOfLine(parseJsonLine(raw));
    if (agent) return agent;
  }
  return /rollout-.*\.jsonl$/.test(path) ? 'codex' : 'plain';
}

/** How a transcript is read. */
export interface ReadOptions {
  /**
   * Where the reading so far is kept between calls (see read-cache.ts): a log read before is read
   * on from where that reading stopped, with the same events as a whole read.
   */
  cache?: ReadingCache;
}

/**
 * Reads a whole transcript into normalized events. Never throws on bad content: lines that are
 * not JSON (a half-written last line, junk, comments) are counted in `stats.skipped`.
 * @param path the transcript file
 * @param agent skip detection when the caller already knows
 * @param opts `cache` to read on from the last reading of this log
 */
export function readTranscript(original: string, agent: AgentKind = detectAgent(original), opts: ReadOptions = {}): Transcript {
  checkReadable(original);
  const path = logSource(original);
  const size = checkReadable(path);
  if (agent === 'plain') {
    const { lines, junk } = checkPlainLog(path);
    return {
      agent,
      path: original,
      meta: {},
      events: plainEvents(lines.filter((l) => !l.includes('\u0000')).join('\n')),
      stats: { lines: lines.length, skipped: junk, bytes: size, broken: junk },
    };
  }
  const adapter = adapterFor(agent)!;
  const reader = adapter.reader();
  const n = { lines: 0, skipped: 0, broken: 0, lastBrokenEnd: -1, shrunkTo: 0, collectAt: COLLECT_EVERY_BYTES };
  // A compressed log is read from a copy: not kept.
  const cache = path === original ? opts.cache : undefined;
  const saved = cache?.load(path, agent);
  if (saved) {
    Object.assign(reader, saved.state.reader);
    Object.assign(n, saved.state.counts);
  }
  const onLine = (raw: Buffer, end: number, tooLong: boolean, ends?: LineEnds): void => {
    n.lines++;
    if (end >= n.collectAt) {
      collectGarbage();
      n.collectAt = end + COLLECT_EVERY_BYTES;
    }
    const line = adapter.skim?.(raw) ?? parseJsonLine(raw);
    // Work far from the end keeps its facts, not its full text: memory stays bounded.
    if (reader.events.length - n.shrunkTo > 2 * KEEP_WHOLE) {
      n.shrunkTo = shrinkOlder(reader.events, n.shrunkTo, reader.events.length - KEEP_WHOLE);
    }
    if (line) reader.add(line);
    else if (raw.length > 0 || tooLong) {
      // Not read whole, but a user's request in it (beside pasted images) is not lost.
      const salvaged = tooLong && ends && adapter.salvage ? adapter.salvage(ends.head.toString('utf8'), ends.tail.toString('utf8')) : null;
      if (salvaged) reader.add(salvaged);
      n.skipped++;
      // A `//` comment (annotated fixtures, shared logs) is not a broken line.
      if (raw[0] === 0x2f && raw[1] === 0x2f) return;
      n.broken++;
      n.lastBrokenEnd = end;
    }
  };
  let from = saved?.cut ?? 0;
  if (cache) {
    // The complete lines first, kept as read so far; a last line still being written is read after.
    const cut = Math.max(from, newlineEnd(path));
    if (cut > from || !saved) {
      forEachLine(path, onLine, from, cut);
      // Written again once what was read past it is worth the writing (a hook's save after each turn reads a few KB past it).
      if (!saved || cut - saved.cut >= STORE_AFTER_BYTES) cache.store(path, agent, cut, { reader: { ...reader }, counts: { ...n } });
    }
    from = cut;
  }
  const { lastNewlineEnd } = forEachLine(path, onLine, from);
  // The last line of a running session may be half-written: not broken either.
  if (n.lastBrokenEnd > lastNewlineEnd) n.broken--;
  return { agent, path: original, meta: reader.meta, events: reader.events, stats: { lines: n.lines, skipped: n.skipped, bytes: size, broken: n.broken } };
}
