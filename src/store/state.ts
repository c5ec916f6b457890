import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepo, type Repo } from './git.js';

/** git-session's own bookkeeping, kept inside .git (never in the work tree). */
export function agentflowDir(repo: Repo): string {
  return join(repo.commonDir, 'agentflow');
}

export function hookLogPath(repo: Repo): string {
  return join(agentflowDir(repo), 'hook.log');
}

const LOG_MAX_BYTES = 256 * 1024;

/** Appends one line to .git/agentflow/hook.log (kept under 256 KB). Never throws. */
export function logHook(repo: Repo, level: 'ok' | 'skip' | 'save' | 'error', message: string): void {
  try {
    const file = hookLogPath(repo);
    mkdirSync(agentflowDir(repo), { recursive: true });
    try {
      if (statSync(file).size > LOG_MAX_BYTES) truncateSync(file, 0);
    } catch {
      /* no log yet */
    }
    appendFileSync(file, `${new Date().toISOString()} ${level} ${message.replace(/\s*\n\s*/g, ' | ')}\n`);
  } catch {
    /* logging must never break a hook */
  }
}

/** logHook for the repository around `cwd`, when there is one; for hook edges that have no repo yet. Never throws. */
export function logHookAt(cwd: string, level: 'ok' | 'skip' | 'save' | 'error', message: string): void {
  try {
    const repo = findRepo(cwd);
    if (repo) logHook(repo, level, message);
  } catch {
    /* no git: nowhere to log */
  }
}

export interface HookLogEntry {
  at: string;
  level: string;
  message: string;
}

/** The last `n` lines of the hook log, newest last. */
export function readHookLog(repo: Repo, n = 50): HookLogEntry[] {
  try {
    return readFileSync(hookLogPath(repo), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(-n)
      .map((l) => {
        const [at = '', level = '', ...rest] = l.split(' ');
        return { at, level, message: rest.join(' ') };
      });
  } catch {
    return [];
  }
}

export interface SessionState {
  lastSnapshot?: string;
  /** The snapshot commit this clone's last save of the session wrote. */
  lastSnapshotCommit?: string;
  /** Context percentage at the last snapshot. */
  lastPercent?: number;
  /** Why the last refinement by a model was not used (the deterministic snapshot stands). */
  lastLlmFallback?: string;
  firstSeen?: string;
  /** The session this one was started from (SessionStart resumed it from that session's snapshot). */
  resumedFrom?: string;
  /** The snapshot it was resumed from, and when. */
  resumedFromSnapshot?: string;
  resumedAt?: string;
  /** The pressure level at the last snapshot, for the Stop hook's save-ahead. */
  lastLevel?: string;
  /** Transcript size at the last snapshot, to tell whether the session changed since. */
  lastBytes?: number;
  /** The snapshot whose full bootstrap this session was given (once per session, never again on a resume). */
  bootstrappedWith?: string;
  /** When the agent's compaction began (its PreCompact hook); cleared once what it dropped was given back. */
  compactingSince?: string;
  /** When that compaction's new summary was kept (SubagentStop's or PostCompact's), so it is never a previous one. */
  compactSummaryAt?: string;
  /** A digest of the last deterministic manifest saved: a save that would store the same one stores nothing. */
  lastDigest?: string;
  /** The highest level the agent was warned at (UserPromptSubmit warns once per level). */
  warnedLevel?: string;
}

interface State {
  /** Per session: its last snapshot, or when a hook first saw it. */
  sessions: Record<string, SessionState>;
  /** Carried tasks the user dropped with `git session done`: never carried again. */
  dropped?: string[];
}

function statePath(repo: Repo): string {
  return join(agentflowDir(repo), 'state.json');
}

export function readState(repo: Repo): State {
  try {
    const s = JSON.parse(readFileSync(statePath(repo), 'utf8'));
    if (!s || typeof s.sessions !== 'object' || !s.sessions) return { sessions: {} };
    return { sessions: s.sessions, dropped: Array.isArray(s.dropped) ? s.dropped.filter((d: unknown) => typeof d === 'string') : [] };
  } catch {
    return { sessions: {} };
  }
}

/** Adds a carried task the user dropped (`git session done`). */
export function dropCarriedTask(repo: Repo, task: string): void {
  writeState(repo, (state) => {
    state.dropped = [...(state.dropped ?? []).filter((d) => d !== task), task].slice(-200);
  });
}

/** Merges `patch` into a session's state; a key set to undefined is removed. */
export function updateSessionState(repo: Repo, sessionId: string, patch: SessionState): void {
  writeState(repo, (state) => {
    const next: SessionState = { ...state.sessions[sessionId], ...patch };
    for (const k of Object.keys(next) as Array<keyof SessionState>) if (next[k] === undefined) delete next[k];
    state.sessions[sessionId] = next;
  });
}

function writeState(repo: Repo, change: (state: State) => void): void {
  try {
    const state = readState(repo);
    change(state);
    // Keep the 200 most recent sessions.
    const ids = Object.keys(state.sessions);
    for (const id of ids.slice(0, Math.max(0, ids.length - 200))) delete state.sessions[id];
    mkdirSync(agentflowDir(repo), { recursive: true });
    const tmp = `${statePath(repo)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, statePath(repo));
  } catch {
    /* bookkeeping only */
  }
}

/** Where the PostCompact hook keeps the agent's compaction summary of a session. */
function compactSummaryPath(repo: Repo, sessionId: string): string {
  return join(agentflowDir(repo), 'compact', `${sessionId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.txt`);
}

/** Keeps the summary Claude Code's PostCompact hook received (at most 64 KB). Never throws. */
export function keepCompactSummary(repo: Repo, sessionId: string, summary: string): void {
  try {
    mkdirSync(join(agentflowDir(repo), 'compact'), { recursive: true });
    writeFileSync(compactSummaryPath(repo, sessionId), summary.slice(0, 64 * 1024));
  } catch {
    /* bookkeeping only */
  }
}

export function readCompactSummary(repo: Repo, sessionId: string): string | undefined {
  try {
    return readFileSync(compactSummaryPath(repo, sessionId), 'utf8');
  } catch {
    return undefined;
  }
}
