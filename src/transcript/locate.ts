import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isCodexLine } from './codex.js';
import { parseJsonLine, readHeadLines } from './lines.js';
import { TranscriptNotFoundError } from '../errors.js';
import type { AgentKind } from './events.js';

/** How Claude Code names a project folder: every character but letters and digits becomes '-'. */
export function encodeProjectDir(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

/** Claude Code's config folders, `CLAUDE_CONFIG_DIR` (comma-separated) first. */
export function claudeConfigDirs(env = process.env): string[] {
  const fromEnv = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (fromEnv.length) return fromEnv.map((d) => resolve(d));
  const home = env.HOME ?? homedir();
  return [join(home, '.claude'), join(home, '.config', 'claude')];
}

export function codexHome(env = process.env): string {
  return env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(env.HOME ?? homedir(), '.codex');
}

interface Candidate {
  path: string;
  mtimeMs: number;
}

function newestJsonl(dir: string): Candidate | undefined {
  let best: Candidate | undefined;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile() && (!best || st.mtimeMs > best.mtimeMs)) best = { path, mtimeMs: st.mtimeMs };
    } catch {
      /* vanished while listing */
    }
  }
  return best;
}

function sortedDesc(dir: string): string[] {
  try {
    return readdirSync(dir).sort().reverse();
  } catch {
    return [];
  }
}

function codexCwd(path: string): string | undefined {
  for (const raw of readHeadLines(path, 256 * 1024).slice(0, 5)) {
    const line = parseJsonLine(raw);
    if (line && isCodexLine(line) && line.type === 'session_meta') {
      const cwd = (line.payload as Record<string, unknown>).cwd;
      return typeof cwd === 'string' ? cwd : undefined;
    }
  }
  return undefined;
}

/** The newest Codex rollout whose session cwd is inside `root`; looks at the newest 400 files. */
function newestCodexFor(root: string, sessionsDir: string): Candidate | undefined {
  let seen = 0;
  for (const y of sortedDesc(sessionsDir)) {
    for (const m of sortedDesc(join(sessionsDir, y))) {
      for (const d of sortedDesc(join(sessionsDir, y, m))) {
        const dir = join(sessionsDir, y, m, d);
        const files = sortedDesc(dir).filter((f) => f.startsWith('rollout-') && f.endsWith('.jsonl'));
        let best: Candidate | undefined;
        for (const f of files) {
          if (++seen > 400) return best;
          const path = join(dir, f);
          const cwd = codexCwd(path);
          if (cwd && (cwd === root || cwd.startsWith(`${root}/`))) {
            const mtimeMs = statSync(path).mtimeMs;
            if (!best || mtimeMs > best.mtimeMs) best = { path, mtimeMs };
          }
        }
        if (best) return best;
      }
    }
  }
  return undefined;
}

export interface LocatedTranscript {
  path: string;
  agent: AgentKind;
}

/**
 * Finds the live session log for a project: the newest Claude Code transcript whose folder is
 * this cwd (or the repository root), else the newest Codex rollout started inside the repository.
 * @param cwd the agent's working directory
 * @param root the repository's top-level directory
 * @throws TranscriptNotFoundError naming every folder searched
 */
export function locateTranscript(cwd: string, root: string, env = process.env): LocatedTranscript {
  const searched: string[] = [];
  const dirs = [...new Set([encodeProjectDir(cwd), encodeProjectDir(root)])];
  let best: Candidate | undefined;
  for (const base of claudeConfigDirs(env)) {
    for (const d of dirs) {
      const dir = join(base, 'projects', d);
      searched.push(dir);
      const c = existsSync(dir) ? newestJsonl(dir) : undefined;
      if (c && (!best || c.mtimeMs > best.mtimeMs)) best = c;
    }
  }
  if (best) return { path: best.path, agent: 'claude-code' };
  const sessions = join(codexHome(env), 'sessions');
  searched.push(`${sessions} (rollouts whose cwd is inside ${root})`);
  const codex = newestCodexFor(root, sessions);
  if (codex) return { path: codex.path, agent: 'codex' };
  throw new TranscriptNotFoundError(searched, cwd);
}
