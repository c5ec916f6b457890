import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, claudeAssistant, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** An aider-style chat history: `#### ` lines are the user's asks, `> ` lines console output. */
function aiderLog(): string {
  const path = join(tempDir('gs-plain-'), '.aider.chat.history.md');
  writeFileSync(
    path,
    [
      '# aider chat started at 2026-05-04 17:02:36',
      '',
      '#### add a --dry-run flag to the export command',
      '',
      'I will add the flag to `src/export.py`.',
      '',
      '> Applied edit to src/export.py',
      '> Commit c339495 aider: add --dry-run',
      '',
      '#### now also document it in the README',
      '',
    ].join('\n'),
  );
  return path;
}

describe('a plain-text transcript through a whole save', () => {
  it('reads the asks of an aider log and saves a manifest for them', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['save', '--json', '-t', aiderLog()], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).manifest;
    expect(m.session_metadata.agent).toBe('plain');
    expect(m.pending_tasks[0].task).toBe('now also document it in the README');
    expect(cli(['resume', '--prompt'], { cwd: repo, env }).stdout).toContain('now also document it in the README');
  });
});

describe('show and log', () => {
  function twoSessions() {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['save', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    expect(cli(['save', '-t', aiderLog()], { cwd: repo, env }).status).toBe(0);
    return { env, repo };
  }

  it('show takes a snapshot id, a session id, the default newest, and says when nothing matches', () => {
    const { env, repo } = twoSessions();
    const log = JSON.parse(cli(['log', '--json'], { cwd: repo, env }).stdout);
    expect(log).toHaveLength(2);
    const bySnapshot = JSON.parse(cli(['show', log[1].snapshot.slice(0, 10), '--json'], { cwd: repo, env }).stdout);
    expect(bySnapshot.session_id).toBe(log[1].session_id);
    const bySession = JSON.parse(cli(['show', '--json', '-s', log[1].session_id], { cwd: repo, env }).stdout);
    expect(bySession.snapshot).toBe(log[1].snapshot);
    // Human output is the manifest pretty-printed (the stored form is compact).
    expect(cli(['show'], { cwd: repo, env }).stdout).toMatch(/^snapshot [0-9a-f]{40} · .*\n\{\n {2}"schema_version": 2,/);
    // A session id prefix names that session's newest snapshot.
    const byPrefix = JSON.parse(cli(['show', log[1].session_id.slice(0, 8), '--json'], { cwd: repo, env }).stdout);
    expect(byPrefix.snapshot).toBe(log[1].snapshot);
    expect(cli(['log', '-n', 'abc'], { cwd: repo, env }).status).toBe(2);
    expect(cli(['log', '-n', 'abc'], { cwd: repo, env }).stderr).toMatch(/-n 20/);
    const gone = cli(['save', '-t', '/nonexistent/transcript.jsonl'], { cwd: repo, env });
    expect(gone.status).toBe(3);
    expect(gone.stderr).toMatch(/no such file/);
    const missing = cli(['show', 'deadbeef00'], { cwd: repo, env });
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/git session log/);
  });

  it('a name that could mean a snapshot and another session means the snapshot, and says so', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    cli(['save', '-t', SAMPLE], { cwd: repo, env });
    const commit = git(repo, ['rev-parse', 'refs/agentflow/sessions'], env);
    const prefix = commit.slice(0, 6);
    const twin = writeJsonl(join(tempDir(), 'twin.jsonl'), [
      { type: 'user', sessionId: `${prefix}-twin`, message: { role: 'user', content: 'other work' } },
      claudeAssistant({ id: 'm-twin', tokens: 20_000, sessionId: `${prefix}-twin` }),
    ]);
    cli(['save', '-t', twin], { cwd: repo, env });
    const r = cli(['show', '--json', prefix], { cwd: repo, env });
    expect(JSON.parse(r.stdout).snapshot).toBe(commit);
    expect(r.stderr).toContain(`matches snapshot ${commit.slice(0, 12)}, shown here, and also session ${prefix}-twin`);
    // The whole session id is unambiguous.
    const exact = cli(['show', '--json', `${prefix}-twin`], { cwd: repo, env });
    expect(JSON.parse(exact.stdout).session_id).toBe(`${prefix}-twin`);
    expect(exact.stderr).toBe('');
  });

  it('log filters by session, limits with -n, and is empty-but-helpful in a repository without snapshots', () => {
    const { env, repo } = twoSessions();
    const all = JSON.parse(cli(['log', '--json'], { cwd: repo, env }).stdout);
    const one = JSON.parse(cli(['log', '--json', '-s', all[0].session_id], { cwd: repo, env }).stdout);
    expect(one.map((s: any) => s.session_id)).toEqual([all[0].session_id]);
    expect(JSON.parse(cli(['log', '--json', '-n', '1'], { cwd: repo, env }).stdout)).toHaveLength(1);
    const human = cli(['log'], { cwd: repo, env }).stdout.trim().split('\n');
    expect(human).toHaveLength(2);
    expect(human[0]).toMatch(/^[0-9a-f]{10} /);
    const fresh = isolatedEnv();
    expect(cli(['log'], { cwd: tempRepo(fresh), env: fresh }).stdout).toContain('No snapshots yet');
  });
});

describe('git session config --json', () => {
  it('gives numbers and booleans as JSON numbers and booleans, with where each came from', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    spawnSync('git', ['config', 'agentflow.threshold', '75%'], { cwd: repo, env });
    spawnSync('git', ['config', 'agentflow.llm.timeout', '5s'], { cwd: repo, env });
    const r = cli(['config', '--json'], { cwd: repo, env });
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).settings;
    expect(s.threshold).toEqual({ value: 0.75, source: 'git config' });
    expect(s['llm.enabled'].value).toBe(false);
    expect(s['llm.timeoutSeconds'].value).toBe(5);
    expect(s['llm.deadlineSeconds'].value).toBe(5);
    expect(s.contextLimit.value).toBeNull();
    expect(typeof s.intervalSeconds.value).toBe('number');
  });
});

describe('what is not a transcript', () => {
  it('refuses JSON lines of no known agent and binary data, saying what it found, and stores nothing', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const dir = tempDir('gs-junk-');
    const json = join(dir, 'events.jsonl');
    writeFileSync(json, '{"event":"click","x":1}\n{"event":"scroll","y":2}\n');
    const bin = join(dir, 'blob.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    for (const [file, says] of [
      [json, /JSON lines \(keys: event, x\) but not a Claude Code or Codex transcript/],
      [bin, /binary data/],
    ] as const) {
      const r = cli(['save', '-t', file], { cwd: repo, env });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(says);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status).not.toBe(0);
  });
});
