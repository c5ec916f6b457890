import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, PROJECT, claudeAssistant, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';
import { manifestPath } from '../../src/store/index.js';

const EXAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

describe('git session mcp, driven by the SDK client over stdio', () => {
  const env = isolatedEnv();
  const dir = tempRepo(env);
  // A transcript the server may read: one where Claude Code writes them.
  const SAMPLE = join(env.HOME!, '.claude', 'projects', 'sample', 'sample-session.jsonl');
  mkdirSync(dirname(SAMPLE), { recursive: true });
  copyFileSync(EXAMPLE, SAMPLE);
  const stderr: string[] = [];
  let transport: StdioClientTransport;
  let client: Client;

  beforeAll(async () => {
    transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: dir, env: env as Record<string, string>, stderr: 'pipe' });
    transport.stderr?.on('data', (d) => stderr.push(String(d)));
    client = new Client({ name: 'test', version: '1.0.0' });
    client.onerror = () => {};
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      structuredContent?: any;
      _meta?: Record<string, any>;
      content: Array<{ type: string; text: string }>;
    };

  it('lists its seven tools, each with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'session_log',
      'session_recall',
      'session_related',
      'session_resume',
      'session_save',
      'session_search',
      'session_status',
    ]);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      // session_resume answers in text only (its prompt must reach the model as plain text).
      if (t.name !== 'session_resume') expect(t.outputSchema?.type, t.name).toBe('object');
    }
    expect(tools.find((t) => t.name === 'session_save')!.inputSchema.required).toEqual(['reason']);
  });

  it('calls each tool and gets structured output', async () => {
    const status = await call('session_status', { transcript: SAMPLE });
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ agent: 'claude-code', level: expect.any(String) });

    const saved = await call('session_save', { reason: 'mcp-test', transcript: SAMPLE });
    expect(saved.isError, saved.content[0]?.text).toBeFalsy();
    const tip = git(dir, ['rev-parse', 'refs/agentflow/sessions'], env);
    expect(saved.structuredContent.snapshot).toBe(tip);
    expect(git(dir, ['log', '-1', '--format=%b', tip], env)).toContain('Reason: mcp-test');

    const log = await call('session_log', { max_count: 5 });
    expect(log.structuredContent.snapshots.map((s: any) => s.snapshot)).toEqual([tip]);

    const recalled = await call('session_recall', { question: 'what did the failing test report' });
    expect(recalled.isError, recalled.content[0]?.text).toBeFalsy();
    expect(recalled.structuredContent.hits[0]).toMatchObject({ kind: 'commands', snapshot: tip });
    // Both failing runs, the last one's error included.
    expect(recalled.structuredContent.hits.map((h: { text: string }) => h.text).join('\n')).toMatch(
      /npm test -- test\/client\.test\.ts.*failed.*Timeout of 5000ms exceeded/,
    );

    const resume = await call('session_resume', {});
    expect(resume._meta?.['git-session/resume']).toMatchObject({ snapshot: tip, local: true });
    expect(resume.content[0]!.text).toContain('You are resuming an earlier claude-code session');

    const manifest = JSON.parse(git(dir, ['cat-file', 'blob', `${tip}:${manifestPath(saved.structuredContent.session_id)}`], env));
    const phrase = manifest.completed_tasks[0] ?? manifest.pending_tasks[0].task;
    const search = await call('session_search', { query: phrase, max_count: 3 });
    expect(search.structuredContent.hits[0]).toMatchObject({ session_id: saved.structuredContent.session_id, snapshot: tip, exact: true });

    const related = await call('session_related', { paths: ['README.md'] });
    expect(related.structuredContent).toMatchObject({ files: ['README.md'], commits: 1 });

    const res = await client.readResource({ uri: 'git-session://manifest/current' });
    expect(JSON.parse((res.contents[0] as { text: string }).text).session_metadata.session_id).toBe(saved.structuredContent.session_id);
  });

  it('answers bad arguments and failures with tool errors that say what is wrong', async () => {
    const noQuery = await call('session_search', {});
    expect(noQuery.isError).toBe(true);
    expect(noQuery.content[0]!.text).toMatch(/query/);
    const badCount = await call('session_log', { max_count: 'lots' });
    expect(badCount.isError).toBe(true);
    expect(badCount.content[0]!.text).toMatch(/max_count/);
    const noSession = await call('session_resume', { session_id: 'no-such-session' });
    expect(noSession.isError).toBe(true);
    expect(noSession.content[0]!.text).toContain('No session snapshot for session no-such-session');
    const outside = await call('session_related', { paths: ['../../etc/passwd'] });
    expect(outside.isError).toBe(true);
    expect(outside.content[0]!.text).toContain('not inside the repository');
    // A transcript is read only from the repository or the agents' folders, and only when it is one.
    for (const transcript of ['/etc/passwd', EXAMPLE, join(env.HOME!, '.claude')]) {
      for (const tool of ['session_status', 'session_save']) {
        const refused = await call(tool, tool === 'session_save' ? { reason: 'x', transcript } : { transcript });
        expect(refused.isError, `${tool} ${transcript}`).toBe(true);
        expect(refused.content[0]!.text).toMatch(/is outside the repository|is not a regular file/);
      }
    }
    const badSince = await call('session_search', { query: 'x', since: '' });
    expect(badSince.isError).toBe(true);
    const unknown = await client
      .callTool({ name: 'no_such_tool', arguments: {} })
      .catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
    expect(unknown.isError).toBe(true);
  });

  it('redacts a secret in the reason of session_save before the snapshot commit holds it', async () => {
    // Where Claude Code writes transcripts: the server reads a named transcript only from there (or the repository).
    const transcript = writeJsonl(join(dirname(SAMPLE), 'reason.jsonl'), [
      {
        type: 'user',
        sessionId: 'mcp-reason',
        cwd: dir,
        uuid: 'u1',
        timestamp: '2026-03-01T10:00:00.000Z',
        message: { role: 'user', content: 'Rotate the database password' },
      },
      claudeAssistant({ id: 'm1', tokens: 50_000, sessionId: 'mcp-reason', cwd: dir }),
    ]);
    const pw = `Zq${'9xT4'.repeat(5)}`;
    const saved = await call('session_save', { reason: `before rotating DB_PASSWORD=${pw}`, transcript });
    expect(saved.isError, saved.content[0]?.text).toBeFalsy();
    expect(saved.structuredContent.session_id).toBe('mcp-reason');
    const body = git(dir, ['log', '-1', '--format=%B', saved.structuredContent.snapshot], env);
    expect(body).toContain('Reason: before rotating DB_PASSWORD=[REDACTED:secret-assignment]');
    expect(body).not.toContain(pw);
  });

  it('survives a malformed line and keeps answering', async () => {
    const child = (transport as unknown as { _process: { stdin: NodeJS.WritableStream } })._process;
    child.stdin.write('this is not json\n');
    child.stdin.write('{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"session_log","arguments":"nope"}}\n');
    child.stdin.write('{"jsonrpc": "2.0", "method": 42}\n');
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(7);
    expect((await call('session_log', {})).isError).toBeFalsy();
    expect(stderr.join('')).toContain('git-session mcp:');
  });
});
