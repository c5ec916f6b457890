/**
 * What an MCP client receives for the arguments a model really sends: the SDK's own client over
 * stdio, against two saved sessions whose ids share their first character.
 */
import { copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, agentLogDir, claudeAssistant, cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

interface ToolResult {
  isError?: boolean;
  structuredContent?: any;
  _meta?: Record<string, any>;
  content: Array<{ type: string; text: string }>;
}

const OLDER = 'a1older-5b1e-4c2a-9a0f-000000000001';
const NEWER = 'a2newer-5b1e-4c2a-9a0f-000000000002';

describe('MCP tool inputs, as a client sends them', () => {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const logs = agentLogDir(env);
  const transcriptOf = (sessionId: string, ask: string) =>
    writeJsonl(join(logs, `${sessionId}.jsonl`), [
      { type: 'user', sessionId, cwd: repo, uuid: 'u1', timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content: ask } },
      claudeAssistant({ id: `m-${sessionId}`, tokens: 60_000, sessionId, cwd: repo }),
    ]);
  const snapshots: Record<string, string> = {};
  let client: Client;

  beforeAll(async () => {
    for (const [id, ask] of [
      [OLDER, 'Port the parser to streams'],
      [NEWER, 'Write the release notes'],
    ] as const) {
      const saved = cli(['save', '--transcript', transcriptOf(id, ask), '--json'], { cwd: repo, env });
      expect(saved.status, saved.stderr).toBe(0);
      snapshots[id] = JSON.parse(saved.stdout).snapshot;
    }
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo, env: env as Record<string, string>, stderr: 'pipe' }),
    );
  });
  afterAll(async () => {
    await client?.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolResult;

  it('session_resume {"session_id": <older>} resumes the older session, not the newest', async () => {
    const newest = await call('session_resume', {});
    expect(newest._meta?.['git-session/resume'].session_id).toBe(NEWER);
    for (const args of [{ session_id: OLDER }, { session: OLDER }, { session_id: OLDER.slice(0, 6) }]) {
      const r = await call('session_resume', args);
      expect(r.isError, r.content[0]?.text).toBeFalsy();
      expect(r._meta?.['git-session/resume']).toMatchObject({ session_id: OLDER, snapshot: snapshots[OLDER] });
      expect(r.content[0]!.text).toContain('Port the parser to streams');
    }
  });

  it('session_log, session_search and session_recall take session_id too', async () => {
    const log = await call('session_log', { session_id: OLDER });
    expect(log.structuredContent.snapshots.map((s: { session_id: string }) => s.session_id)).toEqual([OLDER]);
    const search = await call('session_search', { query: 'release notes', session_id: OLDER });
    expect(search.isError, search.content[0]?.text).toBeFalsy();
    expect(search.structuredContent.hits).toEqual([]);
    const found = await call('session_search', { query: 'release notes', session_id: NEWER });
    expect(found.structuredContent.hits[0]).toMatchObject({ session_id: NEWER });
    const recall = await call('session_recall', { question: 'what did the user ask', session_id: OLDER });
    expect(recall.isError, recall.content[0]?.text).toBeFalsy();
    expect(recall.structuredContent.sessions).toEqual([OLDER]);
  });

  it('an unknown argument is an error naming the ones the tool accepts, on every tool', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['session_resume', { sessionId: OLDER }],
      ['session_log', { sessionId: OLDER }],
      ['session_search', { query: 'x', sessionId: OLDER }],
      ['session_recall', { question: 'x', sessionId: OLDER }],
      ['session_status', { transcript_path: 'x' }],
      ['session_save', { reason: 'x', sessionId: OLDER }],
      ['session_related', { paths: ['README.md'], path: 'README.md' }],
    ];
    const { tools } = await client.listTools();
    for (const [name, args] of calls) {
      const r = await call(name, args);
      expect(r.isError, name).toBe(true);
      const text = r.content[0]!.text;
      expect(text, name).toContain(`unknown argument "${Object.keys(args).at(-1)}"`);
      const accepted = Object.keys(tools.find((t) => t.name === name)!.inputSchema.properties ?? {});
      expect(text, name).toContain(`${name} accepts: ${accepted.join(', ')}`);
    }
    // Nothing was saved by the refused save.
    expect(git(repo, ['rev-list', '--count', 'refs/agentflow/sessions'], env)).toBe('2');
  });

  it('a prefix both sessions share is refused with both listed, by session_resume and session_recall', async () => {
    for (const [name, args] of [
      ['session_resume', { session_id: 'a' }],
      ['session_recall', { question: 'what did the user ask', session_id: 'a' }],
    ] as const) {
      const r = await call(name, args);
      expect(r.isError, name).toBe(true);
      expect(r.content[0]!.text).toMatch(/"a" is ambiguous: 2 sessions start with it/);
      expect(r.content[0]!.text).toContain(OLDER);
      expect(r.content[0]!.text).toContain(NEWER);
    }
  });

  it('session_resume gives the prompt as plain text: no structuredContent, which Claude Code would hand the model as one escaped JSON string', async () => {
    const r = await call('session_resume', { session_id: OLDER });
    expect(r.structuredContent).toBeUndefined();
    expect(r.content).toHaveLength(1);
    const text = r.content[0]!.text;
    expect(text).toMatch(/^You are resuming an earlier claude-code session/);
    // Real line breaks, not JSON escapes, and no JSON wrapping.
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(text).not.toContain('\\n');
    expect(() => JSON.parse(text)).toThrow();
    // What Claude Code hands the model: JSON.stringify(structuredContent) when there is one, else the text blocks.
    const seenByModel = r.structuredContent === undefined ? r.content.map((c) => c.text).join('\n') : JSON.stringify(r.structuredContent);
    expect(seenByModel).toContain('Port the parser to streams\n');
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'session_resume')!.outputSchema).toBeUndefined();
  });

  it('session_save refuses a file that is not an agent transcript, even inside the repository', async () => {
    copyFileSync('/etc/passwd', join(repo, 'passwd'));
    symlinkSync('/etc/passwd', join(repo, 'passwd-link'));
    const before = git(repo, ['rev-parse', 'refs/agentflow/sessions'], env);
    for (const transcript of ['/etc/passwd', 'passwd', join(repo, 'passwd'), 'passwd-link']) {
      const r = await call('session_save', { reason: 'x', transcript });
      expect(r.isError, transcript).toBe(true);
      expect(r.content[0]!.text).toMatch(/is not a Claude Code or Codex transcript|is outside the repository/);
    }
    expect(git(repo, ['rev-parse', 'refs/agentflow/sessions'], env)).toBe(before);
    expect((await call('session_log', { session_id: 'passwd' })).structuredContent.snapshots).toEqual([]);
  });

  it('session_save and session_status say which config values are broken, as the CLI does', async () => {
    git(repo, ['config', 'agentflow.threshold', 'lots'], env);
    try {
      const cliSave = cli(['save', '--transcript', transcriptOf(OLDER, 'Port the parser to streams'), '--dry-run'], { cwd: repo, env });
      expect(cliSave.stderr).toContain('agentflow.threshold');
      const saved = await call('session_save', { reason: 'config', transcript: join(logs, `${OLDER}.jsonl`) });
      expect(saved.isError, saved.content[0]?.text).toBeFalsy();
      expect(saved.structuredContent.warnings.join('\n')).toMatch(/agentflow\.threshold=.*Using the default/);
      const status = await call('session_status', { transcript: join(logs, `${OLDER}.jsonl`) });
      expect(status.structuredContent.warnings.join('\n')).toMatch(/agentflow\.threshold=.*Using the default/);
    } finally {
      git(repo, ['config', '--unset', 'agentflow.threshold'], env);
    }
    const clean = await call('session_status', { transcript: join(logs, `${OLDER}.jsonl`) });
    expect(clean.structuredContent.warnings).toEqual([]);
  });

  it('escape bytes in a reason are never stored raw: not in the commit, not in session_log', async () => {
    const transcript = transcriptOf('c3reason-5b1e-4c2a-9a0f-000000000003', 'Rotate the logs');
    const saved = await call('session_save', { reason: 'before \u001b[31mred\u001b[0m refactor\u0007', transcript });
    expect(saved.isError, saved.content[0]?.text).toBeFalsy();
    const message = git(repo, ['log', '-1', '--format=%B', saved.structuredContent.snapshot], env);
    expect(message).toContain('Reason: before red refactor');
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const logged = (await call('session_log', { session_id: 'c3reason', max_count: 1 })).structuredContent.snapshots[0];
    expect(logged.reason).toBe('before red refactor');
  });

  it("errors name the tool's arguments, not the CLI's flags, and echo a 1 MB argument only in part", async () => {
    const bare = tempRepo(env);
    const other = new Client({ name: 'test', version: '1.0.0' });
    await other.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: bare, env: env as Record<string, string>, stderr: 'pipe' }),
    );
    try {
      for (const [name, args] of [
        ['session_status', {}],
        ['session_save', { reason: 'x' }],
      ] as const) {
        const r = (await other.callTool({ name, arguments: args })) as ToolResult;
        expect(r.isError, name).toBe(true);
        expect(r.content[0]!.text).toContain('No agent transcript found');
        expect(r.content[0]!.text).toContain('name one with the `transcript` argument');
        expect(r.content[0]!.text).not.toContain('--transcript');
      }
    } finally {
      await other.close();
    }
    const big = `${logs}/${'x'.repeat(1_000_000)}.jsonl`;
    for (const [name, args] of [
      ['session_status', { transcript: big }],
      ['session_save', { reason: 'x', transcript: big }],
      ['session_status', { [big]: 1 }],
    ] as const) {
      const r = await call(name, args);
      expect(r.isError, name).toBe(true);
      expect(JSON.stringify(r).length, name).toBeLessThan(2000);
      expect(r.content[0]!.text).toMatch(/… \(1000\d{3} characters\)/);
    }
  });

  it('session_search refuses a since that is no date instead of answering with no hits', async () => {
    expect((await call('session_search', { query: 'release notes', since: '1 year ago' })).structuredContent.hits.length).toBeGreaterThan(0);
    for (const since of ['garbage', '2026-13-45']) {
      const r = await call('session_search', { query: 'release notes', since });
      expect(r.isError, since).toBe(true);
      expect(r.content[0]!.text).toContain(`since ${JSON.stringify(since)} is not a date`);
      expect(r.content[0]!.text).not.toContain('--since');
    }
  });

  it('session_id and session naming different sessions is an error, not a guess', async () => {
    const r = await call('session_resume', { session_id: OLDER, session: NEWER });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toContain('name different sessions');
  });
});
