import { readFileSync, statSync } from 'node:fs';
import { ClaudeCodeReader, isClaudeCodeLine } from './claude-code.js';
import { CodexReader, isCodexLine } from './codex.js';
import type { AgentKind, Transcript } from './events.js';
import { forEachLine, parseJsonLine, readHeadLines } from './lines.js';
import { isJunkLine, plainEvents } from './plain.js';
import { TranscriptUnreadableError } from '../errors.js';

const HEAD_BYTES = 64 * 1024;
const PLAIN_MAX_BYTES = 64 << 20;

/** Throws a clear error unless `path` is a readable regular file; returns its size. */
export function checkReadable(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new TranscriptUnreadableError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message));
  }
  if (!st.isFile()) throw new TranscriptUnreadableError(path, 'not a regular file');
  return st.size;
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
    const keys = Object.keys(parseJsonLine(json[0]!) ?? {}).slice(0, 5).join(', ');
    throw new TranscriptUnreadableError(path, `it holds JSON lines (keys: ${keys || 'none'}) but not a Claude Code or Codex transcript, and is not a text log either`);
  }
}

/** Which agent wrote a log, from its first JSON lines (a log with none is plain text). */
export function detectAgent(path: string): AgentKind {
  for (const raw of readHeadLines(path, HEAD_BYTES)) {
    const line = parseJsonLine(raw);
    if (!line) continue;
    if (isCodexLine(line)) return 'codex';
    if (isClaudeCodeLine(line)) return 'claude-code';
  }
  return /rollout-.*\.jsonl$/.test(path) ? 'codex' : 'plain';
}

/**
 * Reads a whole transcript into normalized events. Never throws on bad content: lines that are
 * not JSON (a half-written last line, junk, comments) are counted in `stats.skipped`.
 * @param path the transcript file
 * @param agent skip detection when the caller already knows
 */
export function readTranscript(path: string, agent: AgentKind = detectAgent(path)): Transcript {
  const size = checkReadable(path);
  if (agent === 'plain') {
    const buf = readFileSync(path).subarray(0, PLAIN_MAX_BYTES);
    const text = buf.toString('utf8');
    const lines = text.split('\n');
    const junk = lines.filter(isJunkLine).length;
    refuseNonTranscript(path, lines, junk);
    return {
      agent,
      path,
      meta: {},
      events: plainEvents(lines.filter((l) => !l.includes('\u0000')).join('\n')),
      stats: { lines: lines.length, skipped: junk, bytes: size },
    };
  }
  const reader = agent === 'codex' ? new CodexReader() : new ClaudeCodeReader();
  let lines = 0;
  let skipped = 0;
  forEachLine(path, (raw) => {
    lines++;
    const line = parseJsonLine(raw);
    if (line) reader.add(line);
    else if (raw.length > 0 || lines === 0) skipped++;
  });
  return { agent, path, meta: reader.meta, events: reader.events, stats: { lines, skipped, bytes: size } };
}
