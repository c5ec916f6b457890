// A history that holds what no save writes (here: 200 valid 60 KB manifests of made-up words, as
// a sync before the size check took them): every reader answers quickly, in a small heap.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { BIN, cli, git, isolatedEnv, tempRepo } from '../helpers.js';
import { seededRandom } from '../../bench/random.js';
import { SAMPLE, manifestTemplate } from './forge.js';

/** Writes `count` snapshots of valid manifests of about `bytes` bytes of distinct made-up words onto the local ref, in one `git fast-import`. */
function importHostileHistory(dir: string, env: NodeJS.ProcessEnv, count: number, bytes: number): string[] {
  const base = manifestTemplate(dir, env);
  const rand = seededRandom(27);
  const word = () => Array.from({ length: 6 + Math.floor(rand() * 5) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');
  // Words up to `n` characters: every item within the schema's 1,000, so every manifest is valid.
  const text = (n: number) => {
    let t = word();
    for (let w = word(); t.length + w.length < n; w = word()) t += ` ${w}`;
    return t;
  };
  const parent = git(dir, ['rev-parse', 'refs/agentflow/sessions'], env);
  const t0 = Math.floor(Date.now() / 1000) - count;
  const words: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = structuredClone(base);
    const id = `hostile-${i}`;
    m.session_metadata.session_id = id;
    m.session_metadata.timestamp = new Date((t0 + i) * 1000).toISOString();
    m.completed_tasks = Array.from({ length: Math.floor(bytes / 1000) }, () => text(990));
    words.push(m.completed_tasks[0].split(' ')[0]);
    const body = JSON.stringify(m);
    const msg = `session ${id}: x\n\nSession-Id: ${id}\n`;
    const shard = createHash('sha1').update(id).digest('hex').slice(0, 2);
    out.push(
      `blob\nmark :${2 * i + 1}\ndata ${Buffer.byteLength(body)}\n${body}\n`,
      `commit refs/agentflow/sessions\nmark :${2 * i + 2}\ncommitter M <m@example.com> ${t0 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}from ${i ? `:${2 * i}` : parent}\nM 100644 :${2 * i + 1} sessions/${shard}/${id}/manifest.json\n\n`,
    );
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: out.join(''), maxBuffer: 1 << 30 });
  expect(r.status, r.stderr?.toString()).toBe(0);
  return words;
}

describe('every reader of a history holding oversized manifests', () => {
  it('resume, the SessionStart hook, search and the MCP server answer in a 128 MB heap', { timeout: 120_000 }, async () => {
    const home = isolatedEnv();
    const dir = tempRepo(home);
    expect(cli(['save', '-t', SAMPLE], { cwd: dir, env: home }).status).toBe(0);
    const words = importHostileHistory(dir, home, 200, 60_000);
    // Before the readers were bounded, a first resume of this history needed over 400 MB.
    const env = { ...home, NODE_OPTIONS: '--max-old-space-size=128' };

    const resume = cli(['resume', '--json'], { cwd: dir, env });
    expect(resume.status, resume.stderr).toBe(0);
    expect(JSON.parse(resume.stdout)).toMatchObject({ local: true });
    const hook = cli(['hook', 'session-start'], {
      cwd: dir,
      env,
      input: JSON.stringify({ session_id: 'new-1', cwd: dir, hook_event_name: 'SessionStart', source: 'startup' }),
    });
    expect(hook.status).toBe(0);
    expect(JSON.parse(hook.stdout).hookSpecificOutput.additionalContext).toContain('Wire the limiter into ApiClient');
    const search = cli(['search', '--json', words[0]!], { cwd: dir, env });
    expect(search.status, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout)).toEqual([]);
    expect(JSON.parse(cli(['search', '--json', 'limiter ApiClient'], { cwd: dir, env }).stdout).length).toBeGreaterThan(0);

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      cwd: dir,
      env: env as Record<string, string>,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const found = (await client.callTool({ name: 'session_search', arguments: { query: words[1]! } })) as any;
      expect(found.structuredContent).toEqual({ hits: [] });
      const resumed = (await client.callTool({ name: 'session_resume', arguments: {} })) as any;
      expect(resumed._meta['git-session/resume']).toMatchObject({ local: true });
    } finally {
      await client.close();
    }
  });
});
