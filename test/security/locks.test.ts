import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeAssistant, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

type Env = NodeJS.ProcessEnv;

function transcript(dir: string, sessionId: string, ask = 'migrate the store'): string {
  return writeJsonl(join(dir, `${sessionId}.jsonl`), [
    { type: 'user', sessionId, cwd: '/tmp/project', timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: ask } },
    claudeAssistant({ id: `m-${sessionId}`, tokens: 90_000, sessionId }),
  ]);
}

const snapshots = (repo: string, env: Env): string[] => git(repo, ['log', '--format=%H %s', 'refs/agentflow/sessions'], env).split('\n').filter(Boolean);

describe('SHA-256 repositories', () => {
  it('save, log, show, resume and notes work with 64-hex object ids', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env, 'sha256');
    const dir = tempDir();
    const first = cli(['save', '--json', '-t', transcript(dir, 'sha-a')], { cwd: repo, env });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(cli(['save', '-t', transcript(dir, 'sha-b', 'write the docs')], { cwd: repo, env }).status).toBe(0);
    expect(snapshots(repo, env)).toHaveLength(2);
    expect(git(repo, ['notes', '--ref=refs/notes/agentflow', 'show', 'HEAD'], env)).toMatch(/Session-Id: sha-a[\s\S]*Session-Id: sha-b/);
    const log = JSON.parse(cli(['log', '--json'], { cwd: repo, env }).stdout);
    expect(log.map((s: { snapshot: string; head: string }) => [s.snapshot.length, s.head.length])).toEqual([
      [64, 64],
      [64, 64],
    ]);
    const show = cli(['show', '-s', 'sha-a', '--json'], { cwd: repo, env });
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      snapshot: expect.stringMatching(/^[0-9a-f]{64}$/),
      manifest: { session_metadata: { session_id: 'sha-a' } },
    });
    const resume = cli(['resume', '--prompt'], { cwd: repo, env });
    expect(resume.status).toBe(0);
    expect(resume.stdout).toContain('write the docs');
  });

  it('sync between SHA-256 clones creates the notes ref on the side that had none', () => {
    const env = isolatedEnv();
    const remote = tempDir('gs-remote-');
    git(remote, ['init', '-q', '--bare', '--object-format=sha256'], env);
    const a = tempRepo(env, 'sha256');
    git(a, ['remote', 'add', 'origin', remote], env);
    git(a, ['push', '-q', 'origin', 'main'], env);
    expect(cli(['save', '-t', transcript(tempDir(), 'sync-a')], { cwd: a, env }).status).toBe(0);
    const pushed = cli(['sync'], { cwd: a, env });
    expect(pushed.stderr).toBe('');
    expect(pushed.status).toBe(0);
    const b = tempDir('gs-clone-');
    git(b, ['clone', '-q', '-b', 'main', remote, '.'], env);
    const pulled = cli(['sync', '--json'], { cwd: b, env });
    expect(pulled.status).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ sessions: 'created', notes: 'created' });
    expect(git(b, ['notes', '--ref=refs/notes/agentflow', 'show', 'HEAD'], env)).toContain('Session-Id: sync-a');
  });
});

/** How long a save takes on this machine now, in a repository of its own without a lock. */
function unlockedSaveMs(env: NodeJS.ProcessEnv): number {
  const repo = tempRepo(env);
  const started = Date.now();
  expect(cli(['save', '-t', transcript(tempDir(), 'unlocked')], { cwd: repo, env }).status).toBe(0);
  return Date.now() - started;
}

describe('a lock left by a killed git', () => {
  it('on refs/agentflow/sessions: fails about as fast as a save, naming the lock, keeps the manifest, stores it with the next save', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const dir = tempDir();
    const lock = join(repo, '.git', 'refs', 'agentflow', 'sessions.lock');
    mkdirSync(join(repo, '.git', 'refs', 'agentflow'), { recursive: true });
    writeFileSync(lock, '');

    const normal = unlockedSaveMs(env);
    const started = Date.now();
    const failed = cli(['save', '-t', transcript(dir, 'locked-one')], { cwd: repo, env });
    // No waiting on the lock: about as long as a save, not its retries' seconds.
    expect(Date.now() - started).toBeLessThan(normal + 2000);
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain(`rm '${lock}'`);
    expect(failed.stderr).not.toMatch(/kept winning/);
    const pending = join(repo, '.git', 'agentflow', 'pending');
    expect(readdirSync(pending)).toHaveLength(1);

    // Still locked: the second manifest waits beside the first.
    expect(cli(['save', '-t', transcript(dir, 'locked-two', 'second task')], { cwd: repo, env }).status).toBe(1);
    expect(readdirSync(pending)).toHaveLength(2);

    // The user removes it, as the message said; the next save stores all three, oldest first.
    rmSync(lock);
    const ok = cli(['save', '-t', transcript(dir, 'after-unlock', 'third task')], { cwd: repo, env });
    expect(ok.status).toBe(0);
    expect(snapshots(repo, env).map((l) => l.split(' ')[2])).toEqual(['after-un:', 'locked-t:', 'locked-o:']);
    expect(readdirSync(pending)).toHaveLength(0);
    for (const id of ['locked-one', 'locked-two', 'after-unlock']) expect(cli(['show', '-s', id], { cwd: repo, env }).status).toBe(0);
  });

  it('on the notes ref: the snapshot is stored and the save exits 0 with a warning naming the lock', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const lock = join(repo, '.git', 'refs', 'notes', 'agentflow.lock');
    mkdirSync(join(repo, '.git', 'refs', 'notes'), { recursive: true });
    writeFileSync(lock, '');
    const normal = unlockedSaveMs(env);
    const started = Date.now();
    const r = cli(['save', '-t', transcript(tempDir(), 'note-locked')], { cwd: repo, env });
    expect(Date.now() - started).toBeLessThan(normal + 2000);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^git-session: warning: snapshot [0-9a-f]{10} was stored, but not its note/);
    expect(r.stderr).toContain(lock);
    expect(snapshots(repo, env)).toHaveLength(1);
    expect(r.stdout).not.toContain('noted on');
  });
});
