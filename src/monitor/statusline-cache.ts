import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultCacheFile } from './context.js';
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

const file = (env = process.env): string => join(dirname(defaultCacheFile(env)), 'statusline.json');
const MAX_AGE_MS = 15 * 60 * 1000;

function load(env = process.env): Record<string, StatuslineFigures> {
  try {
    const v = JSON.parse(readFileSync(file(env), 'utf8'));
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function recordStatusline(transcript: string, figures: StatuslineFigures, env = process.env): void {
  try {
    const all = load(env);
    all[transcript] = figures;
    for (const [k, v] of Object.entries(all)) if (Date.now() - v.at > MAX_AGE_MS) delete all[k];
    mkdirSync(dirname(file(env)), { recursive: true });
    const tmp = `${file(env)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, file(env));
  } catch {
    /* a cache that cannot be written only costs precision */
  }
}

/**
 * The statusline's figures for a transcript when they are at least as new as the transcript's
 * last write: Claude Code runs the statusline after each message, so they are then exact.
 */
export function freshStatusline(transcript: string, transcriptMtimeMs: number, env = process.env): StatuslineFigures | undefined {
  const f = load(env)[transcript];
  if (!f || !isCount(f.tokens) || !isCount(f.window) || !f.window || !Number.isFinite(f.at)) return undefined;
  if (Date.now() - f.at > MAX_AGE_MS || f.at + 2000 < transcriptMtimeMs) return undefined;
  return f;
}
