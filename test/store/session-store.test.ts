import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestPath, openRepo, SessionStore, SESSIONS_REF } from '../../src/store/index.js';
import { agentflowDir } from '../../src/store/state.js';
import { BIN, claudeAssistant, git, isolatedEnv, PROJECT, tempDir, tempRepo, writeJsonl } from '../helpers.js';
import { encodeProjectDir } from '../../src/transcript/index.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

function info(sessionId: string) {
  return { sessionId, subject: `session ${sessionId}: test`, trailers: { Branch: 'main', Level: 'NORMAL', Context: '12%' } };
}

describe('SessionStore', () => {
  it('stores each save as a commit whose parent is the previous snapshot, one tree entry per session', () => {
    const repo = tempRepo();
    const store = new SessionStore(openRepo(repo));
    const a = store.save('{"n":1}\n', info('sess-a'));
    const b = store.save('{"n":2}\n', info('sess-b'));
    const c = store.save('{"n":3}\n', info('sess-a'));
    expect(git(repo, ['rev-parse', `${c}^`])).toBe(b);
    expect(git(repo, ['rev-parse', `${b}^`])).toBe(a);
    expect(git(repo, ['show', `agentflow/sessions:${manifestPath('sess-a')}`])).toBe('{"n":3}');
    expect(git(repo, ['show', `agentflow/sessions:${manifestPath('sess-b')}`])).toBe('{"n":2}');
    expect(store.history().map((s) => s.sessionId)).toEqual(['sess-a', 'sess-b', 'sess-a']);
    expect(store.latest({ sessionId: 'sess-b' })?.commit).toBe(b);
  });

  it('never touches the working tree, the index or branches', () => {
    const repo = tempRepo();
    writeFileSync(join(repo, 'wip.txt'), 'uncommitted\n');
    git(repo, ['add', 'wip.txt']);
    const before = {
      status: git(repo, ['--no-optional-locks', 'status', '--porcelain']),
      refs: git(repo, ['for-each-ref', 'refs/heads']),
      index: statSync(join(repo, '.git', 'index')).mtimeMs,
    };
    new SessionStore(openRepo(repo)).save('{}\n', info('s'));
    expect(git(repo, ['--no-optional-locks', 'status', '--porcelain'])).toBe(before.status);
    expect(git(repo, ['for-each-ref', 'refs/heads'])).toBe(before.refs);
    expect(statSync(join(repo, '.git', 'index')).mtimeMs).toBe(before.index);
  });

  it('falls back to a git-session identity when none is configured', () => {
    const env = isolatedEnv();
    const repo = tempDir('gs-noid-');
    git(repo, ['init', '-q'], env);
    const r = spawnSync(process.execPath, [BIN, 'save', '-t', SAMPLE, '--json'], {
      cwd: repo,
      env: { ...env, GIT_AUTHOR_NAME: '', EMAIL: '' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(git(repo, ['log', '-1', '--format=%an <%ae>', SESSIONS_REF], env)).toBe('git-session <git-session@localhost>');
  });

  it('keeps all 32 snapshots of 32 concurrent saves, with git fsck clean', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const runs = Array.from(
      { length: 32 },
      (_, i) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'save', '-t', SAMPLE, '--allow-unchanged', '--reason', `race-${i}`], { cwd: repo, env, stdio: 'ignore' });
          child.on('exit', (code) => resolve(code ?? -1));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(32).fill(0));
    const reasons = git(repo, ['log', '--format=%(trailers:key=Reason,valueonly)', SESSIONS_REF], env).split('\n').filter(Boolean);
    expect(new Set(reasons).size).toBe(32);
    expect(spawnSync('git', ['fsck', '--no-progress', '--strict'], { cwd: repo, env }).status).toBe(0);
  }, 120_000);

  it('leaves the ref on its last valid commit when a save is killed between writing objects and moving the ref', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(spawnSync(process.execPath, [BIN, 'save', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const before = git(repo, ['rev-parse', SESSIONS_REF], env);
    for (let i = 0; i < 3; i++) {
      const marker = join(tempDir('gs-kill-'), 'in-window');
      const child = spawn(process.execPath, [BIN, 'save', '-t', SAMPLE, '--allow-unchanged'], {
        cwd: repo,
        env: { ...env, GIT_SESSION_TEST_PAUSE_BEFORE_REF: marker },
        stdio: 'ignore',
      });
      const exited = new Promise((r) => child.on('exit', r));
      // Wait until the save is inside the window: its commit object is written, the ref not yet moved.
      for (let t = 0; t < 200 && !existsSync(marker); t++) await new Promise((r) => setTimeout(r, 50));
      const orphan = readFileSync(marker, 'utf8').trim();
      expect(spawnSync('git', ['cat-file', '-e', `${orphan}^{commit}`], { cwd: repo, env }).status).toBe(0);
      child.kill('SIGKILL');
      await exited;
      // The ref did not move to the half-finished snapshot, and it still names a valid commit.
      expect(git(repo, ['rev-parse', SESSIONS_REF], env)).toBe(before);
      expect(spawnSync('git', ['cat-file', '-e', `${before}:sessions`], { cwd: repo, env }).status).toBe(0);
    }
    expect(spawnSync('git', ['fsck', '--no-progress', '--connectivity-only'], { cwd: repo, env }).status).toBe(0);
    // No lock file left behind, and a later save builds on the last valid snapshot.
    const locks = spawnSync('find', [join(repo, '.git'), '-name', '*.lock'], { encoding: 'utf8' }).stdout.trim();
    expect(locks).toBe('');
    expect(spawnSync(process.execPath, [BIN, 'save', '-t', SAMPLE, '--allow-unchanged'], { cwd: repo, env }).status).toBe(0);
    expect(git(repo, ['rev-parse', `${SESSIONS_REF}^`], env)).toBe(before);
  }, 60_000);
});

describe('notes on a work commit', () => {
  it('list every session saved at that commit, one block each, the newest state of each', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const store = new SessionStore(openRepo(repo));
    const head = git(repo, ['rev-parse', 'HEAD'], env);
    store.note(head, 'Session-Id: a\nLevel: NORMAL\nContext: 10%\n');
    store.note(head, 'git-session snapshot abc\nSession-Id: b\nLevel: CRITICAL\nContext: 85%\n');
    store.note(head, 'Session-Id: a\nLevel: ELEVATED\nContext: 65%\n');
    const note = git(repo, ['notes', '--ref=agentflow', 'show', head], env);
    expect(note.split('\n\n')).toEqual([
      'git-session snapshot abc\nSession-Id: b\nLevel: CRITICAL\nContext: 85%',
      'Session-Id: a\nLevel: ELEVATED\nContext: 65%',
    ]);
  });

  it('keep the note of every one of 12 commits made at once in 12 worktrees (git notes add checks no old value)', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const trees = Array.from({ length: 12 }, (_, i) => {
      const tree = join(tempDir(), `wt${i}`);
      git(repo, ['worktree', 'add', '-q', '-b', `b${i}`, tree], env);
      git(tree, ['commit', '-q', '--allow-empty', '-m', `work ${i}`], env);
      const dir = join(env.CLAUDE_CONFIG_DIR!, 'projects', encodeProjectDir(tree));
      mkdirSync(dir, { recursive: true });
      writeJsonl(join(dir, `wt-session-${i}.jsonl`), [claudeAssistant({ id: `m${i}`, tokens: 10_000, sessionId: `wt-session-${i}`, cwd: tree })]);
      return tree;
    });
    const runs = trees.map(
      (tree) =>
        new Promise<number>((resolve) =>
          spawn(process.execPath, [BIN, 'hook', 'post-commit'], { cwd: tree, env, stdio: 'ignore' }).on('exit', (code) => resolve(code ?? -1)),
        ),
    );
    expect(await Promise.all(runs)).toEqual(Array(12).fill(0));
    const noted = trees.map(
      (tree) => spawnSync('git', ['notes', '--ref=agentflow', 'show', 'HEAD'], { cwd: tree, env, encoding: 'utf8' }).stdout.match(/^Session-Id: (.+)$/m)?.[1],
    );
    expect(noted).toEqual(trees.map((_, i) => `wt-session-${i}`));
    expect(existsSync(join(agentflowDir(openRepo(repo)), 'notes.lock'))).toBe(false);
  }, 120_000);

  it('take over a notes lock left by a killed process', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const lock = join(agentflowDir(openRepo(repo)), 'notes.lock');
    mkdirSync(join(lock, '..'), { recursive: true });
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const head = git(repo, ['rev-parse', 'HEAD'], env);
    new SessionStore(openRepo(repo)).note(head, 'Session-Id: a\nLevel: NORMAL\nContext: 10%\n');
    expect(git(repo, ['notes', '--ref=agentflow', 'show', head], env)).toContain('Session-Id: a');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('a repository opened from a subdirectory', () => {
  it('keeps its bookkeeping in its own .git, not in a folder above it', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const sub = join(repo, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    expect(openRepo(sub).commonDir).toBe(join(repo, '.git'));
  });
});
