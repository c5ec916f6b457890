import { join } from 'node:path';
import { readJsonCache, writeJsonCache } from '../files.js';
import { cacheDir } from './cache-dir.js';
import { isCount } from '../transcript/index.js';

/** The agent's own figures, as Claude Code hands them to its statusline command. */
export interface StatuslineFigures {
  tokens: number;
  window: number;
  model?: string;
  sessionId?: string;
  /** When they were recorded (ms since epoch). */
  at: number;
}

const file = (env = process.env): string => join(cacheDir(env), 'statusline.json');
/** Token figures count while this fresh; the window a session ran with is kept for this long. */
const MAX_AGE_MS = 15 * 60 * 1000;
const KEEP_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** Bumped when the figures change shape. */
const CACHE_VERSION = 1;
/** Figures of a month of sessions stay far below this. */
const CACHE_MAX_BYTES = 4 * 1024 * 1024;

function load(env = process.env): Record<string, StatuslineFigures> {
  const v = readJsonCache(file(env), CACHE_VERSION, CACHE_MAX_BYTES)?.sessions;
  return v && typeof v === 'object' ? (v as Record<string, StatuslineFigures>) : {};
}

export function recordStatusline(transcript: string, figures: StatuslineFigures, env = process.env): void {
  const all = load(env);
  all[transcript] = figures;
  for (const [k, v] of Object.entries(all)) if (Date.now() - v.at > KEEP_WINDOW_MS) delete all[k];
  // A cache that cannot be written only costs precision.
  writeJsonCache(file(env), CACHE_VERSION, { sessions: all });
}

const valid = (f: StatuslineFigures | undefined): f is StatuslineFigures =>
  Boolean(f && isCount(f.tokens) && isCount(f.window) && f.window && Number.isFinite(f.at));

/**
 * The statusline's figures for a transcript when they are at least as new as the transcript's
 * last write: Claude Code runs the statusline after each message, so they are then exact.
 */
export function freshStatusline(transcript: string, transcriptMtimeMs: number, env = process.env): StatuslineFigures | undefined {
  const f = load(env)[transcript];
  if (!valid(f)) return undefined;
  if (Date.now() - f.at > MAX_AGE_MS || f.at + 2000 < transcriptMtimeMs) return undefined;
  return f;
}

/**
 * The window the agent's statusline last gave for this session's model, however old: the tokens
 * go stale after every message, the window a session runs with does not, so it never flips back
 * to a table's guess when the figures age.
 */
export function statuslineWindow(transcript: string, model: string | undefined, env = process.env): number | undefined {
  const f = load(env)[transcript];
  return valid(f) && (!model || !f.model || f.model === model) ? f.window : undefined;
}
