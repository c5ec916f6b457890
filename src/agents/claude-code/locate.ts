/** Where Claude Code keeps its transcripts: `<config dir>/projects/<encoded cwd>/<session id>.jsonl`. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LogFile } from '../types.js';

/** How Claude Code names a project folder: every character but letters and digits becomes '-'. */
export function encodeProjectDir(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

/** Claude Code's config folders, `CLAUDE_CONFIG_DIR` (comma-separated) first. */
export function claudeConfigDirs(env = process.env): string[] {
  const fromEnv = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fromEnv.length) return fromEnv.map((d) => resolve(d));
  const home = env.HOME ?? homedir();
  return [join(home, '.claude'), join(home, '.config', 'claude')];
}

function newestJsonl(dir: string): LogFile | undefined {
  let best: LogFile | undefined;
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

const projectDirs = (cwd: string, root: string, env: NodeJS.ProcessEnv): string[] => {
  const names = [...new Set([encodeProjectDir(cwd), encodeProjectDir(root)])];
  return claudeConfigDirs(env).flatMap((base) => names.map((d) => join(base, 'projects', d)));
};

/** Where Claude Code writes its transcripts: projects/ in each of its config folders. */
export function logRoots(env: NodeJS.ProcessEnv): string[] {
  return claudeConfigDirs(env).map((d) => join(d, 'projects'));
}

/** The newest transcript whose project folder is this cwd or the repository root. */
export function locate(cwd: string, root: string, env: NodeJS.ProcessEnv): LogFile | undefined {
  let best: LogFile | undefined;
  for (const dir of projectDirs(cwd, root, env)) {
    const c = existsSync(dir) ? newestJsonl(dir) : undefined;
    if (c && (!best || c.mtimeMs > best.mtimeMs)) best = c;
  }
  return best;
}

export const searched = (cwd: string, root: string, env: NodeJS.ProcessEnv): string[] => projectDirs(cwd, root, env);
