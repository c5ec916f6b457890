/** `since` dates: what git would silently read as "now" is refused, with why, in the caller's terms. */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { sinceProblem } from '../../src/search/index.js';
import { BIN, agentLogDir, claudeAssistant, cli, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

describe('since', () => {
  it('accepts the dates git reads, refuses the ones git would take for now', () => {
    for (const ok of [
      '2024-05-01',
      '2024-02-29',
      '2 weeks ago',
      '1 year ago',
      '3.days.ago',
      'yesterday',
      'last tuesday',
      '2024-05-01 13:45',
      '2024-05-01T13:45:00Z',
      'May 3 2024',
      'now',
    ]) {
      expect(sinceProblem(ok), ok).toBeUndefined();
    }
    expect(sinceProblem('garbage')).toBe('"garbage" is not a date word');
    expect(sinceProblem('2026-13-45')).toBe('2026-13-45 has no month 13');
    expect(sinceProblem('2026-02-30')).toMatch(/has no day 30 \(2026-02 has 28 days\)/);
    expect(sinceProblem('2 fortnights ago')).toMatch(/"fortnights" is not a date word/);
    expect(sinceProblem('ago')).toBe('it names no date');
    expect(sinceProblem('2024-05-01 25:00')).toBe('25:00 is not a time of day');
    expect(sinceProblem('  ')).toBe('it is empty');
  });

  it('search --since and MCP session_search refuse "garbage" and "2026-13-45", naming the argument as each caller knows it', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const transcript = writeJsonl(join(agentLogDir(env), 'since.jsonl'), [
      {
        type: 'user',
        sessionId: 'since-1',
        cwd: repo,
        uuid: 'u1',
        timestamp: '2026-03-01T10:00:00.000Z',
        message: { role: 'user', content: 'Port the parser to streams' },
      },
      claudeAssistant({ id: 'm1', tokens: 60_000, sessionId: 'since-1', cwd: repo }),
    ]);
    expect(cli(['save', '--transcript', transcript], { cwd: repo, env }).status).toBe(0);
    expect(JSON.parse(cli(['search', '--json', '--since', '1 year ago', 'parser'], { cwd: repo, env }).stdout).length).toBeGreaterThan(0);
    for (const bad of ['garbage', '2026-13-45']) {
      const r = cli(['search', '--json', '--since', bad, 'parser'], { cwd: repo, env });
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`--since ${JSON.stringify(bad)} is not a date (`);
      expect(r.stdout).toBe('');
    }
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo, env: env as Record<string, string>, stderr: 'pipe' }),
    );
    try {
      const good = (await client.callTool({ name: 'session_search', arguments: { query: 'parser', since: '1 year ago' } })) as unknown as {
        structuredContent: { hits: unknown[] };
      };
      expect(good.structuredContent.hits.length).toBeGreaterThan(0);
      for (const bad of ['garbage', '2026-13-45']) {
        const r = (await client.callTool({ name: 'session_search', arguments: { query: 'parser', since: bad } })) as unknown as {
          isError?: boolean;
          content: Array<{ text: string }>;
        };
        expect(r.isError, bad).toBe(true);
        expect(r.content[0]!.text).toMatch(new RegExp(`^since ${JSON.stringify(bad)} is not a date \\(`));
      }
    } finally {
      await client.close();
    }
  });
});
