/** What one Claude Code transcript line says: detection, usage, message text, tool calls, the compaction wrapper. */
import { withoutEscapes } from '../../manifest/sanitize.js';
import { changeDigest, removedDigest } from '../../log/change.js';
import { definesSomething } from '../../log/definitions.js';
import type { TodoItem, TodoStatus } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';

export const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
export const SHELL_TOOLS = new Set(['Bash']);
export const INJECTED_PREFIXES = [
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
export const INTERRUPT = '[Request interrupted by user';
/** What a user said when rejecting a tool call (2.0.x: "…the following reason for the rejection:", 2.1.x: "…the user said:"). */
export const REJECTION_WORDS =
  /The user doesn't want to proceed with this tool use\.[\s\S]*?(?:The user provided the following reason for the rejection:|the user said:)\s*([\s\S]+)$/;

/** True when a JSON line looks like Claude Code's (rather than Codex's) format. */
export function isClaudeCodeLine(line: Json): boolean {
  const t = line.type;
  return (
    typeof line.sessionId === 'string' ||
    (typeof t === 'string' &&
      ['user', 'assistant', 'summary', 'system', 'file-history-snapshot', 'queue-operation', 'progress', 'attachment'].includes(t) &&
      !('payload' in line))
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

export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return withoutEscapes(content);
  if (!Array.isArray(content)) return '';
  return withoutEscapes(
    content
      .map((b) => (obj(b)?.type === 'text' ? (str(obj(b)?.text) ?? '') : ''))
      .filter(Boolean)
      .join('\n'),
  );
}

/**
 * Claude Code's own commands, run by the harness (`/clear`, `/model`, …): user actions, not
 * requests. Any other slash command (a project's or a plugin's, `/publish-session`, `/init`)
 * expands into a prompt the agent works on: a request.
 */
export const BUILTIN_COMMANDS = new Set(
  'add-dir agents background bashes branch btw bug checkpoint clear color compact config context continue copy cost debug desktop diff doctor effort exit export extra-usage fast feedback files fork heapdump help hooks ide install-github-app keybindings login logout mcp memory migrate-installer mobile model new output-style permissions plugin privacy-settings release-notes reload-plugins remote-control remove-dir rename reset resume rewind sandbox settings skills stats status statusline stickers tasks teleport terminal-setup theme todos upgrade usage version vim'.split(
    ' ',
  ),
);

/** `<command-name>/publish-session</command-name><command-args>x</command-args>` → `/publish-session x`, for commands that ask the agent to work. */
export function slashRequest(text: string): string | undefined {
  const name = /<command-name>\/?([^<\s]+)<\/command-name>/.exec(text)?.[1];
  if (!name || BUILTIN_COMMANDS.has(name.toLowerCase())) return undefined;
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1]?.trim();
  return `/${name}${args ? ` ${args}` : ''}`;
}

/** `/exit` (or `/quit`) or `/clear` when the user closed the session or cleared its conversation with it (a noise ask downstream; how the session ended). */
export function closedBy(text: string): string | undefined {
  // Only a line that is the command's tags alone: a message that quotes them is the user's words.
  if (text.replace(/<(?:command-name|command-message|command-args)>[^<]*<\/(?:command-name|command-message|command-args)>/g, '').trim()) return undefined;
  const name = /<command-name>\/?(exit|quit|clear)<\/command-name>/i.exec(text)?.[1]?.toLowerCase();
  return name === 'clear' ? '/clear' : name ? '/exit' : undefined;
}

/**
 * What the IDE extension and the harness add to a prompt (`<ide_opened_file>…`, `<ide_selection>…`,
 * `<system-reminder>…`), as their own text blocks or around the typed words.
 */
const ADDED_CONTEXT = /<(ide_[a-z_]+|system-reminder)>/g;

/**
 * The words the user typed: the message's text without what the IDE or the harness added to it.
 * A prompt sent from the VS Code extension arrives as an `<ide_opened_file>` block and the typed
 * text; read whole, it would look injected and the user's words would be lost.
 */
export function typedText(content: unknown): string {
  const text = textOfContent(content);
  // One pass with indexOf (a regex with a back-reference went quadratic on unclosed tags).
  let typed = '';
  let at = 0;
  for (const m of text.matchAll(ADDED_CONTEXT)) {
    if (m.index < at) continue;
    const close = text.indexOf(`</${m[1]}>`, m.index);
    if (close < 0) break;
    typed += text.slice(at, m.index);
    at = close + m[1]!.length + 3;
  }
  return at === 0 ? text : (typed + text.slice(at)).trim();
}

export function isHumanAsk(text: string): boolean {
  const t = text.trimStart();
  return t.length > 0 && !INJECTED_PREFIXES.some((p) => t.startsWith(p));
}

export function todoStatus(v: unknown): TodoStatus {
  return v === 'completed' || v === 'in_progress' ? v : 'pending';
}

export function todosFromTodoWrite(input: Json): TodoItem[] {
  const list = Array.isArray(input.todos) ? input.todos : [];
  return list.flatMap((t): TodoItem[] => {
    const o = obj(t);
    const text = str(o?.content);
    if (!o || !text) return [];
    const priority = o.priority === 'high' || o.priority === 'medium' || o.priority === 'low' ? o.priority : undefined;
    return [{ text, status: todoStatus(o.status), activeForm: str(o.activeForm), priority }];
  });
}

/**
 * The lines `next` adds to `previous` (an Edit's old and new text), in order: what the edit
 * changed, without the context it repeated to anchor itself; empty when it adds no line (a
 * removal, a reordering: what it wrote then is no news).
 */
export function addedLines(previous: string, next: string): string {
  const old = new Map<string, number>();
  for (const l of previous.split('\n')) old.set(l.trim(), (old.get(l.trim()) ?? 0) + 1);
  const added = next.split('\n').filter((l) => {
    const n = old.get(l.trim()) ?? 0;
    if (n > 0) old.set(l.trim(), n - 1);
    return n === 0 && l.trim() !== '';
  });
  return added.join('\n');
}

/** The lines an Edit or a MultiEdit took out (in the old text, not the new), bounded; undefined when none. */
export function removedText(input: Json): string | undefined {
  const edits = str(input.old_string) !== undefined ? [input] : Array.isArray(input.edits) ? input.edits.map((e) => obj(e) ?? {}) : [];
  // A line one edit of a MultiEdit took out and another wrote elsewhere was moved, not removed.
  return removedDigest(
    edits.flatMap((e) => (str(e.old_string) ? addedLines(str(e.new_string) ?? '', str(e.old_string)!).split('\n') : [])),
    edits.flatMap((e) => addedLines(str(e.old_string) ?? '', str(e.new_string) ?? '').split('\n')),
  );
}

/**
 * Where in the code an edit's added lines went, as git's hunk header says it: the definition
 * they follow in the edit's unchanged context ("@@ class ManifestEntry:"), when they define
 * nothing themselves, or when what they define is inside it (a method changed in its class).
 */
function withinHeader(previous: string, next: string, added: string): string {
  const kept = new Set(previous.split('\n').map((l) => l.trim()));
  const lines = next.split('\n');
  const first = lines.findIndex((l) => l.trim() && !kept.has(l.trim()));
  const before = lines.slice(0, first < 0 ? 0 : first).filter((l) => definesSomething(l) && kept.has(l.trim()));
  const header = before.at(-1);
  const indent = (l: string): number => l.length - l.trimStart().length;
  if (!header || (definesSomething(added) && indent(header) >= indent(lines[first]!))) return added;
  // The definitions it is inside, outermost first: "class ManifestEntry: › def __init__(".
  const chain = [header];
  for (const l of before.slice(0, -1).reverse()) if (indent(l) < indent(chain[0]!)) chain.unshift(l);
  return `@@ ${chain.map((l) => l.trim()).join(' › ')}\n${added}`;
}

/** What an edit tool wrote, bounded: the lines an Edit or a MultiEdit added (after the definition they went into), the head of a Write. */
export function editedText(input: Json): string | undefined {
  const one = (e: Json | undefined): string => {
    const next = str(e?.new_string) ?? '';
    const previous = str(e?.old_string);
    if (!next || !previous) return next;
    const added = addedLines(previous, next);
    return added && withinHeader(previous, next, added);
  };
  const multi = Array.isArray(input.edits)
    ? input.edits
        .map((e) => one(obj(e)))
        .filter(Boolean)
        .join('\n…\n')
    : undefined;
  const text = (str(input.new_string) !== undefined ? one(input) : undefined) || multi || str(input.content) || str(input.new_source);
  return text ? changeDigest(text, str(input.file_path) ?? str(input.notebook_path) ?? '') : undefined;
}

export function editedPaths(name: string, input: Json): string[] {
  const p = str(input.file_path) ?? str(input.notebook_path);
  return p ? [p] : name === 'MultiEdit' && str(input.path) ? [str(input.path)!] : [];
}

/**
 * Claude Code's own words around every compaction summary ("This session is being continued from
 * a previous conversation…", the transcript pointer, "Continue the conversation from where it left
 * off…", the note on the messages kept verbatim), a `<system-reminder>` and the model's
 * `<analysis>`: none of it is the summary, and none of it may count as having kept anything.
 */
export const WRAPPER = [
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
export const TEXT_BLOCK = /\{"type":"text","text":("(?:[^"\\]|\\.)*")/g;

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
