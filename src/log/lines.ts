import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { hasImpossibleUsage, type Json } from './json.js';

/** `\n`, as a byte. */
export const NEWLINE = 0x0a;
const CHUNK = 1 << 20;
/** The first read: a reader that wants a file's first lines (which agent wrote it) reads 64 KB, not a megabyte. */
const FIRST_CHUNK = 64 << 10;
/**
 * A line longer than this is skipped unread (counted, never held whole): parsing it would cost
 * several times its size, and what such a line holds is pasted images or huge output. A user's
 * words beside the images are read from its two ends (LineEnds).
 */
export const MAX_LINE_BYTES = 8 << 20;

/** How much of each end of a line too long to read is kept, for what can be read of it. */
export const LONG_LINE_ENDS = 64 << 10;

/** The first and last LONG_LINE_ENDS bytes of a line too long to read. */
export interface LineEnds {
  head: Buffer;
  tail: Buffer;
}

export interface LineStats {
  lines: number;
  /** Lines that were not JSON objects, too long, or cut off. */
  skipped: number;
  bytes: number;
}

/**
 * Calls `onLine` for each complete or final line of the file, read in Buffer chunks and split on
 * newline bytes (about 2–3× faster than readline). Starts at byte `from`.
 * @param path file to read
 * @param onLine receives the raw bytes of one line (without the newline) and its end offset,
 *   or no bytes, `tooLong` and the line's two ends for a line over MAX_LINE_BYTES; returning
 *   `false` stops the reading
 * @param from byte offset to start at; it should be the start of a line
 * @param to read no further than this offset (the line cut there is passed as the last one)
 * @returns the number of bytes read and the offset just after the last newline seen
 */
export function forEachLine(
  path: string,
  onLine: (line: Buffer, endOffset: number, tooLong: boolean, ends?: LineEnds) => unknown,
  from = 0,
  to = Number.POSITIVE_INFINITY,
): { size: number; lastNewlineEnd: number } {
  const fd = openSync(path, 'r');
  try {
    const size = Math.min(fstatSync(fd).size, to);
    const chunk = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let overlong = false;
    // For a line too long to read: its first bytes, and a window on its last ones.
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    const keepTail = (b: Buffer): void => {
      // A copy: `chunk` is read into again.
      const joined = Buffer.concat([tail, b.subarray(Math.max(0, b.length - LONG_LINE_ENDS))]);
      tail = joined.length > LONG_LINE_ENDS ? Buffer.from(joined.subarray(joined.length - LONG_LINE_ENDS)) : joined;
    };
    let pos = from;
    let lastNewlineEnd = from;
    for (let want = FIRST_CHUNK; pos < size; want = Math.min(want * 4, CHUNK)) {
      const n = readSync(fd, chunk, 0, Math.min(want, size - pos), pos);
      if (n <= 0) break;
      let start = 0;
      for (let i = chunk.indexOf(NEWLINE, 0); i !== -1 && i < n; i = chunk.indexOf(NEWLINE, start)) {
        const end = pos + i + 1;
        let wanted: unknown;
        if (overlong) {
          keepTail(chunk.subarray(start, i));
          wanted = onLine(Buffer.alloc(0), end, true, { head, tail });
        } else if (pendingBytes > 0) {
          pending.push(chunk.subarray(start, i));
          wanted = onLine(Buffer.concat(pending), end, false);
        } else {
          wanted = onLine(chunk.subarray(start, i), end, false);
        }
        if (wanted === false) return { size, lastNewlineEnd: end };
        pending = [];
        pendingBytes = 0;
        overlong = false;
        head = tail = Buffer.alloc(0);
        start = i + 1;
        lastNewlineEnd = end;
      }
      if (start < n && overlong) keepTail(chunk.subarray(start, n));
      else if (start < n) {
        pendingBytes += n - start;
        if (pendingBytes > MAX_LINE_BYTES) {
          overlong = true;
          // Only the ends are copied: the line's first bytes, and its last whole chunks.
          head = Buffer.concat(pending, Math.min(pendingBytes - (n - start), LONG_LINE_ENDS));
          for (const b of pending.slice(-2)) keepTail(b);
          keepTail(chunk.subarray(start, n));
          pending = [];
        } else {
          pending.push(Buffer.from(chunk.subarray(start, n)));
        }
      }
      pos += n;
    }
    if (pendingBytes > 0 && !overlong) onLine(Buffer.concat(pending), size, false);
    else if (overlong) onLine(Buffer.alloc(0), size, true, { head, tail });
    return { size, lastNewlineEnd };
  } finally {
    closeSync(fd);
  }
}

/**
 * Deeper than any real transcript line nests (tool inputs reach ~20): past this, code that walks
 * or copies a parsed line recursively (JSON.stringify, structuredClone) could overflow the stack.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * True when a JSON text nests objects and arrays deeper than `max`. Strings are jumped over with
 * a native search for their closing quote, so a line of long texts costs little.
 */
export function nestsDeeperThan(line: Buffer, max: number): boolean {
  // Deeper than `max` takes more than `max` opening brackets: counted natively first, a real line has few.
  let brackets = 0;
  for (let i = line.indexOf(0x7b); i !== -1 && brackets <= max; i = line.indexOf(0x7b, i + 1)) brackets++;
  for (let i = line.indexOf(0x5b); i !== -1 && brackets <= max; i = line.indexOf(0x5b, i + 1)) brackets++;
  if (brackets <= max) return false;
  return walkBrackets(line, max, false) === DEEPER;
}

const DEEPER = -2;

/** True when `text` holds more than `max` opening brackets, in strings or not: what a line must have to nest deeper than `max`. */
function bracketsOver(text: string, max: number): boolean {
  let brackets = 0;
  for (let i = text.indexOf('{'); i !== -1 && brackets <= max; i = text.indexOf('{', i + 1)) brackets++;
  for (let i = text.indexOf('['); i !== -1 && brackets <= max; i = text.indexOf('[', i + 1)) brackets++;
  return brackets > max;
}

/**
 * Walks the brackets of a JSON text outside its strings (jumped over with a native search for
 * their closing quote): DEEPER when it nests deeper than `max`; with `toClose`, the index of the
 * bracket that closes the value it opens with; else (or when it never closes) -1.
 */
function walkBrackets(line: Buffer, max: number, toClose: boolean): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === 0x22) {
      let q = line.indexOf(0x22, i + 1);
      for (;;) {
        if (q === -1) return -1;
        let backslashes = 0;
        while (line[q - 1 - backslashes] === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        q = line.indexOf(0x22, q + 1);
      }
      i = q;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return DEEPER;
    } else if ((c === 0x7d || c === 0x5d) && --depth === 0 && toClose) return i;
  }
  return -1;
}

/** True when `line` is one JSON value as far as its brackets tell (it closes at its last byte), nested no deeper than `max`: not one cut short or still being written. */
export const closesWhole = (line: Buffer, max: number): boolean => walkBrackets(line, max, true) === line.length - 1;

/**
 * Parses one line as a JSON object; anything else (junk, a half-written line, an array, nesting
 * deeper than MAX_JSON_DEPTH, token counts that are not counts) is null.
 */
export function parseJsonLine(line: Buffer | string): Record<string, unknown> | null {
  if (line.length === 0) return null;
  const first = typeof line === 'string' ? line.charCodeAt(0) : line[0];
  // '{' only, after optional whitespace: skips `//` comments and binary junk without a throw.
  if (first !== 0x7b && first !== 0x20 && first !== 0x09 && first !== 0x0d) return null;
  const text = typeof line === 'string' ? line : line.toString('utf8');
  // The brackets counted in the text (a string search costs a fraction of a Buffer's): only a line with many is walked.
  if (bracketsOver(text, MAX_JSON_DEPTH) && nestsDeeperThan(typeof line === 'string' ? Buffer.from(line, 'utf8') : line, MAX_JSON_DEPTH)) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    return hasImpossibleUsage(value as Json) ? null : (value as Json);
  } catch {
    return null;
  }
}

/**
 * The bytes of a log up to `cut` that a rewrite of it would change while an append would not: its
 * first `window` bytes and the `window` before `cut` (all of it when that is shorter than both).
 * What a cached reading of it is checked against before only the appended bytes are read.
 */
export function prefixWindows(path: string, cut: number, window: number): Buffer[] {
  const fd = openSync(path, 'r');
  try {
    return cut > 2 * window ? [readRange(fd, 0, window), readRange(fd, cut - window, window)] : [readRange(fd, 0, cut)];
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes of an open file from `start`, fewer if it ends before. */
export function readRange(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buf, read, length - read, start + read);
    if (n <= 0) break;
    read += n;
  }
  return buf.subarray(0, read);
}

/**
 * Reads the last `maxBytes` of a file and returns its complete lines, oldest first. The first,
 * partial line of the window is dropped unless the window reaches the start of the file.
 */
export function readTailLines(path: string, maxBytes: number): { lines: string[]; reachedStart: boolean; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const text = readRange(fd, start, size - start).toString('utf8');
    const lines = text.split('\n');
    if (start > 0) lines.shift();
    return { lines: lines.filter((l) => l.length > 0), reachedStart: start === 0, size };
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `maxBytes` of a file as text, never more whatever the file's size; `cut` says whether
 * the file goes on past them.
 */
export function readHeadText(path: string, maxBytes: number): { text: string; cut: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = readRange(fd, 0, Math.min(size, maxBytes));
    return { text: buf.toString('utf8'), cut: size > buf.length };
  } finally {
    closeSync(fd);
  }
}

/** Reads the first `maxBytes` of a file as complete lines (the last, partial line dropped). */
export function readHeadLines(path: string, maxBytes: number): string[] {
  const { text, cut } = readHeadText(path, maxBytes);
  const lines = text.split('\n');
  if (cut) lines.pop();
  return lines.filter((l) => l.length > 0);
}

/** The offset just after the file's last newline (0 if it has none): where an unfinished line starts. */
export function lastNewlineEnd(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const block = Buffer.allocUnsafe(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - block.length);
      const n = readSync(fd, block, 0, end - start, start);
      const i = block.subarray(0, n).lastIndexOf(NEWLINE);
      if (i !== -1) return start + i + 1;
      end = start;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}
