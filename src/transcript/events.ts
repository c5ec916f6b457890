/** The agents whose logs git-session reads. */
export type AgentKind = 'claude-code' | 'codex' | 'plain';

export type TodoStatus = 'pending' | 'in_progress' | 'completed';

export interface TodoItem {
  text: string;
  status: TodoStatus;
  /** The present-tense form an agent shows while working on it ("Running tests"). */
  activeForm?: string;
  priority?: 'high' | 'medium' | 'low';
}

interface Base {
  at?: string;
  /** True for subagent (sidechain) traffic that is not part of the main conversation. */
  sidechain?: boolean;
}

/**
 * One normalized event, whatever agent wrote the log. Nothing downstream of `src/transcript`
 * knows which agent it came from.
 */
export type TranscriptEvent =
  | (Base & { kind: 'ask'; text: string })
  | (Base & { kind: 'say'; text: string })
  | (Base & { kind: 'tool'; id: string; name: string; input: Record<string, unknown> })
  | (Base & { kind: 'command'; id: string; command: string })
  | (Base & { kind: 'edit'; id: string; paths: string[] })
  | (Base & { kind: 'result'; id: string; ok: boolean; output: string; exitCode?: number })
  | (Base & { kind: 'usage'; contextTokens: number; outputTokens: number; window?: number; model?: string })
  | (Base & { kind: 'todos'; items: TodoItem[] })
  | (Base & { kind: 'compaction'; summary?: string; preTokens?: number });

/** What a log says about the session as a whole; the newest value wins. */
export interface SessionMeta {
  sessionId?: string;
  cwd?: string;
  branch?: string;
  model?: string;
  agentVersion?: string;
  startedAt?: string;
  endedAt?: string;
}

export interface Transcript {
  agent: AgentKind;
  path: string;
  meta: SessionMeta;
  events: TranscriptEvent[];
  stats: { lines: number; skipped: number; bytes: number };
}

/** Keeps the first `max` characters of a string, on one line when `oneLine`. */
export function clip(text: string, max: number, oneLine = true): string {
  const t = oneLine ? text.replace(/\s+/g, ' ').trim() : text;
  if (t.length <= max) return t;
  // Never cut between the halves of a surrogate pair: a lone half is not text.
  const cut = /[\ud800-\udbff]/.test(t.charAt(max - 2)) ? max - 2 : max - 1;
  return `${t.slice(0, cut)}…`;
}
