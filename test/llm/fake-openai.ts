import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  body: any;
  headers: IncomingMessage['headers'];
}

/**
 * A real HTTP server on 127.0.0.1 speaking /v1/chat/completions. The requested model name picks
 * the behaviour, so a test chooses it with `git config agentflow.llm.model`.
 */
export class FakeOpenAI {
  readonly requests: Captured[] = [];
  private server!: Server;
  private failuresLeft = new Map<string, number>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => void this.answer(raw, req, res));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async answer(raw: string, req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    let body: any = {};
    try {
      body = JSON.parse(raw);
    } catch {
      /* recorded as is */
    }
    this.requests.push({ body, headers: req.headers });
    const model: string = body.model ?? '';
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const completion = (content: string | null, extra: Record<string, unknown> = {}) =>
      send(200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: extra.finish_reason ?? 'stop' }],
        usage: { prompt_tokens: 1234, completion_tokens: 210, total_tokens: 1444 },
      });

    const failOnce = (key: string, n: number): boolean => {
      const left = this.failuresLeft.get(key) ?? n;
      this.failuresLeft.set(key, left - 1);
      return left > 0;
    };
    if (model === 'slow') await new Promise((r) => setTimeout(r, 3000));
    // Never answers: the connection stays open until the client gives up or the server stops.
    if (model === 'hang') return;
    if (model === 'slow-stream') {
      // Headers at once, then the body a byte every 300 ms: a timeout on the first byte never fires.
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: '{}' }, finish_reason: 'stop' }] });
      let i = 0;
      const tick = setInterval(() => (i < body.length && !res.destroyed ? res.write(body[i++]!) : (clearInterval(tick), res.end())), 300);
      res.on('close', () => clearInterval(tick));
      return;
    }
    if (model === 'partial') return completion(JSON.stringify({ current_work: 'Making the Retry-After test deterministic' }));
    if (model === 'json-mode-only' && body.response_format?.type === 'json_schema') return send(400, { error: { message: 'json_schema is not supported' } });
    if (model === 'error500') return send(500, { error: { message: 'boom', type: 'server_error' } });
    if (model === 'ratelimit-once' && failOnce('rl', 1)) return send(429, { error: { message: 'slow down' } }, { 'retry-after-ms': '10' });
    if (model === 'no-structured-output' && body.response_format) return send(400, { error: { message: 'response_format is not supported' } });
    if (model === 'garbage') return completion('Sure! Here is what I think: the session was great.');
    if (model === 'oversize') return completion(`{"phase":"x","next_steps":["${'y'.repeat(40_000)}"]}`);
    if (model === 'refuse') return completion(null, { refusal: 'I cannot help with that.' });
    if (model === 'empty-object') return completion('{}');
    if (model === 'verbose') {
      // Long, valid text everywhere the model may write: it must not push a fact out of the budget.
      const long = (what: string) => `${what}: ${'the model explains this at length with many careful words '.repeat(6)}`.slice(0, 390);
      return completion(
        JSON.stringify({
          phase: 'verbose-phase',
          current_work: long('Current work'),
          key_decisions: Array.from({ length: 12 }, (_, i) => long(`Decision ${i}`)),
          important_findings: Array.from({ length: 12 }, (_, i) => long(`Finding ${i}`)),
          next_steps: Array.from({ length: 12 }, (_, i) => long(`Step ${i}`)),
        }),
      );
    }
    if (model === 'bad-schema') return completion('{"pending_tasks":[{"task":"x","priority":"URGENT"}]}');
    return completion(JSON.stringify(this.refinementFor(body)));
  }

  /** A plausible good answer built from the request's FACTS, with one invented task that must be ignored. */
  private refinementFor(body: any): unknown {
    const user: string = body.messages?.find((m: any) => m.role === 'user')?.content ?? '';
    const facts = JSON.parse(user.slice(user.indexOf('{'), user.indexOf('\n\nEXCERPT')));
    const tasks = [...facts.pending_tasks].reverse().map((t: any) => ({ task: t.task, priority: 'LOW', context: 'model says later' }));
    return {
      phase: 'model-phase',
      current_work: 'Making the retry test deterministic with fake timers',
      pending_tasks: [{ task: 'Deploy to production', priority: 'HIGH' }, ...tasks],
      key_decisions: ['Token bucket chosen over sliding window for bursts of 20'],
      blockers: [],
      next_steps: ['Switch the Retry-After test to vi.useFakeTimers()'],
      bootstrap_instructions: ['Open test/client.test.ts'],
    };
  }
}
