/**
 * A loopback mock of OpenAI's Responses API for the real Codex CLI: it logs every request body and
 * answers from a script with server-sent events, as the real API streams them (response.created,
 * output items added and done, text deltas, response.completed with usage). Tools the script asks
 * for (exec_command, update_plan, apply_patch) really run inside Codex.
 *
 * Codex is pointed at it with a custom provider in `$CODEX_HOME/config.toml` (see codex.ts):
 * `base_url = "<url>/v1"`, `wire_api = "responses"`; it POSTs `/v1/responses` with `stream: true`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token figures the mock reports for one response, as the API's `usage` block (OpenAI counts cached ⊆ input, reasoning ⊆ output). */
export interface Usage {
  input?: number;
  cached?: number;
  output?: number;
  reasoning?: number;
}

export interface ExecCall {
  /** The shell command line, run by Codex's unified exec (`bash -lc` style). */
  cmd: string;
  workdir?: string;
}

export interface PlanCall {
  plan: Array<{ step: string; status: 'pending' | 'in_progress' | 'completed' }>;
  explanation?: string;
}

/**
 * One scripted answer. Items go out in this order: reasoning, text, exec_command calls,
 * update_plan calls, apply_patch calls. A reply with any call makes Codex run it and ask again (the next step).
 */
export interface Reply {
  /** A reasoning summary, sent as a `reasoning` item before everything else. */
  reasoning?: string;
  text?: string;
  exec?: ExecCall[];
  plan?: PlanCall[];
  /** apply_patch inputs: whole `*** Begin Patch … *** End Patch` envelopes. */
  patches?: string[];
  usage?: Usage;
}

/** One item of a request's `input` (a message, a tool call, a tool output, reasoning, …). */
export type InputItem = { type: string; role?: string; content?: Array<{ type: string; text?: string }> | string; [k: string]: any };

export interface ResponsesRequest {
  model: string;
  /** Not sent by Codex 0.171: its base instructions are the first `developer` message of `input`. */
  instructions?: string;
  input: InputItem[];
  tools?: Array<{ type: string; name?: string; [k: string]: unknown }>;
  stream?: boolean;
  [k: string]: unknown;
}

export interface Captured {
  url: string;
  body: ResponsesRequest;
  /** Set when the request was answered as Codex's compaction (summary) call. */
  compaction: boolean;
  at: number;
}

/** The text of an input item's content, text parts joined. */
export function textOf(item: InputItem): string {
  if (typeof item.content === 'string') return item.content;
  return (item.content ?? []).map((c) => c.text ?? '').join('\n');
}

/** Everything the model receives in one request (instructions and input items), for asserting on. */
export function requestText(body: ResponsesRequest): string {
  return [body.instructions ?? '', ...body.input.map((i) => (i.type === 'message' ? textOf(i) : JSON.stringify(i)))].join('\n');
}

/** The first words of Codex's compaction prompt (codex-rs/core/templates/compact/prompt.md). */
export const COMPACTION_PROMPT_START = 'You are performing a CONTEXT CHECKPOINT COMPACTION.';

/**
 * Codex's compaction call: a request whose last input item is a user message holding the
 * compaction prompt ("You are performing a CONTEXT CHECKPOINT COMPACTION. Create a handoff summary
 * for another LLM that will resume the task. …"). Recognised by the prompt's own words. (Codex
 * also marks it in `client_metadata`: request_kind "compaction", and it offers no tools.)
 */
export function isCompaction(body: ResponsesRequest): boolean {
  const last = body.input.at(-1);
  return !!last && last.type === 'message' && last.role === 'user' && textOf(last).includes(COMPACTION_PROMPT_START);
}

/** What Codex says the request is for (`client_metadata["x-codex-turn-metadata"].request_kind`): "turn" or "compaction". */
export function requestKind(body: ResponsesRequest): string | undefined {
  const meta = (body.client_metadata as Record<string, string> | undefined)?.['x-codex-turn-metadata'];
  try {
    return meta ? (JSON.parse(meta) as { request_kind?: string }).request_kind : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first words of the user message that carries a compaction summary in the history after a
 * compaction (codex-rs/core/templates/compact/summary_prefix.md); the summary follows on the next line.
 */
export const SUMMARY_PREFIX = 'Another language model started to solve this problem and produced a summary of its thinking process.';

/**
 * Text Codex puts into user messages besides what the user typed: the environment context,
 * AGENTS.md, an interrupted turn's notice, and the compaction summary. (Hook context, skills and
 * permissions go into developer messages.)
 */
const INJECTED = new RegExp(
  `^\\s*(<environment_context>|<user_instructions>|<turn_aborted>|# AGENTS\\.md instructions|${SUMMARY_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`,
);

/** The compaction summary the request carries (after a compaction), without Codex's prefix. */
export function compactionSummary(body: ResponsesRequest): string | undefined {
  for (const item of body.input) {
    if (item.type !== 'message' || item.role !== 'user') continue;
    const t = textOf(item);
    if (t.startsWith(SUMMARY_PREFIX)) return t.slice(t.indexOf('\n') + 1);
  }
  return undefined;
}

/** The last human prompt of a request: a user message that is not an injection by Codex. */
export function lastPrompt(body: ResponsesRequest): { index: number; text: string } | undefined {
  for (let i = body.input.length - 1; i >= 0; i--) {
    const item = body.input[i]!;
    if (item.type !== 'message' || item.role !== 'user') continue;
    const texts = (typeof item.content === 'string' ? [{ type: 'input_text', text: item.content }] : (item.content ?? []))
      .filter((c) => c.type === 'input_text' && typeof c.text === 'string' && !INJECTED.test(c.text))
      .map((c) => c.text!);
    if (texts.length) return { index: i, text: texts.join('\n') };
  }
  return undefined;
}

/** Items the model produced (as opposed to user messages and tool outputs). */
const MODEL_ITEM = (i: InputItem) =>
  (i.type === 'message' && i.role === 'assistant') ||
  i.type === 'function_call' ||
  i.type === 'custom_tool_call' ||
  i.type === 'reasoning' ||
  i.type === 'local_shell_call';

/**
 * How many times the model has answered since the last human prompt: which step of a turn this
 * request asks for. One answer is a run of consecutive model items (text and its tool calls).
 * A compaction in the middle of a turn drops the model's items (Codex keeps only user messages and
 * the summary), so the count starts again at 0: check `compactionSummary` or `captured` to tell.
 */
export function stepOf(body: ResponsesRequest): number {
  const p = lastPrompt(body);
  if (!p) return 0;
  let steps = 0;
  let inRun = false;
  for (const item of body.input.slice(p.index + 1)) {
    const model = MODEL_ITEM(item);
    if (model && !inRun) steps++;
    inRun = model;
  }
  return steps;
}

/** The tool outputs the request carries after the model's last answer, with the call each answers. */
export function lastToolOutputs(body: ResponsesRequest): Array<{ callId: string; name?: string; output: string }> {
  const out: Array<{ callId: string; name?: string; output: string }> = [];
  for (let i = body.input.length - 1; i >= 0; i--) {
    const item = body.input[i]!;
    if (item.type !== 'function_call_output' && item.type !== 'custom_tool_call_output') break;
    const call = body.input.find((c) => (c.type === 'function_call' || c.type === 'custom_tool_call') && c.call_id === item.call_id);
    const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
    out.unshift({ callId: String(item.call_id), name: call?.name, output });
  }
  return out;
}

export type Script = (body: ResponsesRequest, captured: Captured[]) => Reply;

/**
 * The mock server. `script` answers every request that is not a compaction; `summary` answers the
 * compaction call (the text becomes the `compacted.message` in the rollout).
 */
export class MockResponses {
  readonly requests: Captured[] = [];
  /** Requests to anything but POST /v1/responses (answered 404): none are expected. */
  readonly unrouted: string[] = [];
  url = '';
  private server!: Server;
  private n = 0;
  script: Script;
  summary: (body: ResponsesRequest) => string;
  /** Usage reported when a reply does not say: a small context. */
  defaultUsage: Usage = { input: 12_000, cached: 10_000, output: 40, reasoning: 0 };

  constructor(opts: { script: Script; summary?: (body: ResponsesRequest) => string }) {
    this.script = opts.script;
    this.summary = opts.summary ?? (() => 'Goal: the user asked for work.\nProgress: some of it is done.\nNext: the rest.');
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => this.answer(req, res, raw));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // Never keeps a test process alive.
    this.server.unref();
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** The requests that went to the model as conversation turns (not compactions). */
  turns(): Captured[] {
    return this.requests.filter((r) => !r.compaction);
  }

  private answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = req.url ?? '';
    if (req.method !== 'POST' || !/\/responses\/?$/.test(url.split('?')[0]!)) {
      this.unrouted.push(`${req.method} ${url}`);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `mock: no route ${req.method} ${url}` } }));
      return;
    }
    let body: ResponsesRequest;
    try {
      body = JSON.parse(raw) as ResponsesRequest;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not JSON' } }));
      return;
    }
    const compaction = isCompaction(body);
    const captured: Captured = { url, body, compaction, at: Date.now() };
    this.requests.push(captured);
    let reply: Reply;
    try {
      reply = compaction ? { text: this.summary(body), usage: { input: 20_000, cached: 0, output: 900 } } : this.script(body, this.requests);
    } catch (err) {
      reply = { text: `mock script error: ${(err as Error).message}` };
    }
    this.stream(res, body.model, reply);
  }

  private stream(res: ServerResponse, model: string, reply: Reply): void {
    const n = ++this.n;
    const id = `resp_mock_${n}`;
    const u = { ...this.defaultUsage, ...reply.usage };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let seq = 0;
    const send = (type: string, data: Record<string, unknown>) =>
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
    send('response.created', { response: { id, object: 'response', status: 'in_progress', model, output: [] } });
    const items: Array<Record<string, unknown>> = [];
    if (reply.reasoning)
      items.push({ type: 'reasoning', id: `rs_${n}`, summary: [{ type: 'summary_text', text: reply.reasoning }], content: null, encrypted_content: null });
    if (reply.text)
      items.push({
        type: 'message',
        id: `msg_${n}`,
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: reply.text, annotations: [] }],
      });
    let k = 0;
    for (const e of reply.exec ?? [])
      items.push({
        type: 'function_call',
        id: `fc_${n}_${k}`,
        call_id: `call_${n}_${k++}`,
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: e.cmd, ...(e.workdir ? { workdir: e.workdir } : {}) }),
        status: 'completed',
      });
    for (const p of reply.plan ?? [])
      items.push({
        type: 'function_call',
        id: `fc_${n}_${k}`,
        call_id: `call_${n}_${k++}`,
        name: 'update_plan',
        arguments: JSON.stringify(p),
        status: 'completed',
      });
    for (const input of reply.patches ?? [])
      items.push({ type: 'custom_tool_call', id: `ctc_${n}_${k}`, call_id: `call_${n}_${k++}`, name: 'apply_patch', input, status: 'completed' });
    items.forEach((item, output_index) => {
      if (item.type === 'message') {
        send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
        send('response.output_text.delta', { output_index, content_index: 0, item_id: item.id, delta: reply.text });
      } else {
        send('response.output_item.added', { output_index, item });
      }
      send('response.output_item.done', { output_index, item });
    });
    const usage = {
      input_tokens: u.input ?? 0,
      input_tokens_details: { cached_tokens: u.cached ?? 0 },
      output_tokens: u.output ?? 0,
      output_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
      total_tokens: (u.input ?? 0) + (u.output ?? 0),
    };
    send('response.completed', { response: { id, object: 'response', status: 'completed', model, output: items, usage } });
    res.end();
  }
}
