// The MCP server fed raw lines, as a broken or hostile client would send them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { BIN, isolatedEnv, tempRepo } from '../helpers.js';

function server() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const replies: Array<Record<string, any>> = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    replies.push(JSON.parse(l));
    waiters.splice(0).forEach((w) => w());
  });
  /** The next reply; a server that stopped answering fails the test in 10 s, not at the test's timeout. */
  const next = async (): Promise<Record<string, any>> => {
    const deadline = Date.now() + 10_000;
    while (!replies.length) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no reply (server exit code ${child.exitCode})`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return replies.shift()!;
  };
  const send = (line: string | Buffer) => child.stdin.write(line);
  return { child, next, send };
}

const request = (id: number, method: string, params: object = {}) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;

describe('git session mcp: every line gets an answer, and the server keeps serving', () => {
  it('answers an oversized message, junk and non-JSON-RPC JSON with JSON-RPC errors, then a real call', async () => {
    const { child, next, send } = server();
    send(request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } }));
    expect((await next()).result.serverInfo.name).toBe('git-session');
    send(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);

    // 12 MiB in one message, written in pieces as a pipe delivers it.
    const big = Buffer.from(
      `{"jsonrpc":"2.0","id":77,"method":"tools/call","params":{"name":"session_search","arguments":{"query":"${'a'.repeat(12 * 1024 * 1024)}"}}}\n`,
    );
    for (let i = 0; i < big.length; i += 1 << 20) send(big.subarray(i, i + (1 << 20)));
    expect(await next()).toMatchObject({ id: 77, error: { code: -32600, message: expect.stringMatching(/longer than \d+ bytes/) } });

    send('this is not json\n');
    expect(await next()).toMatchObject({ id: null, error: { code: -32700 } });
    send('{"jsonrpc":"2.0","id":9,"method":42}\n');
    expect(await next()).toMatchObject({ id: 9, error: { code: -32600 } });
    send(request(10, 'no/such/method'));
    expect(await next()).toMatchObject({ id: 10, error: { code: -32601 } });

    send(request(11, 'tools/list'));
    const list = await next();
    expect(list.id).toBe(11);
    expect(list.result.tools.map((t: { name: string }) => t.name)).toContain('session_status');
    expect(child.exitCode).toBeNull();
    child.stdin.end();
    await new Promise((r) => child.on('exit', r));
    expect(child.exitCode).toBe(0);
  }, 60_000);

  it('ignores blank lines silently: no error reply, nothing on stderr, the next request answered', async () => {
    const { child, next, send } = server();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    send(request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } }));
    expect((await next()).result.serverInfo.name).toBe('git-session');
    send('\n');
    send('\r\n');
    send('   \t \n\n');
    send(request(2, 'tools/list'));
    // The first reply after the blank lines is the answer to the request: none of them got one.
    expect(await next()).toMatchObject({ id: 2, result: { tools: expect.any(Array) } });
    // A junk line in the same stream is answered and logged, so silence above is not deafness.
    send('junk\n');
    expect(await next()).toMatchObject({ id: null, error: { code: -32700 } });
    if (!stderr.includes('Parse error')) await new Promise<void>((r) => child.stderr.on('data', () => stderr.includes('Parse error') && r()));
    expect(stderr.match(/git-session mcp:/g)).toHaveLength(1);
    child.stdin.end();
    await new Promise((r) => child.on('exit', r));
  });
});
