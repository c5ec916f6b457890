/** Bounds on what one event keeps of a log line; the extractor shortens further, after redaction. */
export const TEXT_CHARS = 8000;
export const OUTPUT_CHARS = 4000;
export const SUMMARY_CHARS = 64_000;
/** What an edit event keeps of the text it wrote. */
export const CHANGE_CHARS = 600;
/** The most of an edit's removed lines kept: a setting or a line taken out, not a rewritten file. */
export const REMOVED_CHARS = 300;

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
  /** A prompt of the user's; `rewound`: on a branch the user later went back from (Claude Code's rewind). */
  | (Base & { kind: 'ask'; text: string; rewound?: true })
  /** What the agent said; `harness` when the agent's harness wrote it in its place (Claude Code's "API Error: 529 …"). */
  | (Base & { kind: 'say'; text: string; harness?: boolean })
  | (Base & { kind: 'tool'; id: string; name: string; input: Record<string, unknown> })
  /** A shell command; `dir` is the folder it ran in when the log says (Claude Code's shell keeps a `cd` for later commands). */
  /** `byUser`: the user ran it themselves (Claude Code's bash mode), between the agent's turns. */
  | (Base & { kind: 'command'; id: string; command: string; dir?: string; byUser?: true })
  /** A command the user's hook of that name ran (a Stop hook's tests, a status ping), and what it printed: no call of the agent's. */
  | (Base & { kind: 'hook'; hook: string; command: string; ok: boolean; output: string; exitCode?: number })
  /**
   * Files changed by an edit tool; `change` is what was written, bounded (the new text of an edit,
   * a patch's added lines), `removed` the lines it took out (bounded); `files`, of an edit of
   * several files, what it wrote to each.
   */
  | (Base & {
      kind: 'edit';
      id: string;
      paths: string[];
      deleted?: string[];
      created?: string[];
      change?: string;
      removed?: string;
      files?: Array<{ path: string; change?: string; removed?: string }>;
      tool?: string;
    })
  /** `running`: the call returned while its command still ran (polled later); a later result of the same id says how it ended. */
  | (Base & { kind: 'result'; id: string; ok: boolean; output: string; exitCode?: number; running?: true })
  | (Base & { kind: 'usage'; contextTokens: number; outputTokens: number; window?: number; model?: string })
  | (Base & { kind: 'todos'; items: TodoItem[] })
  /**
   * The agent compacted its context. `summary` is its summary without the agent's own wrapper
   * text; `kept` what it carried over verbatim besides (Codex keeps every user message).
   */
  | (Base & { kind: 'compaction'; summary?: string; kept?: string; preTokens?: number; trigger?: 'auto' | 'manual' })
  /**
   * The user answered a question the agent asked with options (Claude Code's AskUserQuestion): a
   * decision. `meaning`: what the chosen option said it does; `others`: the options not chosen.
   */
  | (Base & { kind: 'choice'; question: string; answer: string; meaning?: string; others?: string[] })
  /**
   * Where a command the agent ran in the background stands (Claude Code's background shells,
   * Codex's unified exec):
   * `started` by the call `call`, then what a later check, stop or notification said
   * (`running`, `completed`, `failed`, `killed`).
   */
  | (Base & { kind: 'background'; shell: string; status: string; call?: string })
  /** The user stopped the agent mid-turn (Claude Code's interrupt marker, Codex turn_aborted). */
  | (Base & { kind: 'interrupt' })
  /** The agent closed its turn and said so (Codex task_complete). */
  | (Base & { kind: 'turn-end'; text?: string });

/** What a log says about the session as a whole; the newest value wins. */
export interface SessionMeta {
  sessionId?: string;
  cwd?: string;
  branch?: string;
  model?: string;
  agentVersion?: string;
  /** The commit the session started on (Codex records it). */
  startCommit?: string;
  /** How the agent was allowed to act: approval and sandbox (Codex), permission mode (Claude Code). */
  permissions?: string;
  /** The reasoning effort the model ran with, as of the last turn (Codex). */
  effort?: string;
  /** The models (and efforts) the session ran with before its current one, oldest first: "gpt-5.3-codex (reasoning effort high)". */
  earlierModels?: string[];
  startedAt?: string;
  endedAt?: string;
  /** The pull request the session is linked to (Claude Code's `pr-link`): "#444 https://…/pull/444". */
  pullRequest?: string;
  /** The newest recap the agent wrote while the user was away (Claude Code's `away_summary`). */
  recap?: { text: string; at?: string };
}

export interface Transcript {
  agent: AgentKind;
  path: string;
  meta: SessionMeta;
  events: TranscriptEvent[];
  /** `skipped` counts lines not used; `broken` those of them that are neither `//` comments nor a last line still being written. */
  stats: { lines: number; skipped: number; bytes: number; broken?: number };
}

/**
 * Bounds a long text read from a log, keeping its head and its tail (test summaries and errors
 * sit at the end of an output). Cuts only at white space, so no token — and no secret — is ever
 * cut in half before the redactor has seen it.
 */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const headMax = Math.floor(max * 0.4);
  const head = text.slice(0, headMax);
  const tail = text.slice(text.length - (max - headMax));
  const h = head.search(/\s\S*$/);
  const t = tail.search(/\s/);
  return `${h > 0 ? head.slice(0, h) : ''}\n…\n${t >= 0 ? tail.slice(t + 1) : ''}`;
}

/** Keeps the first `max` characters of a string, on one line when `oneLine`. */
export function clip(text: string, max: number, oneLine = true): string {
  const t = oneLine ? text.replace(/\s+/g, ' ').trim() : text;
  if (t.length <= max) return t;
  // Never cut between the halves of a surrogate pair: a lone half is not text.
  const cut = /[\ud800-\udbff]/.test(t.charAt(max - 2)) ? max - 2 : max - 1;
  return `${t.slice(0, cut)}…`;
}

/** A string of its own: a slice of a large string would keep all of it in memory. */
const own = (s: string): string => (s.length > 12 ? Buffer.from(s, 'utf8').toString('utf8') : s);

/** How much of an old event's text is kept once it is far from the end of the log. */
const OLD_TEXT_CHARS = 400;

/** Tools whose calls far from the end still matter: the files the agent read (reference files). */
const READ_TOOLS = new Set(['Read', 'NotebookRead']);

/**
 * Shrinks events[from, to) (old events, never looked at whole again) and returns where they now
 * end: what matters about work far from the end of a long log is that it happened — which files,
 * which commands, whether they failed — not its full output. Outputs of successful results go,
 * failed ones keep their head and tail, long texts are bounded, times go (a compaction keeps
 * its own: eval dates its manifest with it), and tool calls other than reads are dropped (a
 * search or a fetch long ago says nothing a resumed session needs; commands and edits are events
 * of their own). So a log of any size holds a bounded amount of text and fewer, smaller objects.
 */
export function shrinkOlder(events: TranscriptEvent[], from: number, to: number): number {
  const short = (t: string): string => own(bound(t, OLD_TEXT_CHARS));
  let kept = from;
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    if (e.kind === 'tool') {
      if (!READ_TOOLS.has(e.name)) continue;
      const file = e.input.file_path;
      e.input = typeof file === 'string' ? { file_path: short(file) } : {};
    } else if (e.kind === 'result') e.output = e.ok ? '' : short(e.output);
    else if (e.kind === 'say') e.text = short(e.text);
    else if (e.kind === 'command') e.command = short(e.command);
    else if (e.kind === 'hook') [e.command, e.output] = [short(e.command), e.ok ? '' : short(e.output)];
    else if (e.kind === 'edit') {
      if (e.change) e.change = own(bound(e.change, 200));
      if (e.removed) e.removed = own(bound(e.removed, 200));
      if (e.files)
        e.files = e.files.map((f) => ({
          path: f.path,
          ...(f.change ? { change: own(bound(f.change, 200)) } : {}),
          ...(f.removed ? { removed: own(bound(f.removed, 200)) } : {}),
        }));
    }
    // A compaction keeps its time (eval dates its manifest with it), a prompt its own (a rewind is told by times).
    if (e.kind !== 'compaction' && e.kind !== 'ask') e.at = undefined;
    events[kept++] = e;
  }
  events.splice(kept, to - kept);
  return kept;
}

/** What edit `e` wrote to `path` and took out of it: the edit's own for an edit of one file, its part of a patch of several. */
export const writtenTo = (e: Extract<TranscriptEvent, { kind: 'edit' }>, path: string): { change?: string; removed?: string } | undefined =>
  e.paths.length === 1 ? e : e.files?.find((f) => f.path === path);

/** An event that is no step of the conversation: a usage figure, the todo list's state, a hook's run (a Stop hook runs after the agent's last words). */
export const isBookkeeping = (e: TranscriptEvent): boolean => e.kind === 'usage' || e.kind === 'todos' || e.kind === 'hook';

/** The user's `/exit` (or `/quit`) or `/clear`, read from Claude Code's command line as an ask: how the session closed or its conversation ended, no request. */
export const isUserExit = (e: TranscriptEvent): boolean => e.kind === 'ask' && /^\/(?:exit|quit|clear)$/i.test(e.text);

/** "gpt-5.3-codex (reasoning effort high)": a model as the session's facts name it. */
export const modelLabel = (model: string, effort?: string): string => `${model}${effort ? ` (reasoning effort ${effort})` : ''}`;

/**
 * Sets the session's model and effort, keeping the one it replaces in `earlierModels` (a model
 * switched mid-session, an effort lowered between turns).
 */
export function setModel(meta: SessionMeta, model: string | undefined, effort: string | undefined): void {
  const [beforeModel, beforeEffort] = [meta.model, meta.effort];
  const before = meta.model && modelLabel(meta.model, meta.effort);
  meta.model = model ?? meta.model;
  meta.effort = effort ?? meta.effort;
  const now = meta.model && modelLabel(meta.model, meta.effort);
  // An effort written for the first time on the same model is no change that ran before.
  if (!before || now === before || (effort && !beforeEffort && meta.model === beforeModel)) return;
  // Each model once, where it last ran: a model switched back and forth does not grow the list.
  meta.earlierModels = [...(meta.earlierModels ?? []).filter((m) => m !== before && m !== now), before];
}
