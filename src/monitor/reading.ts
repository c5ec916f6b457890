/** What a reading of a session's log says: the types, and the steps every reader shares. */
import type { AgentAdapter, CompactionMark } from '../agents/index.js';
import type { AgentKind } from '../transcript/index.js';

/**
 * How the token figure was obtained, most exact first: the agent's usage figure, its statusline,
 * its own count right after a compaction (plus what came after, counted), a tokenizer count, an
 * estimate from the log's size.
 */
export type TokenSource = 'usage' | 'statusline' | 'compaction' | 'tokenizer' | 'estimate' | 'none';

/** The session's compactions as far as the log was read: how many, and the newest. */
export interface Compactions {
  count: number;
  /** True when only the end of a very large log was searched: at least `count`. */
  atLeast: boolean;
  last?: { at?: string; trigger?: string; preTokens?: number };
}

export interface ContextReading {
  agent: AgentKind;
  path: string;
  sessionId?: string;
  model?: string;
  cwd?: string;
  branch?: string;
  tokens: number;
  /** The window the log itself reports or proves (Codex's model_context_window, Claude Code's 1M beta), if any. */
  reportedWindow?: number;
  source: TokenSource;
  compactions: Compactions;
  /** A compaction happened after the last usage figure: the count is an estimate of what is left. */
  compactedSinceUsage: boolean;
  linesRead: number;
  skipped: number;
  bytes: number;
}

export type Json = Record<string, unknown>;

export const CHARS_PER_TOKEN = 3.5;
export const EXACT_COUNT_MAX_CHARS = 2 << 20;

export const noCompactions = (): Compactions => ({ count: 0, atLeast: false });

/** Session facts from a line, through the agent's adapter (the reading keeps the log's window proof as reportedWindow). */
export function metaOf(adapter: AgentAdapter, line: Json, r: Partial<ContextReading>, includeSidechain = false): void {
  const m = { sessionId: r.sessionId, cwd: r.cwd, branch: r.branch, model: r.model, windowHint: undefined as number | undefined };
  adapter.meta(line, m, includeSidechain);
  Object.assign(r, { sessionId: m.sessionId, cwd: m.cwd, branch: m.branch, model: m.model });
  if (m.windowHint && !(r.reportedWindow && r.reportedWindow >= m.windowHint)) r.reportedWindow = m.windowHint;
}

/** Notes one compaction line in the count. */
export function countCompaction(c: Compactions, mark: CompactionMark, line: Json): void {
  c.count++;
  c.last = { at: typeof line.timestamp === 'string' ? line.timestamp : undefined, trigger: mark.trigger, preTokens: mark.preTokens };
}
