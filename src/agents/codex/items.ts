/** What one Codex rollout item says: detection, usage, tool arguments, patches, plans, message and output text. */
import { withoutEscapes } from '../../manifest/sanitize.js';
import { bound, OUTPUT_CHARS, type TodoItem, type TranscriptEvent } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';

export const ROLLOUT_TYPES = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted']);
/** Codex's shell tools: `shell_command` takes one command line (Windows, and where it is configured). */
export const SHELL_CALLS = new Set(['exec_command', 'shell', 'shell_command', 'local_shell', 'container.exec']);

/** True when a JSON line looks like a Codex rollout line. */
export function isCodexLine(line: Json): boolean {
  return typeof line.type === 'string' && ROLLOUT_TYPES.has(line.type) && 'payload' in line;
}

/** Context in use from a token_count event: Codex's own tokens-in-window figure and its window. */
export function codexUsage(line: Json): { tokens: number; output: number; window?: number } | null {
  if (line.type !== 'event_msg') return null;
  const p = obj(line.payload);
  if (p?.type !== 'token_count') return null;
  const info = obj(p.info);
  const last = obj(info?.last_token_usage);
  if (!info || !last) return null;
  const tokens = num(last.total_tokens) || num(last.input_tokens) + num(last.output_tokens);
  const window = num(info.model_context_window) || undefined;
  return { tokens, output: num(last.output_tokens), window };
}

export function parseArgs(raw: unknown): Json {
  if (obj(raw)) return raw as Json;
  if (typeof raw !== 'string') return {};
  try {
    return obj(JSON.parse(raw)) ?? {};
  } catch {
    return {};
  }
}

/** A freeform (custom) tool call's input: JSON arguments when it is an object in JSON, else its text as `input`. */
export function customArgs(input: string): Json {
  if (!input.trimStart().startsWith('{')) return { input };
  const parsed = parseArgs(input);
  return Object.keys(parsed).length ? parsed : { input };
}

export function shellCommand(args: Json): string | undefined {
  if (typeof args.cmd === 'string') return args.cmd;
  const c = args.command;
  if (Array.isArray(c)) {
    const parts = c.filter((x): x is string => typeof x === 'string');
    // ["bash","-lc","npm test"] → the script itself.
    return parts.length >= 3 && /^-l?c$/.test(parts[1] ?? '') ? parts.slice(2).join(' ') : parts.join(' ');
  }
  return str(c);
}

/** Paths named by an apply_patch envelope (`*** Update File: path`, Add, Delete). */
export function patchPaths(patch: string): string[] {
  const out: string[] = [];
  for (const m of patch.matchAll(/^\*\*\* (?:Update|Add|Delete) File: (.+)$/gm)) out.push(m[1]!.trim());
  for (const m of patch.matchAll(/^\*\*\* Move to: (.+)$/gm)) out.push(m[1]!.trim());
  return [...new Set(out)];
}

export function planItems(args: Json): TodoItem[] {
  const plan = Array.isArray(args.plan) ? args.plan : [];
  return plan.flatMap((s): TodoItem[] => {
    const o = obj(s);
    const text = str(o?.step);
    if (!o || !text) return [];
    const status = o.status === 'completed' || o.status === 'in_progress' ? o.status : 'pending';
    return [{ text, status }];
  });
}

/** The preamble Codex puts before every compaction summary. */
export const SUMMARY_PREAMBLE =
  /^Another language model started to solve this problem and produced a summary[\s\S]*?use the information in this summary to assist with your own analysis:\s*/;

/** The text blocks of a message's content of one type (`input_text`, `output_text`, 0.171 items' `text`/`Text`). */
export function messageText(content: unknown, type: string): string {
  return (Array.isArray(content) ? content : [])
    .map((c) => (obj(c)?.type === type ? (str(obj(c)?.text) ?? '') : ''))
    .join('\n')
    .trim();
}

export function outputText(raw: unknown): { text: string; exitCode?: number; running?: string } {
  // Content blocks (a code-mode script's output, `[{type:"input_text",text}]`): their text.
  const blocks = Array.isArray(raw)
    ? raw.reduce((all: string, b) => `${all}${all && !all.endsWith('\n') ? '\n' : ''}${str(obj(b)?.text) ?? ''}`, '')
    : undefined;
  const s = typeof raw === 'string' ? raw : (blocks ?? (obj(raw) ? JSON.stringify(raw) : ''));
  const structured = parseArgs(s);
  if (typeof structured.output === 'string') {
    const md = obj(structured.metadata);
    return { text: withoutEscapes(structured.output), exitCode: md && typeof md.exit_code === 'number' ? md.exit_code : undefined };
  }
  const body = s.indexOf('\nOutput:\n');
  // The header says how the process stands; what it printed may quote the same words.
  const head = body >= 0 ? s.slice(0, body) : s;
  const exit = /Process exited with code (-?\d+)/.exec(head) ?? /^Exit code: (-?\d+)/.exec(head);
  // Still running when the call returned (unified exec): its process id, polled with write_stdin.
  const running = exit ? undefined : /^Process running with session ID (\d+)$/m.exec(head)?.[1];
  return {
    text: withoutEscapes(contentText(body >= 0 ? s.slice(body + 9) : s)),
    exitCode: exit ? Number(exit[1]) : undefined,
    ...(running ? { running } : {}),
  };
}

/** An output that is MCP-style content (`[{"type":"text","text":…}]`, as a js or MCP tool returns it): its text. */
function contentText(s: string): string {
  if (!s.startsWith('[{')) return s;
  try {
    const blocks: unknown = JSON.parse(s);
    if (!Array.isArray(blocks) || !blocks.every((b) => obj(b)?.type === 'text' && typeof obj(b)?.text === 'string')) return s;
    return blocks.map((b) => obj(b)!.text as string).join('\n');
  } catch {
    return s;
  }
}

/**
 * Items that are a tool call and its result at once: a web search the model ran (`web_search_call`:
 * its queries, or the page it opened), and a subagent's final answer to its parent (0.14x's
 * multi-agent `agent_message` from `/root/<task>`), said as a subagent's report.
 */
export function callItems(p: Json, at: string | undefined, n: number): TranscriptEvent[] {
  // The item's id, else one of its own (0.104's searches have none): each call has its result.
  const id = str(p.id) ?? `${String(p.type)}-${n}`;
  if (p.type === 'web_search_call') {
    const action = obj(p.action);
    const query = str(action?.query) ?? str(action?.url) ?? str(action?.pattern);
    if (!query) return [];
    return [
      { kind: 'tool', id, name: 'web_search', input: { [action?.type === 'open_page' ? 'url' : 'query']: query }, at },
      { kind: 'result', id, ok: p.status !== 'failed', output: '', at },
    ];
  }
  const text = messageText(p.content, 'input_text');
  const report = /^Message Type: FINAL_ANSWER\n(?:[^\n]*\n){0,3}?Payload:\n/.exec(text);
  if (p.type !== 'agent_message' || !report || !str(p.author)) return [];
  // When it answered is part of the call: a second task's answer is no repeat of the first.
  return [
    { kind: 'tool', id, name: 'Agent', input: { description: `subagent ${str(p.author)}`, ...(at ? { at } : {}) }, at },
    { kind: 'result', id, ok: true, output: bound(text.slice(report[0].length).trim(), OUTPUT_CHARS), at },
  ];
}
