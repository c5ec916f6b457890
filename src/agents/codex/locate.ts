/** Where Codex keeps its rollouts: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`. */
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseJsonLine, readHeadLines } from '../../log/lines.js';
import { compressedHead, isCompressedLog } from '../../log/zst.js';
import type { LogFile } from '../types.js';
import { isCodexLine } from './items.js';

export function codexHome(env = process.env): string {
  return env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(env.HOME ?? homedir(), '.codex');
}

/** Where Codex writes its rollouts: sessions/ by date, and archived_sessions/. */
export function logRoots(env: NodeJS.ProcessEnv): string[] {
  return [join(codexHome(env), 'sessions'), join(codexHome(env), 'archived_sessions')];
}

function sortedDesc(dir: string): string[] {
  try {
    return readdirSync(dir).sort().reverse();
  } catch {
    return [];
  }
}

/** The cwd a rollout's session started in (its session_meta line). */
export function rolloutCwd(path: string): string | undefined {
  let head: string[];
  try {
    head = isCompressedLog(path)
      ? compressedHead(path, 256 * 1024)
          .toString('utf8')
          .split('\n')
          .slice(0, -1)
      : readHeadLines(path, 256 * 1024);
  } catch {
    return undefined;
  }
  for (const raw of head.slice(0, 5)) {
    const line = parseJsonLine(raw);
    if (line && isCodexLine(line) && line.type === 'session_meta') {
      const cwd = (line.payload as Record<string, unknown>).cwd;
      return typeof cwd === 'string' ? cwd : undefined;
    }
  }
  return undefined;
}

/** The newest rollout whose session cwd is inside `root`; looks at the newest 400 files. */
export function locate(_cwd: string, root: string, env: NodeJS.ProcessEnv): LogFile | undefined {
  const sessionsDir = join(codexHome(env), 'sessions');
  let seen = 0;
  for (const y of sortedDesc(sessionsDir)) {
    for (const m of sortedDesc(join(sessionsDir, y))) {
      for (const d of sortedDesc(join(sessionsDir, y, m))) {
        const dir = join(sessionsDir, y, m, d);
        // Idle rollouts may be compressed (rollout-*.jsonl.zst, Codex ≥ 0.137 with local_thread_store_compression).
        const files = sortedDesc(dir).filter((f) => f.startsWith('rollout-') && (f.endsWith('.jsonl') || f.endsWith('.jsonl.zst')));
        let best: LogFile | undefined;
        for (const f of files) {
          if (++seen > 400) return best;
          const path = join(dir, f);
          const cwd = rolloutCwd(path);
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

export const searched = (_cwd: string, root: string, env: NodeJS.ProcessEnv): string[] => [
  `${join(codexHome(env), 'sessions')} (rollouts whose cwd is inside ${root})`,
];
