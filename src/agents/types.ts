import type { AgentKind, SessionMeta, TranscriptEvent } from '../log/events.js';
import type { Json } from '../log/json.js';

/** A usage figure one log line gives: the context in use after that request. */
export interface LineUsage {
  tokens: number;
  output: number;
  /** The window the line itself reports (Codex's model_context_window). */
  window?: number;
  model?: string;
}

/** A compaction marker line, with what the agent recorded about it. */
export interface CompactionMark {
  trigger?: 'auto' | 'manual';
  /** Context before the compaction (Claude Code's preTokens). */
  preTokens?: number;
  /** Context right after it, as the agent counted it (Claude Code's postTokens, Codex's token record). */
  postTokens?: number;
}

/** What the monitor learns of a session from its log's metadata lines. */
export interface LogMeta {
  sessionId?: string;
  cwd?: string;
  branch?: string;
  model?: string;
  /** A window the log proves the session runs with (Claude Code's 1M beta on its requests). */
  windowHint?: number;
}

/** Turns one agent's log lines, in order, into normalized events. */
export interface LogReader {
  readonly meta: SessionMeta;
  readonly events: TranscriptEvent[];
  add(line: Json): void;
}

/** A session log found on disk. */
export interface LogFile {
  path: string;
  mtimeMs: number;
}

/** Where an agent auto-compacts, and how that was worked out. */
export interface AutoCompactPoint {
  tokens: number;
  source: string;
}

/** The hook entries git-session installs for an agent: event → matcher → command and timeout. */
export type HookTable = Record<string, Array<{ matcher?: string; hooks: Array<{ type: 'command'; command: string; timeout: number }> }>>;

/**
 * Everything git-session knows about one agent, behind one interface: the monitor, the reader,
 * locate, install and doctor all ask the adapter, so a new agent (or a new version of one) is
 * one folder under src/agents/.
 */
export interface AgentAdapter {
  readonly kind: AgentKind;
  /** As users name it: "Claude Code", "Codex CLI". */
  readonly label: string;
  /** True when a parsed JSON line was written by this agent. */
  owns(line: Json): boolean;
  /** A fresh reader for one log. */
  reader(): LogReader;
  /** A line read for a few of its fields only (Claude Code's progress lines: the session's, not their running output), or undefined to parse it whole. */
  skim?(raw: Buffer): Json | undefined;
  /** A user line too long to parse, rebuilt from its two ends (pasted images beside the words), or null. */
  salvage?(head: string, tail: string): Json | null;
  /** The usage figure of a line that counts for the context (main conversation, real model), or null. */
  usage(line: Json, allowSidechain: boolean): LineUsage | null;
  /** Bytes every compaction line of this agent contains: a fast search finds them without parsing the rest. */
  readonly compactionNeedle: string;
  /** Bytes that mark a material change of the work in the log (a todo or plan update, a commit): the Stop hook saves when they appear. */
  readonly workNeedles: readonly string[];
  /** The compaction a line marks, or null. */
  compaction(line: Json): CompactionMark | null;
  /** Fills what a line says about the session into `into`, keeping what is already known. */
  meta(line: Json, into: LogMeta, includeSidechain: boolean): void;
  /**
   * Text a line keeps in the model's context, for counting a log that has no usage figures;
   * `afterCompaction` leaves out what the agent's post-compaction count already holds (the summary).
   */
  contextText(line: Json, afterCompaction?: boolean): string;
  /**
   * The model's context window when this agent runs it, from the model id and what the log proved
   * (`hint`: a window it reports or a beta it sends; `observed`: tokens in use, which no window is smaller than).
   */
  window(model: string | undefined, hint?: number, observed?: number): { window?: number; source: string };
  /** Where the agent will compact on its own for a window, from its settings; undefined when it never does. */
  autoCompactAt(window: number, model: string | undefined, env: NodeJS.ProcessEnv, cwd?: string): AutoCompactPoint | undefined;
  /** The newest log of a session of this agent in the project, if any. */
  locate(cwd: string, root: string, env: NodeJS.ProcessEnv): LogFile | undefined;
  /** The folders the agent keeps its transcripts in: a hook payload's transcript_path must be inside one (or the repository). */
  logRoots(env: NodeJS.ProcessEnv): string[];
  /** Folders searched by locate, for the error that says none was found. */
  searched(cwd: string, root: string, env: NodeJS.ProcessEnv): string[];
  /** The hooks git-session installs for this agent, calling `cli`, each command ending with `mark`. */
  hookTable(cli: string, mark: string): HookTable;
}
