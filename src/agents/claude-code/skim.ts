/**
 * Claude Code's progress lines (a hook's, a running command's, a subagent's: a third of the bytes
 * of a long log with hooks) say nothing the reader keeps but the session's own fields. They are
 * read for those alone: the fields before the line's `type` (Claude Code writes them first) and
 * its time (last), not the running output in its `data`.
 */
import type { Json } from '../../log/json.js';
import { closesWhole, MAX_JSON_DEPTH } from '../../log/lines.js';

const TYPE = Buffer.from('"type":"');
const PROGRESS = '"type":"progress"';
/**
 * Shorter lines (most of them: a hook's start, a command's tick) are parsed whole: below 2 KB
 * JSON.parse costs less than the skim's checks, the more so when they run cold, as in a save's
 * first read of a log (8 µs against 20 for the usual 850-byte line).
 */
export const SKIM_MIN_BYTES = 2048;

/** A long progress line's session fields (`sessionId`, `cwd`, `version`, `gitBranch`, `isSidechain`, `timestamp`, `type`), or undefined for any other line, a short one, or one not shaped so. */
export function skimProgress(raw: Buffer): Json | undefined {
  if (raw.length < SKIM_MIN_BYTES) return undefined;
  // The line's own type is its first: within its head, before anything nested.
  const at = raw.indexOf(TYPE);
  if (at < 2 || at > 1024 || raw.toString('latin1', at, at + PROGRESS.length) !== PROGRESS || !closesWhole(raw, MAX_JSON_DEPTH)) return undefined;
  try {
    const head = raw.toString('utf8', 0, at).trimEnd();
    if (!head.endsWith(',')) return undefined;
    const line = JSON.parse(`${head}${PROGRESS}}`) as Json;
    // Its time is among its last fields: the last of them in its tail.
    const tail = raw.toString('utf8', Math.max(at, raw.length - 400));
    const times = [...tail.matchAll(/"timestamp":("[^"\\]*")/g)];
    if (times.length && line.timestamp === undefined) line.timestamp = JSON.parse(times.at(-1)![1]!) as string;
    return line;
  } catch {
    return undefined;
  }
}
