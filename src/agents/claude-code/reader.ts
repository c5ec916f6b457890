import type { SessionMeta, TodoItem, TodoStatus, TranscriptEvent } from '../../log/events.js';
import { bound, CHANGE_CHARS, OUTPUT_CHARS, SUMMARY_CHARS, TEXT_CHARS } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const SHELL_TOOLS = new Set(['Bash']);
const INJECTED_PREFIXES = [
  '<command-name>',
  '<command-message>',
  '<command-args>',
  '<local-command-stdout>',
  '<local-command-stderr>',
  'Caveat: The messages below',
  '<system-reminder>',
  '<ide_',
  '<user-prompt-submit-hook>',
  '<task-notification>',
  '<bash-input>',
  '<bash-stdout>',
  '<bash-stderr>',
  '<local-command-caveat>',
  '<user-memory-input>',
  '[Request interrupted by user',
];
const INTERRUPT = '[Request interrupted by user';
/** The answers of an AskUserQuestion: `"question"="answer"` pairs after "User has answered your questions:". */
const ANSWERED = /"((?:[^"\\]|\\.)+)"="((?:[^"\\]|\\.)+)"/g;

/** What a user said when rejecting a tool call (2.0.x: "…the following reason for the rejection:", 2.1.x: "…the user said:"). */
const REJECTION_WORDS = /The user doesn't want to proceed with this tool use\.[\s\S]*?(?:The user provided the following reason for the rejection:|the user said:)\s*([\s\S]+)$/;


/** True when a JSON line looks like Claude Code's (rather than Codex's) format. */
export function isClaudeCodeLine(line: Json): boolean {
  const t = line.type;
  return (
    typeof line.sessionId === 'string' ||
    (typeof t === 'string' && ['user', 'assistant', 'summary', 'system', 'file-history-snapshot', 'queue-operation', 'progress', 'attachment'].includes(t) && !('payload' in line))
  );
}

/**
 * Context in use from one assistant usage block, as Claude Code's own statusline counts it:
 * input + cache writes + cache reads; output excluded.
 */
export function contextTokensOf(usage: Json): number {
  return num(usage.input_tokens) + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens);
}

/** The usage of an assistant line that counts for the context: main chain, real model, non-zero. */
export function mainChainUsage(line: Json, allowSidechain = false): { tokens: number; output: number; model?: string } | null {
  if (line.type !== 'assistant' || (line.isSidechain === true && !allowSidechain)) return null;
  const message = obj(line.message);
  const usage = obj(message?.usage);
  if (!message || !usage || typeof usage.input_tokens !== 'number') return null;
  const model = str(message.model);
  if (model === '<synthetic>' || line.isApiErrorMessage === true) return null;
  const tokens = contextTokensOf(usage);
  if (tokens === 0) return null;
  return { tokens, output: num(usage.output_tokens), model };
}

function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => (obj(b)?.type === 'text' ? (str(obj(b)?.text) ?? '') : ''))
    .filter(Boolean)
    .join('\n');
}

/**
 * Claude Code's own commands, run by the harness (`/clear`, `/model`, …): user actions, not
 * requests. Any other slash command (a project's or a plugin's, `/publish-session`, `/init`)
 * expands into a prompt the agent works on: a request.
 */
const BUILTIN_COMMANDS = new Set(
  'add-dir agents bashes bug clear compact config context cost doctor exit export fast help hooks ide keybindings login logout mcp memory model output-style permissions plugin privacy-settings release-notes resume rewind status statusline terminal-setup theme todos upgrade usage vim'.split(' '),
);

/** `<command-name>/publish-session</command-name><command-args>x</command-args>` → `/publish-session x`, for commands that ask the agent to work. */
function slashRequest(text: string): string | undefined {
  const name = /<command-name>\/?([^<\s]+)<\/command-name>/.exec(text)?.[1];
  if (!name || BUILTIN_COMMANDS.has(name.toLowerCase())) return undefined;
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1]?.trim();
  return `/${name}${args ? ` ${args}` : ''}`;
}

function isHumanAsk(text: string): boolean {
  const t = text.trimStart();
  return t.length > 0 && !INJECTED_PREFIXES.some((p) => t.startsWith(p));
}

function todoStatus(v: unknown): TodoStatus {
  return v === 'completed' || v === 'in_progress' ? v : 'pending';
}

function todosFromTodoWrite(input: Json): TodoItem[] {
  const list = Array.isArray(input.todos) ? input.todos : [];
  return list.flatMap((t): TodoItem[] => {
    const o = obj(t);
    const text = str(o?.content);
    if (!o || !text) return [];
    const priority = o.priority === 'high' || o.priority === 'medium' || o.priority === 'low' ? o.priority : undefined;
    return [{ text, status: todoStatus(o.status), activeForm: str(o.activeForm), priority }];
  });
}

/** What an edit tool wrote, bounded: an Edit's new text, a MultiEdit's, the head of a Write. */
function editedText(input: Json): string | undefined {
  const multi = Array.isArray(input.edits) ? input.edits.map((e) => str(obj(e)?.new_string) ?? '').filter(Boolean).join('\n…\n') : undefined;
  const text = str(input.new_string) ?? multi ?? str(input.content) ?? str(input.new_source);
  return text ? bound(text, CHANGE_CHARS) : undefined;
}

function editedPaths(name: string, input: Json): string[] {
  const p = str(input.file_path) ?? str(input.notebook_path);
  return p ? [p] : name === 'MultiEdit' && str(input.path) ? [str(input.path)!] : [];
}

/**
 * Claude Code's own words around every compaction summary ("This session is being continued from
 * a previous conversation…", the transcript pointer, "Continue the conversation from where it left
 * off…", the note on the messages kept verbatim), a `<system-reminder>` and the model's
 * `<analysis>`: none of it is the summary, and none of it may count as having kept anything.
 */
const WRAPPER = [
  /^This session is being continued from a previous conversation[^\n]*\n?(?:The summary below covers[^\n]*\n?)?/,
  /<system-reminder>[\s\S]*?<\/system-reminder>/g,
  /<analysis>[\s\S]*?<\/analysis>/g,
  /^\s*Summary:\s*$/m,
  /\n*If you need specific details from before compaction[\s\S]*$/,
  /\n*Please continue the conversation from where we left[\s\S]*$/,
  /\n*Continue the conversation from where it left off[\s\S]*$/,
  /\n*The messages after this summary are the most recent messages[\s\S]*$/,
];

/** The summary a compaction wrote, without Claude Code's wrapper text around it. */
export function summaryBody(text: string): string {
  let out = text;
  for (const re of WRAPPER) out = out.replace(re, '');
  const tagged = /<summary>([\s\S]*?)(?:<\/summary>|$)/.exec(out);
  return (tagged ? tagged[1]! : out).trim();
}

/** A text block inside a JSON text: `{"type":"text","text":"…"}`, its string literal whole. */
const TEXT_BLOCK = /\{"type":"text","text":("(?:[^"\\]|\\.)*")/g;

/**
 * What can be read of a user line too long to load (several pasted images make a line of many
 * megabytes): the text blocks whole within its first and last bytes, as a line of its own. A
 * tool result of that size, or a line of another kind, gives nothing: its text would be output.
 */
export function salvageUserLine(head: string, tail: string): Json | null {
  const start = head.slice(0, 8192);
  if (!/"type":"user"/.test(start) || !/"role":"user"/.test(start) || /"tool_result"|"isMeta":true|"isCompactSummary":true/.test(head)) return null;
  const texts: string[] = [];
  for (const part of [head, tail]) {
    for (const m of part.matchAll(TEXT_BLOCK)) {
      try {
        const t = JSON.parse(m[1]!) as unknown;
        if (typeof t === 'string' && t.trim() && !texts.includes(t)) texts.push(t);
      } catch {
        /* cut at the window's edge */
      }
    }
  }
  if (!texts.length) return null;
  const field = (name: string, text: string): string | undefined => new RegExp(`"${name}":"([^"\\\\]{1,200})"`).exec(text)?.[1];
  return {
    type: 'user',
    sessionId: field('sessionId', start),
    isSidechain: /"isSidechain":true/.test(start),
    timestamp: field('timestamp', tail),
    message: { role: 'user', content: texts.map((text) => ({ type: 'text', text })) },
  };
}

/**
 * Turns Claude Code transcript lines into normalized events. Stateful because TaskCreate /
 * TaskUpdate lists are replayed across lines and tool results pair with earlier calls.
 */
export class ClaudeCodeReader {
  readonly meta: SessionMeta = {};
  readonly events: TranscriptEvent[] = [];
  private readonly tasks = new Map<string, TodoItem>();
  private readonly pendingTaskCreates = new Map<string, TodoItem>();
  /** Prompts seen queued, whose user line (if one comes) is not a second prompt. */
  private readonly queued = new Set<string>();
  /** The usage event of the main chain and of sidechains since the last compaction, updated in place. */
  private lastUsage: Array<TranscriptEvent | undefined> = [undefined, undefined];

  /** Feeds one parsed line. */
  add(line: Json): void {
    const at = str(line.timestamp);
    const sidechain = line.isSidechain === true;
    if (!sidechain) this.trackMeta(line, at);
    switch (line.type) {
      case 'user':
        this.addUser(line, at, sidechain);
        break;
      case 'assistant':
        this.addAssistant(line, at, sidechain);
        break;
      case 'system':
        if (line.subtype === 'compact_boundary') {
          const md = obj(line.compactMetadata);
          const trigger = md?.trigger === 'auto' || md?.trigger === 'manual' ? md.trigger : undefined;
          this.events.push({ kind: 'compaction', at, sidechain, preTokens: md ? num(md.preTokens) || undefined : undefined, trigger });
          this.lastUsage = [undefined, undefined];
        }
        break;
      case 'queue-operation':
        this.addQueued(line, at);
        break;
      case 'attachment': {
        const a = obj(line.attachment);
        if (a?.type === 'task_reminder' && Array.isArray(a.content)) this.replaceTasks(a.content, at, sidechain);
        break;
      }
      default:
        break;
    }
  }

  private trackMeta(line: Json, at: string | undefined): void {
    const m = this.meta;
    m.sessionId = str(line.sessionId) ?? m.sessionId;
    // Where the session began (its project folder); a later `cd` of its shell shows on later lines, not here.
    m.cwd ??= str(line.cwd);
    const branch = str(line.gitBranch);
    if (branch) m.branch = branch;
    m.agentVersion = str(line.version) ?? m.agentVersion;
    if (str(line.permissionMode)) m.permissions = `permission mode ${str(line.permissionMode)}`;
    if (at) {
      m.startedAt ??= at;
      m.endedAt = at;
    }
  }

  private addUser(line: Json, at: string | undefined, sidechain: boolean): void {
    const message = obj(line.message);
    if (!message) return;
    const content = message.content;
    if (line.isCompactSummary === true) {
      const last = this.events.at(-1);
      const summary = bound(summaryBody(textOfContent(content)), SUMMARY_CHARS);
      if (last?.kind === 'compaction') last.summary = summary;
      else {
        this.events.push({ kind: 'compaction', at, sidechain, summary });
        this.lastUsage = [undefined, undefined];
      }
      return;
    }
    if (Array.isArray(content)) {
      for (const block of content) {
        const b = obj(block);
        if (b?.type !== 'tool_result') continue;
        const id = str(b.tool_use_id) ?? '';
        const output = bound(textOfContent(b.content) || (typeof b.content === 'string' ? b.content : ''), OUTPUT_CHARS);
        const ok = b.is_error !== true;
        const exit = /^Exit code (\d+)/.exec(output);
        this.events.push({ kind: 'result', id, ok, output, exitCode: exit ? Number(exit[1]) : ok ? undefined : 1, at, sidechain });
        this.settleTask(id, obj(line.toolUseResult), ok);
        // The user answered the agent's question with options: a decision of theirs.
        for (const m of ok && output.startsWith('User has answered your questions:') ? output.matchAll(ANSWERED) : []) this.events.push({ kind: 'choice', question: bound(m[1]!.replace(/\\"/g, '"'), 400), answer: bound(m[2]!.replace(/\\"/g, '"'), 400), at, sidechain });
        // The user rejected the call and said why: their words are a redirect, as after an interrupt.
        const said = REJECTION_WORDS.exec(output)?.[1]?.trim();
        if (!ok && said && isHumanAsk(said)) this.events.push({ kind: 'interrupt', at, sidechain }, { kind: 'ask', text: bound(said, TEXT_CHARS), at, sidechain });
      }
    }
    if (line.isMeta === true) return;
    const text = textOfContent(content);
    if (text.trimStart().startsWith(INTERRUPT)) {
      this.events.push({ kind: 'interrupt', at, sidechain });
      return;
    }
    const hasToolResult = Array.isArray(content) && content.some((b) => obj(b)?.type === 'tool_result');
    if (hasToolResult) return;
    const command = text.includes('<command-name>') ? slashRequest(text) : undefined;
    if (command) this.events.push({ kind: 'ask', text: command, at, sidechain });
    else if (isHumanAsk(text) && !this.queued.delete(text.trim())) this.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at, sidechain });
  }

  /**
   * A prompt typed while the agent worked is queued (`queue-operation` enqueue) and reaches the
   * agent, in some versions, without a user line of its own: it is the user's words from then on.
   * A user line with the same text later is the same prompt, not a second one.
   */
  private addQueued(line: Json, at: string | undefined): void {
    if (line.operation !== 'enqueue') return;
    const text = (typeof line.content === 'string' ? line.content : textOfContent(line.content)).trim();
    if (!text || !isHumanAsk(text) || text.startsWith('<')) return;
    this.queued.add(text);
    this.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at, sidechain: false });
  }

  private addAssistant(line: Json, at: string | undefined, sidechain: boolean): void {
    const message = obj(line.message);
    if (!message) return;
    const model = str(message.model);
    if (!sidechain && model && model !== '<synthetic>') this.meta.model = model;
    for (const block of Array.isArray(message.content) ? message.content : []) {
      const b = obj(block);
      if (!b) continue;
      if (b.type === 'text' && str(b.text)?.trim()) {
        this.events.push({ kind: 'say', text: bound(str(b.text)!, TEXT_CHARS), at, sidechain });
      } else if (b.type === 'tool_use') {
        this.addToolUse(str(b.id) ?? '', str(b.name) ?? '', obj(b.input) ?? {}, at, sidechain, str(line.cwd));
      }
    }
    // Only the newest usage matters (before each compaction, for eval): one event per chain,
    // updated in place until a compaction starts a new one — not one per response, which in a
    // long log would be most of its events.
    const usage = mainChainUsage(line, true);
    if (!usage) return;
    const event: TranscriptEvent = { kind: 'usage', contextTokens: usage.tokens, outputTokens: usage.output, model: usage.model, at, sidechain };
    const prev = this.lastUsage[sidechain ? 1 : 0];
    if (prev) Object.assign(prev, event);
    else {
      this.lastUsage[sidechain ? 1 : 0] = event;
      this.events.push(event);
    }
  }

  /**
   * A tool call is one event: the command it ran, the files it edited, or else a `tool` event (a
   * read, a search, a todo list…). The whole input of a Write or a Bash call is not kept twice.
   */
  private addToolUse(id: string, name: string, input: Json, at: string | undefined, sidechain: boolean, dir?: string): void {
    if (SHELL_TOOLS.has(name) && str(input.command)) {
      // The line's cwd is the shell's folder when the command ran: an earlier `cd` shows there.
      this.events.push({ kind: 'command', id, command: str(input.command)!, at, sidechain, ...(dir ? { dir } : {}) });
      return;
    }
    const paths = EDIT_TOOLS.has(name) ? editedPaths(name, input) : [];
    if (paths.length) {
      this.events.push({ kind: 'edit', id, paths, change: editedText(input), tool: name, at, sidechain });
      return;
    }
    this.events.push({ kind: 'tool', id, name, input, at, sidechain });
    if (name === 'TodoWrite') {
      this.events.push({ kind: 'todos', items: todosFromTodoWrite(input), at, sidechain });
    } else if (name === 'TaskCreate' && str(input.subject)) {
      this.pendingTaskCreates.set(id, { text: str(input.subject)!, status: 'pending', activeForm: str(input.activeForm) });
    } else if (name === 'TaskUpdate' && str(input.taskId)) {
      const task = this.tasks.get(str(input.taskId)!);
      if (task && input.status === 'deleted') this.tasks.delete(str(input.taskId)!);
      else if (task && input.status) task.status = todoStatus(input.status);
      if (task && str(input.subject)) task.text = str(input.subject)!;
      this.emitTasks(at, sidechain);
    }
  }

  /** A TaskCreate gets its id only in its result, so the task is registered there. */
  private settleTask(toolUseId: string, result: Json | undefined, ok: boolean): void {
    const created = this.pendingTaskCreates.get(toolUseId);
    if (!created) return;
    this.pendingTaskCreates.delete(toolUseId);
    const id = str(obj(result?.task)?.id);
    if (!ok || !id) return;
    this.tasks.set(id, created);
    this.emitTasks(undefined, false);
  }

  private replaceTasks(list: unknown[], at: string | undefined, sidechain: boolean): void {
    this.tasks.clear();
    for (const t of list) {
      const o = obj(t);
      const id = str(o?.id);
      const text = str(o?.subject);
      if (o && id && text) this.tasks.set(id, { text, status: todoStatus(o.status), activeForm: str(o.activeForm) });
    }
    this.emitTasks(at, sidechain);
  }

  private emitTasks(at: string | undefined, sidechain: boolean): void {
    this.events.push({ kind: 'todos', items: [...this.tasks.values()].map((t) => ({ ...t })), at, sidechain });
  }
}
