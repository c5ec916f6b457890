/**
 * One naming for every machine-readable output: snake_case keys (session_id, never sessionId) and
 * dates in ISO 8601 UTC with Z, whatever the user's time zone, on the CLI's --json and over MCP.
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { BIN, agentLogDir, claudeAssistant, cli, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

/** Every camelCase key and every date not in UTC, outside the stored manifest (its own schema). */
function offenders(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => offenders(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'manifest' ? [] : [...(/[a-z][A-Z]/.test(k) ? [`${path}.${k}`] : []), ...offenders(v, `${path}.${k}`)],
    );
  }
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) && !/Z$/.test(value) ? [`${path}=${value}`] : [];
}

describe('--json and MCP outputs name things one way', () => {
  it('no camelCase keys and only UTC dates, in a time zone east of UTC, with related work from an earlier session', async () => {
    const env = { ...isolatedEnv(), TZ: 'Europe/Berlin' };
    const repo = tempRepo(env);
    const logs = agentLogDir(env);
    const transcripts: string[] = [];
    for (const id of ['naming-one', 'naming-two']) {
      const t = writeJsonl(join(logs, `${id}.jsonl`), [
        {
          type: 'user',
          sessionId: id,
          cwd: repo,
          uuid: 'u1',
          timestamp: '2026-03-01T10:00:00.000Z',
          message: { role: 'user', content: 'Port the configuration parser to streaming input' },
        },
        claudeAssistant({
          id: `m-${id}`,
          tokens: 60_000,
          sessionId: id,
          cwd: repo,
          content: [
            {
              type: 'tool_use',
              id: `t-${id}`,
              name: 'TodoWrite',
              input: { todos: [{ content: 'Port the configuration parser to streaming input', status: 'pending', activeForm: 'Porting the parser' }] },
            },
          ],
        }),
      ]);
      transcripts.push(t);
      expect(cli(['save', '--transcript', t], { cwd: repo, env }).status).toBe(0);
    }
    cli(['install', '--mcp'], { cwd: repo, env });
    const outputs: Record<string, unknown> = {};
    for (const args of [
      ['log'],
      ['log', '--chain'],
      ['show'],
      ['resume'],
      ['search', 'parser'],
      ['status', '--transcript', transcripts[1]!],
      ['save', '--transcript', transcripts[1]!, '--dry-run'],
      ['related', 'README.md'],
      ['recall', 'parser'],
      ['doctor'],
    ]) {
      const r = cli([...args, '--json'], { cwd: repo, env });
      outputs[args.join(' ')] = JSON.parse(r.stdout);
    }
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo, env: env as Record<string, string>, stderr: 'pipe' }),
    );
    try {
      for (const [name, args] of [
        ['session_log', {}],
        ['session_search', { query: 'parser' }],
        ['session_status', { transcript: transcripts[1] }],
        ['session_related', { paths: ['README.md'] }],
        ['session_recall', { question: 'parser' }],
      ] as const) {
        outputs[name] = (await client.callTool({ name, arguments: args })).structuredContent;
      }
      outputs.session_resume = (await client.callTool({ name: 'session_resume', arguments: {} }))._meta;
    } finally {
      await client.close();
    }
    // The checks can fail: dates and related work are there to be checked.
    expect(JSON.stringify(outputs.log)).toMatch(/"date": ?"\d{4}-/);
    expect((outputs.resume as { related_work: unknown[] }).related_work.length).toBeGreaterThan(0);
    expect((outputs.doctor as { install: object }).install).toHaveProperty('mcp');
    expect(Object.entries(outputs).flatMap(([name, v]) => offenders(v, name))).toEqual([]);
  });
});
