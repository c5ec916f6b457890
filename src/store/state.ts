import { join } from 'node:path';
import { findRepo, type Repo } from './git.js';
import { agentflowDir, appendPrivate, readPrivateText, writePrivate } from './private-fs.js';

/** git-session's own bookkeeping, kept inside .git (never in the work tree). */
export { agentflowDir };

const LOG_FILE = 'hook.log';
/** The hook log is emptied when it grows past this. */
export const LOG_MAX_BYTES = 256 * 1024;
/** state.json: 200 sessions of a few hundred bytes each, with room to spare. */
const STATE_MAX_BYTES = 4 * 1024 * 1024;

export function hookLogPath(repo: Repo): string {
  return join(agentflowDir(repo), LOG_FILE);
}

/** Appends one line to .git/agentflow/hook.log (kept under 256 KB). Never throws. */
export function logHook(repo: Repo, level: 'ok' | 'skip' | 'save' | 'error', message: string): void {
  try {
    appendPrivate(repo, LOG_FILE, `${new Date().toISOString()} ${level} ${message.replace(/\s*\n\s*/g, ' | ')}\n`, LOG_MAX_BYTES);
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
    return (readPrivateText(repo, LOG_FILE, 2 * LOG_MAX_BYTES) ?? '')
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

const STATE_FILE = 'state.json';

export function readState(repo: Repo): State {
  try {
    const s = JSON.parse(readPrivateText(repo, STATE_FILE, STATE_MAX_BYTES) ?? '');
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
    writePrivate(repo, STATE_FILE, JSON.stringify(state));
  } catch {
    /* bookkeeping only */
  }
}
