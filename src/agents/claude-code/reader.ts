import { bound, OUTPUT_CHARS, setModel, SUMMARY_CHARS, TEXT_CHARS, type SessionMeta, type TodoItem, type TranscriptEvent } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';
import {
  closedBy,
  EDIT_TOOLS,
  editedPaths,
  editedText,
  INTERRUPT,
  isHumanAsk,
  mainChainUsage,
  REJECTION_WORDS,
  removedText,
  SHELL_TOOLS,
  slashRequest,
  summaryBody,
  textOfContent,
  todosFromTodoWrite,
  todoStatus,
  typedText,
} from './lines.js';
import { backgroundSaid, taskNotices } from './background.js';
import { ANSWERED_HEAD, answersOf, boundOutput, choiceOf, clarified, withUsage } from './tool-results.js';
import { readUserShell, type UserShell } from './user-shell.js';
import { hookRun } from './hook-runs.js';
import { memoryRead } from './memory.js';
import { queueOperation } from './queue.js';
import { markRewound, noteLine, type Rewinds } from './rewind.js';
import { sessionNote } from './notes.js';

/**
 * Claude Code's own request for a compaction summary (its three wordings: the whole conversation,
 * its recent part, a conversation to be continued). A compaction run as a subagent writes a
 * transcript of its own (`subagents/agent-acompact-*.jsonl`): this request, then the summary.
 */
const COMPACTION_REQUEST =
  /^\s*Your task is to create a detailed summary of (?:the conversation so far|the RECENT portion of the conversation|this conversation)\b/;

/** A message's text as a dedupe key: its length and head, not a second copy of a long message. */
const textKey = (text: string): string => `${text.length} ${text.slice(0, 200)}`;

/**
 * Turns Claude Code transcript lines into normalized events. Stateful because TaskCreate /
 * TaskUpdate lists are replayed across lines and tool results pair with earlier calls.
 */
export class ClaudeCodeReader {
  readonly meta: SessionMeta = {};
  readonly events: TranscriptEvent[] = [];
  private readonly tasks = new Map<string, TodoItem>();
  private readonly pendingTaskCreates = new Map<string, TodoItem>();
  /** A main-chain line was read: from then on only those give the session's facts. */
  private mainSeen = false;
  /** Claude Code asked for a compaction summary: the agent's next words are that summary, not a reply. */
  private summaryAsked = false;
  /** Prompts seen queued, whose user line (if one comes) is not a second prompt. */
  readonly queued = new Set<string>();
  /** The prompts in the queue now, oldest first ('' for one that made no ask). */
  readonly waiting: string[] = [];
  /** The usage event of the main chain and of sidechains since the last compaction, updated in place. */
  private lastUsage: Array<TranscriptEvent | undefined> = [undefined, undefined];
  /**
   * What was read already: a log can hold the same messages twice (Claude Code writes a
   * conversation again, with new uuids, when it is resumed or rewound), and each is one event.
   */
  private readonly seen = new Set<string>();
  /** What tells a rewind (rewind.ts): main-chain message lines' times by uuid, and the last prompt's. */
  private readonly rewinds: Rewinds = { times: new Map(), lastPrompt: undefined };
  private readonly userShell: UserShell = { count: 0 };
  private once(key: string): boolean {
    return !this.seen.has(key) && Boolean(this.seen.add(key));
  }

  /** Feeds one parsed line. */
  add(line: Json): void {
    const at = str(line.timestamp);
    const sidechain = line.isSidechain === true;
    // A subagent's own log is all sidechain: its lines give the session's facts until a main-chain line does.
    if (!sidechain) this.mainSeen = true;
    if (!sidechain || !this.mainSeen) this.trackMeta(line, at);
    noteLine(this.rewinds, line, at);
    this.events.push(...hookRun(line, at, sidechain, (key) => this.once(key)));
    if (sessionNote(line, at, sidechain, this.meta)) return;
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
        queueOperation(line, at, this);
        break;
      case 'attachment': {
        const a = obj(line.attachment);
        if (a?.type === 'task_reminder' && Array.isArray(a.content)) this.replaceTasks(a.content, at, sidechain);
        else if (a?.type === 'nested_memory' || a?.type === 'hook_success')
          this.events.push(...memoryRead(a, at, sidechain, this.seen.size, (key) => this.once(key)));
      }
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
        if (id && !this.once(`result ${id}`)) continue;
        const full = textOfContent(b.content) || (typeof b.content === 'string' ? b.content : '');
        // The call this answers, looked up once and only when asked (a long output, a status, answers).
        let call: TranscriptEvent | null | undefined = null;
        const callOf = (): TranscriptEvent | undefined => (call === null ? (call = this.events.findLast((e) => e.kind === 'tool' && e.id === id)) : call);
        const output = withUsage(boundOutput(full, full.length > OUTPUT_CHARS ? callOf() : undefined), obj(line.toolUseResult));
        const ok = b.is_error !== true;
        const exit = /^Exit code (\d+)/.exec(output);
        this.events.push({ kind: 'result', id, ok, output, exitCode: exit ? Number(exit[1]) : ok ? undefined : 1, at, sidechain });
        this.settleTask(id, obj(line.toolUseResult), ok);
        const shell = backgroundSaid(output, callOf, id);
        if (shell) this.events.push({ kind: 'background', ...shell, at, sidechain });
        if (ok) this.settleWrite(id, obj(line.toolUseResult), output);
        // The user rejected the call and said why: their words are a redirect, as after an interrupt.
        const said = ok ? undefined : REJECTION_WORDS.exec(output)?.[1]?.trim();
        // Asked to talk the questions over: what they had picked and typed is theirs, the harness's words around it are not.
        const clarify = said === undefined ? undefined : clarified(said);
        // The user answered the agent's question with options: a decision of theirs.
        const answers = ok && ANSWERED_HEAD.test(output) ? answersOf(obj(line.toolUseResult), output) : (clarify?.answers ?? []);
        const asking = answers.length ? callOf() : undefined;
        for (const [question, answer] of answers) this.events.push(choiceOf(asking, question, answer, at, sidechain));
        const words = clarify ? clarify.notes : said && isHumanAsk(said) ? [said] : [];
        if (words.length)
          this.events.push(
            { kind: 'interrupt', at, sidechain },
            ...words.map((text): TranscriptEvent => ({ kind: 'ask', text: bound(text, TEXT_CHARS), at, sidechain })),
          );
      }
    }
    if (line.isMeta === true) return;
    const text = textOfContent(content);
    for (const shell of taskNotices(text)) this.events.push({ kind: 'background', ...shell, at, sidechain });
    this.events.push(...readUserShell(this.userShell, text, at, sidechain, (key) => this.once(key), this.events));
    if (text.trimStart().startsWith(INTERRUPT)) {
      this.events.push({ kind: 'interrupt', at, sidechain });
      return;
    }
    const hasToolResult = Array.isArray(content) && content.some((b) => obj(b)?.type === 'tool_result');
    if (hasToolResult) return;
    if (COMPACTION_REQUEST.test(text)) {
      this.summaryAsked = true;
      return;
    }
    const command = text.includes('<command-name>') ? (slashRequest(text) ?? closedBy(text)) : undefined;
    const typed = command ? '' : typedText(content);
    if (command) this.events.push({ kind: 'ask', text: command, at, sidechain });
    else if (isHumanAsk(typed) && !this.queued.delete(typed.trim()) && (!at || this.once(`ask ${at} ${textKey(typed)}`))) {
      if (!sidechain) markRewound(this.rewinds, line, this.events);
      this.events.push({ kind: 'ask', text: bound(typed, TEXT_CHARS), at, sidechain });
    }
  }

  private addAssistant(line: Json, at: string | undefined, sidechain: boolean): void {
    const message = obj(line.message);
    if (!message) return;
    const model = str(message.model);
    if ((!sidechain || !this.mainSeen) && model && model !== '<synthetic>') setModel(this.meta, model, undefined);
    for (const block of Array.isArray(message.content) ? message.content : []) {
      const b = obj(block);
      if (!b) continue;
      if (b.type === 'text' && str(b.text)?.trim()) {
        // The harness's own line after a command that wants no answer is not the agent's words.
        if (model === '<synthetic>' && /^No response requested\.?$/.test(str(b.text)!.trim())) continue;
        if (str(message.id) && !this.once(`say ${str(message.id)} ${textKey(str(b.text)!)}`)) continue;
        if (this.summaryAsked && model !== '<synthetic>') {
          this.summaryAsked = false;
          this.events.push({ kind: 'compaction', at, sidechain, summary: bound(summaryBody(str(b.text)!), SUMMARY_CHARS) });
          continue;
        }
        this.events.push({
          kind: 'say',
          text: bound(str(b.text)!, TEXT_CHARS),
          at,
          sidechain,
          ...(model === '<synthetic>' || line.isApiErrorMessage === true ? { harness: true } : {}),
        });
      } else if (b.type === 'tool_use' && (!str(b.id) || this.once(`call ${str(b.id)}`))) {
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
      const removed = removedText(input);
      this.events.push({ kind: 'edit', id, paths, change: editedText(input), ...(removed ? { removed } : {}), tool: name, at, sidechain });
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

  /** A Write that made a new file says so in its result ("File created successfully at: …", `type: "create"`): the file was created, not modified. */
  private settleWrite(toolUseId: string, result: Json | undefined, output: string): void {
    if (result?.type !== 'create' && !output.startsWith('File created successfully')) return;
    // Its call is a few events back (after a batch of parallel calls, more): looked for from the end.
    const edit = this.events.findLast((e) => e.kind === 'edit' && e.id === toolUseId);
    if (edit?.kind === 'edit') edit.created = edit.paths;
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
