/**
 * A loopback mock of Anthropic's Messages API for the real Claude Code binary: it logs every
 * request body and answers from a script with server-sent events, as the real API streams them
 * (message_start with usage, content blocks with text and tool_use deltas, message_delta,
 * message_stop). Tools the script asks for really run inside Claude Code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Context figures the mock reports for one response, as the API's `usage` block. */
export interface Usage {
  input?: number;
  cacheRead?: number;
  cacheCreation?: number;
  output?: number;
}

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** One scripted answer: text, tool calls, or both. */
export interface Reply {
  text?: string;
  tools?: ToolCall[];
  usage?: Usage;
}

export interface MessagesRequest {
  model: string;
  messages: Array<{ role: string; content: string | Array<Record<string, any>> }>;
  system?: string | Array<{ type: string; text: string }>;
  tools?: Array<{ name: string }>;
  [k: string]: unknown;
}

export interface Captured {
  url: string;
  body: MessagesRequest;
  /** Set when the request was answered as Claude Code's compaction (summarization) call. */
  summarization: boolean;
  at: number;
}

/** The text of a message's content, text blocks joined. */
export function textOf(content: MessagesRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  return content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .join('\n');
}

/** Everything the model receives in one request (system prompt and messages), for asserting on. */
export function requestText(body: MessagesRequest): string {
  const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text).join('\n');
  return [system, ...body.messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))].join('\n');
}

/**
 * Claude Code's compaction call: its last user message asks for a summary of the conversation
 * ("Your task is to create a detailed summary of the conversation so far…"). Recognised by the
 * prompt's own words, as a user would see them in the request.
 */
export function isSummarization(body: MessagesRequest): boolean {
  const last = body.messages.at(-1);
  if (!last || last.role !== 'user') return false;
  return /create a detailed summary of the conversation|summary of the conversation so far|Your task is to create a detailed summary/i.test(
    textOf(last.content),
  );
}

/** The last human prompt of a request: a user message with text that is not only tool results or reminders. */
export function lastPrompt(body: MessagesRequest): { index: number; text: string } | undefined {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i]!;
    if (m.role !== 'user') continue;
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    const texts = blocks.filter((b) => b.type === 'text' && typeof b.text === 'string' && !/^\s*<system-reminder>/.test(b.text)).map((b) => b.text as string);
    if (texts.length) return { index: i, text: texts.join('\n') };
  }
  return undefined;
}

/** How many times the model has answered since the last human prompt: which step of a turn this request asks for. */
export function stepOf(body: MessagesRequest): number {
  const p = lastPrompt(body);
  if (!p) return 0;
  return body.messages.slice(p.index + 1).filter((m) => m.role === 'assistant').length;
}

/** The tool results the request carries after the last assistant message. */
export function lastToolResults(body: MessagesRequest): Array<{ content: string; isError: boolean }> {
  const last = body.messages.at(-1);
  if (!last || typeof last.content === 'string') return [];
  return last.content
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({ content: typeof b.content === 'string' ? b.content : JSON.stringify(b.content), isError: b.is_error === true }));
}

export type Script = (body: MessagesRequest, captured: Captured[]) => Reply;

/**
 * The mock server. `script` answers every request that is not a summarization; `summary` answers
 * the summarization call (the compaction's new summary).
 */
export class MockAnthropic {
  readonly requests: Captured[] = [];
  url = '';
  private server!: Server;
  private n = 0;
  script: Script;
  summary: (body: MessagesRequest) => string;
  /** Usage reported when a reply does not say: a small context. */
  defaultUsage: Usage = { input: 3, cacheRead: 12_000, cacheCreation: 2_000, output: 40 };

  constructor(opts: { script: Script; summary?: (body: MessagesRequest) => string }) {
    this.script = opts.script;
    this.summary = opts.summary ?? (() => '<summary>\n1. Primary Request and Intent:\n   The user asked for work.\n</summary>');
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

  /** The requests that went to the model as conversation turns (not summarizations). */
  turns(): Captured[] {
    return this.requests.filter((r) => !r.summarization);
  }

  private answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = req.url ?? '';
    let body: MessagesRequest;
    try {
      body = JSON.parse(raw) as MessagesRequest;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'not JSON' } }));
      return;
    }
    if (url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: Math.ceil(raw.length / 4) }));
      return;
    }
    if (!url.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    const summarization = isSummarization(body);
    const captured: Captured = { url, body, summarization, at: Date.now() };
    this.requests.push(captured);
    let reply: Reply;
    try {
      reply = summarization ? { text: this.summary(body), usage: { input: 3, cacheRead: 20_000, output: 900 } } : this.script(body, this.requests);
    } catch (err) {
      reply = { text: `mock script error: ${(err as Error).message}` };
    }
    this.stream(res, body.model, reply);
  }

  private stream(res: ServerResponse, model: string, reply: Reply): void {
    const id = `msg_mock_${++this.n}`;
    const u = { ...this.defaultUsage, ...reply.usage };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: u.input ?? 0, cache_creation_input_tokens: u.cacheCreation ?? 0, cache_read_input_tokens: u.cacheRead ?? 0, output_tokens: 1 },
      },
    });
    let index = 0;
    if (reply.text) {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: reply.text } });
      send('content_block_stop', { index });
      index++;
    }
    for (const tool of reply.tools ?? []) {
      const toolId = `toolu_mock_${this.n}_${index}`;
      send('content_block_start', { index, content_block: { type: 'tool_use', id: toolId, name: tool.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(tool.input) } });
      send('content_block_stop', { index });
      index++;
    }
    send('message_delta', {
      delta: { stop_reason: reply.tools?.length ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: u.output ?? 10 },
    });
    send('message_stop', {});
    res.end();
  }
}
