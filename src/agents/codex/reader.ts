import type { SessionMeta, TranscriptEvent } from '../../log/events.js';
import { bound, OUTPUT_CHARS, setModel, SUMMARY_CHARS, TEXT_CHARS } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';
import { endProcess, followProcess, startProcess, type Process } from './processes.js';
import { agentsInstructions, agentsMdRead, changesPatch, memorySummary, patchEdit, shellPatch } from './patch.js';
import { CODE_MODE_TOOL, scriptCommands, scriptResultEvents } from './code-mode.js';
import { callItems, codexUsage, customArgs, messageText, outputText, parseArgs, planItems, SHELL_CALLS, shellCommand, SUMMARY_PREAMBLE } from './items.js';

/**
 * The words the user typed: Codex's IDE extension and app send a prompt as context sections
 * ("# Context from my IDE setup:", "# Files mentioned by the user:") and then
 * "## My request for Codex:" with the request; only the request is the user's own.
 */
export function typedRequest(text: string): string {
  const at = text.search(/^## My request for Codex:[^\S\n]*$/m);
  return (
    at >= 0 && /^# (?:Context from my IDE setup|Files mentioned by the user):/.test(text.trimStart())
      ? text.slice(at).replace(/^## My request for Codex:\s*/, '')
      : text
  ).trim();
}

/** Turns Codex CLI rollout lines into normalized events. */
export class CodexReader {
  readonly meta: SessionMeta = {};
  readonly events: TranscriptEvent[] = [];
  private window: number | undefined;
  /** Each call's result event, by call id: the exit code that comes later corrects it. */
  private readonly results = new Map<string, Extract<TranscriptEvent, { kind: 'result' }>>();
  /** Exit codes reported before the call's output line arrived. */
  private readonly earlyExit = new Map<string, number>();
  /** Commands still running when their call returned, by process id, until a poll sees them exit. */
  private readonly backgrounded = new Map<string, Process>();
  /** Code-mode scripts waiting for their output, by call id: the shell commands each called. */
  private readonly scripts = new Map<string, string[]>();

  add(line: Json): void {
    const at = str(line.timestamp);
    const p = obj(line.payload);
    if (!p) return;
    if (at) {
      this.meta.startedAt ??= at;
      this.meta.endedAt = at;
    }
    switch (line.type) {
      case 'session_meta': {
        this.meta.sessionId ??= str(p.id);
        this.meta.cwd = str(p.cwd) ?? this.meta.cwd;
        this.meta.agentVersion = str(p.cli_version) ?? this.meta.agentVersion;
        const git = obj(p.git);
        if (str(git?.branch)) this.meta.branch = str(git?.branch);
        this.meta.startCommit ??= str(git?.commit_hash);
        break;
      }
      case 'turn_context': {
        this.meta.cwd = str(p.cwd) ?? this.meta.cwd;
        const sandbox = str(obj(p.sandbox_policy)?.type) ?? str(p.sandbox_policy);
        const approval = str(p.approval_policy);
        // Whether commands could reach the network: what a command that fetched would meet.
        const network = obj(p.sandbox_policy)?.network_access;
        const net = typeof network === 'boolean' ? (network ? 'network on' : 'no network') : undefined;
        if (sandbox || approval) this.meta.permissions = [approval && `approval ${approval}`, sandbox && `sandbox ${sandbox}`, net].filter(Boolean).join(', ');
        setModel(this.meta, str(p.model), str(p.effort) ?? str(obj(obj(p.collaboration_mode)?.settings)?.reasoning_effort));
        break;
      }
      // 0.146+: the instructions the agent was given, whole or what changed; the AGENTS.md among them is a read of it.
      case 'world_state':
        this.agentsMd(obj(obj(p.state)?.agents_md), at);
        break;
      case 'compacted':
        this.addCompaction(p, at);
        break;
      case 'response_item':
        this.addResponseItem(p, at);
        break;
      case 'event_msg':
        this.addEvent(line, p, at);
        break;
      default:
        break;
    }
  }

  /**
   * A compaction: the summary without Codex's preamble, and what it carried over verbatim (every
   * user message, and in 0.171 the retained user and assistant texts). 0.171 first writes the
   * compaction's own answer as an assistant message: that is not the agent speaking, so it goes.
   */
  private addCompaction(p: Json, at: string | undefined): void {
    const summary = str(p.message)?.replace(SUMMARY_PREAMBLE, '').trim() ?? '';
    for (let i = this.events.length - 1; i >= Math.max(0, this.events.length - 4); i--) {
      const e = this.events[i]!;
      if (e.kind === 'say' && summary && e.text.trim() === bound(summary, TEXT_CHARS).trim()) {
        this.events.splice(i, 1);
        break;
      }
    }
    const kept: string[] = [];
    for (const item of Array.isArray(p.replacement_history) ? p.replacement_history : []) {
      const o = obj(item);
      if (o?.type !== 'message' || o.role !== 'user') continue;
      const text = messageText(o.content, 'input_text');
      if (text && !text.startsWith('<') && !SUMMARY_PREAMBLE.test(text)) kept.push(text);
    }
    const retained = obj(p.retained_context);
    for (const key of ['user_messages', 'assistant_messages']) {
      for (const m of Array.isArray(retained?.[key]) ? (retained![key] as unknown[]) : []) {
        const text = str(obj(m)?.text);
        if (text && !kept.includes(text)) kept.push(text);
      }
    }
    this.events.push({
      kind: 'compaction',
      at,
      summary: bound(summary, SUMMARY_CHARS) || undefined,
      kept: kept.length ? bound(kept.join('\n'), SUMMARY_CHARS) : undefined,
    });
  }

  private addResponseItem(p: Json, at: string | undefined): void {
    const id = str(p.call_id) ?? '';
    if (p.type === 'web_search_call' || p.type === 'agent_message') this.events.push(...callItems(p, at, this.events.length));
    else if (p.type === 'message' && p.role === 'assistant') {
      const text = messageText(p.content, 'output_text');
      if (text && this.firstTime(str(p.id))) this.events.push({ kind: 'say', text: bound(text, TEXT_CHARS), at });
    } else if (p.type === 'message' && (p.role === 'user' || p.role === 'developer')) {
      // The project's AGENTS.md, and the user's memory summary, given before the prompt (again on each resume: once).
      this.agentsMd((p.role === 'user' ? agentsInstructions : memorySummary)(messageText(p.content, 'input_text') ?? ''), at);
    } else if (p.type === 'function_call' || p.type === 'custom_tool_call' || p.type === 'local_shell_call') {
      const name = str(p.name) ?? (p.type === 'local_shell_call' ? 'local_shell' : '');
      // A freeform tool's input is its text (a patch), or JSON arguments as a function's (`{"command":["ls"]}`).
      const args = p.type === 'custom_tool_call' ? customArgs(str(p.input) ?? '') : parseArgs(p.arguments ?? p.action);
      // One event per call: the command, the edit, or else a `tool` event (see ClaudeCodeReader).
      const command = SHELL_CALLS.has(name) ? shellCommand(args) : undefined;
      // A patch run through the shell is the edit it makes.
      const patch = command === undefined ? undefined : shellPatch(command);
      const edit = patch === undefined ? undefined : patchEdit(id, patch.text, at, patch.dir ?? str(args.workdir));
      if (edit) return void this.events.push(edit);
      if (command) {
        const dir = str(args.workdir);
        this.events.push({ kind: 'command', id, command, at, ...(dir ? { dir } : {}) });
        return;
      }
      // Code mode: the shell commands the script calls, each a command of its own.
      const script = name === CODE_MODE_TOOL && p.type === 'custom_tool_call' ? scriptCommands(str(p.input) ?? '') : [];
      if (script.length) {
        script.forEach((c, k) => this.events.push({ kind: 'command', id: `${id}#${k}`, command: c.cmd, at, ...(c.workdir ? { dir: c.workdir } : {}) }));
        this.scripts.set(
          id,
          script.map((c) => c.cmd),
        );
        return;
      }
      if (name === 'apply_patch') {
        const edit = patchEdit(id, str(args.input) ?? str(args.patch) ?? '', at);
        if (edit) return void this.events.push(edit);
      }
      this.events.push({ kind: 'tool', id, name, input: args, at });
      if (name === 'update_plan') this.events.push({ kind: 'todos', items: planItems(args), at });
    } else if ((p.type === 'function_call_output' || p.type === 'custom_tool_call_output') && this.scripts.has(id)) {
      // What a code-mode script printed of its commands' results, when it can be told whose is whose.
      for (const r of scriptResultEvents(id, this.scripts.get(id)!, p.output, at, OUTPUT_CHARS)) {
        if (r.result) {
          this.results.set(r.id, r.result);
          this.events.push(r.result);
        }
        if (r.running) startProcess(this.backgrounded, this.events, r.running, r.id, r.output, at);
      }
      this.scripts.delete(id);
    } else if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output') {
      const parsed = outputText(p.output);
      const text = parsed.text;
      const exitCode = this.earlyExit.get(id) ?? parsed.exitCode;
      // A rejected apply_patch leaves only its output ("apply_patch verification failed: …"); a web
      // page a search returned may say the same words ("Autofix completed but verification failed").
      const ok = exitCode === undefined ? !/^(?:error|failed|apply_patch verification failed)/i.test(text) : exitCode === 0;
      const running = this.earlyExit.has(id) ? undefined : parsed.running;
      const result = { kind: 'result' as const, id, ok, output: bound(text, OUTPUT_CHARS), exitCode, at, ...(running ? { running: true as const } : {}) };
      this.results.set(id, result);
      this.events.push(result);
      followProcess(this.backgrounded, this.events, id, text, running, exitCode, at);
    }
  }

  /** 0.171's items: the user's prompts, the agent's messages, commands with their exit codes, file changes. */
  private addItem(item: Json, at: string | undefined): void {
    switch (item.type) {
      case 'UserMessage': {
        const text = typedRequest(messageText(item.content, 'text'));
        if (text) this.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at });
        break;
      }
      case 'AgentMessage': {
        // 0.171 writes each message twice, as this item and as a response item of the same id.
        const text = messageText(item.content, 'Text');
        if (text && this.firstTime(str(item.id))) this.events.push({ kind: 'say', text: bound(text, TEXT_CHARS), at });
        break;
      }
      case 'CommandExecution':
        if (typeof item.exit_code === 'number') this.settleExit(str(item.id) ?? '', item.exit_code);
        break;
      case 'FileChange': {
        // What the patch really changed: its paths (absolute) and which were deleted.
        const changes = obj(item.changes);
        const edit = this.events.findLast((e) => e.kind === 'edit' && e.id === str(item.id));
        if (!changes || edit?.kind !== 'edit') break;
        const entries = Object.entries(changes).map(([path, c]) => [path, str(obj(c)?.type)] as const);
        edit.paths = entries.filter(([, t]) => t !== 'delete').map(([path]) => path);
        const deleted = entries.filter(([, t]) => t === 'delete').map(([path]) => path);
        edit.deleted = deleted.length ? deleted : undefined;
        break;
      }
      default:
        break;
    }
  }

  /** The AGENTS.md texts already given (Codex gives them again on each resume, and 0.146 in its `world_state` too): read once, each its own id. */
  private readonly agentsFiles = new Set<string>();
  private agentsMd(given: { directory?: unknown; text?: unknown; file?: string } | undefined, at: string | undefined): void {
    const text = str(given?.text);
    const dir = given?.file ? '' : ((this.agentsDir = str(given?.directory) ?? this.agentsDir) ?? this.meta.cwd);
    if ((dir || given?.file) && text && !this.agentsFiles.has(text) && this.agentsFiles.add(text))
      this.events.push(...agentsMdRead(dir ?? '', text, at, `agents-md-${this.agentsFiles.size}`, given?.file));
  }
  /** The folder of the AGENTS.md last given (a later `world_state` that only changes its text names none). */
  private agentsDir: string | undefined;
  /** Assistant message ids already read (bounded: only neighbours share one). */
  private readonly messageIds: string[] = [];
  private firstTime(id: string | undefined): boolean {
    if (!id) return true;
    if (this.messageIds.includes(id)) return false;
    this.messageIds.push(id);
    if (this.messageIds.length > 16) this.messageIds.shift();
    return true;
  }

  /** The exit code a command really had; corrects the result parsed from its output text. */
  private settleExit(callId: string, exitCode: number): void {
    const e = this.results.get(callId);
    if (e?.kind === 'result') {
      e.exitCode = exitCode;
      e.ok = exitCode === 0;
      delete e.running;
    } else this.earlyExit.set(callId, exitCode);
  }

  private addEvent(line: Json, p: Json, at: string | undefined): void {
    switch (p.type) {
      case 'item_completed': {
        const item = obj(p.item);
        if (item) this.addItem(item, at);
        break;
      }
      case 'user_message': {
        const text = typedRequest(str(p.message) ?? '');
        if (text) this.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at });
        break;
      }
      case 'task_complete':
        this.events.push({ kind: 'turn-end', text: str(p.last_agent_message) ? bound(str(p.last_agent_message)!, TEXT_CHARS) : undefined, at });
        break;
      case 'turn_aborted':
        this.events.push({ kind: 'interrupt', at });
        break;
      case 'task_started':
        this.window = num(p.model_context_window) || this.window;
        break;
      case 'token_count': {
        const u = codexUsage(line);
        if (u) {
          this.window = u.window ?? this.window;
          this.events.push({ kind: 'usage', contextTokens: u.tokens, outputTokens: u.output, window: this.window, model: this.meta.model, at });
        }
        break;
      }
      case 'exec_command_end':
        // The exit code here is the reliable one; correct the result parsed from text (of a command
        // left running: its result again, with all it printed).
        if (typeof p.exit_code === 'number' && !endProcess(this.backgrounded, this.events, str(p.process_id) ?? '', p.exit_code, str(p.aggregated_output), at))
          this.settleExit(str(p.call_id) ?? '', p.exit_code);
        break;
      case 'patch_apply_end': {
        const id = str(p.call_id) ?? '';
        const e = this.results.get(id);
        if (e && typeof p.success === 'boolean') e.ok = p.success;
        // A patch applied by a call read as no edit (`apply_patch` run through the shell, a tool of
        // another name): its changes say which files it wrote and which it deleted.
        const changes = obj(p.changes);
        if (p.success === true && changes && !this.events.some((x) => x.kind === 'edit' && x.id === id)) {
          const edit = patchEdit(id, changesPatch(changes), at);
          if (edit) this.events.push(edit);
        }
        break;
      }
      default:
        break;
    }
  }
}
