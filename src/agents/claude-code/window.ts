/** The window Claude Code runs a model with, and where it compacts on its own. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { obj, type Json } from '../../log/json.js';
import { windowOfModel } from '../models.js';
import type { AutoCompactPoint } from '../types.js';
import { claudeConfigDirs } from './locate.js';

/**
 * Room Claude Code keeps free below the window: the output reserve (20,000) and a 13,000-token
 * buffer. Measured with the real 2.1.332 (`--debug` logs `autocompact: … effectiveWindow=980000`
 * and `threshold 967000` for the default 1M model, 180000 and 167000 for 200K models, 280000 and
 * 267000 with CLAUDE_CODE_AUTO_COMPACT_WINDOW=300000).
 */
const OUTPUT_RESERVE = 20_000;
const BUFFER = 13_000;

export function window(model: string | undefined, hint?: number, observed = 0): { window?: number; source: string } {
  const table = windowOfModel(model);
  if (hint && (!table || hint > table)) return { window: hint, source: 'transcript (1M beta)' };
  // More in use than the standard window holds: the session runs the model's 1M variant.
  if (table && observed > table && table < 1_000_000) return { window: 1_000_000, source: 'transcript (more in use than 200K)' };
  return table ? { window: table, source: 'model table' } : { source: 'unknown model' };
}

const readJson = (path: string): Json | undefined => {
  try {
    return obj(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return undefined;
  }
};

const tokenCount = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v.trim()) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 100_000 ? n : undefined;
};
const truthy = (v: string | undefined): boolean => Boolean(v && !/^(?:0|false|no|off)$/i.test(v.trim()));

/** Claude Code's settings files, the one that wins first: local project, project, user. */
function settingsFiles(env: NodeJS.ProcessEnv, cwd?: string): Json[] {
  const files = [
    ...(cwd ? [join(cwd, '.claude', 'settings.local.json'), join(cwd, '.claude', 'settings.json')] : []),
    ...claudeConfigDirs(env).map((d) => join(d, 'settings.json')),
  ];
  return files.flatMap((f): Json[] => {
    const s = readJson(f);
    return s ? [s] : [];
  });
}

/**
 * Where Claude Code will auto-compact: its auto-compact window (CLAUDE_CODE_AUTO_COMPACT_WINDOW,
 * else the `autoCompactWindow` setting, per model or for all), capped by the model's window,
 * less the output reserve and the buffer. Undefined when auto-compaction is off
 * (DISABLE_AUTO_COMPACT, DISABLE_COMPACT, `autoCompactEnabled: false`).
 */
export function autoCompactAt(modelWindow: number, model: string | undefined, env: NodeJS.ProcessEnv, cwd?: string): AutoCompactPoint | undefined {
  if (truthy(env.DISABLE_AUTO_COMPACT) || truthy(env.DISABLE_COMPACT)) return undefined;
  const settings = settingsFiles(env, cwd);
  const global = readJson(
    env.CLAUDE_CONFIG_DIR ? join(env.CLAUDE_CONFIG_DIR.split(',')[0]!.trim(), '.claude.json') : join(env.HOME ?? homedir(), '.claude.json'),
  );
  if ([...settings, global].some((s) => s?.autoCompactEnabled === false)) return undefined;
  let configured: number | undefined;
  let source = 'Claude Code default';
  const fromEnv = tokenCount(env.CLAUDE_CODE_AUTO_COMPACT_WINDOW);
  if (fromEnv) [configured, source] = [fromEnv, 'CLAUDE_CODE_AUTO_COMPACT_WINDOW'];
  else {
    const id = (model ?? '').replace(/\[1m\]$/, '');
    for (const s of settings) {
      const perModel = tokenCount(obj(obj(s.modelSettings)?.[id])?.autoCompactWindow);
      const all = tokenCount(s.autoCompactWindow);
      if (perModel || all) {
        [configured, source] = [perModel ?? all, 'autoCompactWindow setting'];
        break;
      }
    }
  }
  const effective = Math.min(modelWindow, configured ?? modelWindow) - OUTPUT_RESERVE;
  return { tokens: Math.max(0, effective - BUFFER), source };
}
