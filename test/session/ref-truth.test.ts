import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { BIN, agentLogDir, claudeAssistant, cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

/** One turn of the session: the user's words and the agent's answer at `tokens`. */
const turn = (repo: string, n: number, words: string, tokens: number) => [
  { type: 'user', sessionId: 'ref-truth', cwd: repo, uuid: `u${n}`, timestamp: `2026-03-01T10:0${n}:00.000Z`, message: { role: 'user', content: words } },
  claudeAssistant({ id: `m${n}`, tokens, sessionId: 'ref-truth', cwd: repo }),
];

/** A repo with one snapshot saved in this clone, from a transcript where Claude Code keeps them. */
function savedOnce() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const transcript = writeJsonl(join(agentLogDir(env), 'ref-truth.jsonl'), turn(repo, 0, 'Port the parser to streams', 90_000));
  const saved = cli(['save', '--transcript', transcript, '--json'], { cwd: repo, env });
  expect(saved.status, saved.stderr).toBe(0);
  return { env, repo, transcript, snapshot: JSON.parse(saved.stdout).snapshot as string };
}

describe('the ref is the one truth about the newest snapshot; .git/agentflow only caches it', () => {
  it('after `git update-ref -d refs/agentflow/sessions`, resume, the SessionStart hook and the MCP resource say there is none', async () => {
    const { env, repo } = savedOnce();
    // Before: all three serve the snapshot (so the checks below can fail).
    expect(cli(['resume'], { cwd: repo, env }).status).toBe(0);
    const start = { session_id: 'a-new-session', cwd: repo, hook_event_name: 'SessionStart', source: 'startup' };
    expect(cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify(start) }).stdout).toContain('Port the parser to streams');

    git(repo, ['update-ref', '-d', 'refs/agentflow/sessions'], env);
    expect(cli(['log'], { cwd: repo, env }).stdout).not.toContain('ref-truth');
    const resume = cli(['resume'], { cwd: repo, env });
    expect(resume.status).toBe(3);
    expect(resume.stderr).toContain('No session snapshot');
    expect(cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify(start) }).stdout).toBe('');

    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo, env: env as Record<string, string>, stderr: 'pipe' }),
    );
    try {
      await expect(client.readResource({ uri: 'git-session://manifest/current' })).rejects.toThrow(/No session snapshot/);
      const r = (await client.callTool({ name: 'session_resume', arguments: {} })) as { isError?: boolean; content: Array<{ text: string }> };
      expect(r.isError).toBe(true);
      expect(r.content[0]!.text).toContain('No session snapshot');
    } finally {
      await client.close();
    }
  });

  it('a save after the ref was deleted stores a new snapshot instead of calling the deleted one unchanged', () => {
    const { env, repo, transcript, snapshot } = savedOnce();
    // The same state again: unchanged while the snapshot is on the ref.
    expect(JSON.parse(cli(['save', '--transcript', transcript, '--json'], { cwd: repo, env }).stdout)).toMatchObject({ snapshot, unchanged: true });
    git(repo, ['update-ref', '-d', 'refs/agentflow/sessions'], env);
    const again = JSON.parse(cli(['save', '--transcript', transcript, '--json'], { cwd: repo, env }).stdout);
    expect(again.unchanged).toBeFalsy();
    expect(again.snapshot).toBe(git(repo, ['rev-parse', 'refs/agentflow/sessions'], env));
  });

  it('a ref moved back to an earlier snapshot serves that one, not the later one state.json recorded', () => {
    const { env, repo, transcript, snapshot: first } = savedOnce();
    writeJsonl(transcript, [...turn(repo, 0, 'Port the parser to streams', 90_000), ...turn(repo, 5, 'Then document the stream API', 95_000)]);
    const second = JSON.parse(cli(['save', '--transcript', transcript, '--json'], { cwd: repo, env }).stdout).snapshot;
    expect(second).not.toBe(first);
    git(repo, ['update-ref', 'refs/agentflow/sessions', first], env);
    const r = JSON.parse(cli(['resume', '--json'], { cwd: repo, env }).stdout);
    expect(r.snapshot).toBe(first);
  });
});

describe('a history whose commit dates run backwards', () => {
  it('still counts a snapshot saved here as on the ref when later commits carry older dates (git rev-list --not would say it is off)', () => {
    const { env, repo, snapshot } = savedOnce();
    // Ten snapshots on top, each dated a day earlier than the one before (a wrong clock, a fetched history).
    let parent = snapshot;
    const tree = git(repo, ['rev-parse', `${snapshot}^{tree}`], env);
    for (let i = 1; i <= 10; i++) {
      const date = `${1_700_000_000 - i * 86_400} +0000`;
      parent = git(repo, ['commit-tree', tree, '-p', parent, '-m', `session other-${i}: x\n\nSession-Id: other-${i}`], {
        ...env,
        GIT_COMMITTER_DATE: date,
        GIT_AUTHOR_DATE: date,
      });
    }
    git(repo, ['update-ref', 'refs/agentflow/sessions', parent], env);
    const r = cli(['resume', '--json'], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).snapshot).toBe(snapshot);
    // The SessionStart hook serves only what this clone saved: it finds it on the ref.
    const start = { session_id: 'a-new-session', cwd: repo, hook_event_name: 'SessionStart', source: 'startup' };
    expect(cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify(start) }).stdout).toContain('Port the parser to streams');
  });
});
