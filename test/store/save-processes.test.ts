import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headState, openRepo, SESSIONS_REF } from '../../src/store/index.js';
import { takeRefAtOpen } from '../../src/store/git.js';
import { PROJECT, cli, git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** The git subcommands a CLI command starts, in order, from GIT_TRACE. */
function gitProcesses(dir: string, env: NodeJS.ProcessEnv, args: string[]): string[] {
  const trace = join(tempDir(), 'trace.log');
  const r = cli(args, { cwd: dir, env: { ...env, GIT_TRACE: trace } });
  expect(r.status, r.stderr).toBe(0);
  return [...readFileSync(trace, 'utf8').matchAll(/trace: built-in: git (\S+)/g)].map((m) => m[1]!);
}

describe('a save stores its snapshot in few git processes', () => {
  it('reads HEAD and the snapshot ref in one process, and runs nothing twice', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
    const log = join(tempDir(), 'session.jsonl');
    // A session that saved before, then had a turn appended: the Stop hook's save.
    writeFileSync(log, `${lines.slice(0, -4).join('\n')}\n`);
    expect(cli(['save', '--no-llm', '-t', log], { cwd: dir, env }).status).toBe(0);
    writeFileSync(log, `${lines.join('\n')}\n`);
    // `git config --list` is left out: the config cache serves it only once the config files are 2 s old (config-cache.ts).
    const run = gitProcesses(dir, env, ['save', '--no-llm', '-t', log]).filter((c) => c !== 'config');
    // rev-parse: the repository, HEAD, its branch and the snapshot ref's tip (openRepo's readRef);
    // status runs alongside the reading of the log; then the parent's two trees, the notes ref
    // and the work commit's note in one read; every object is written in process, and both refs
    // move in one compare-and-swap transaction.
    expect(run).toEqual(['rev-parse', 'status', 'cat-file', 'update-ref']);
    expect(git(dir, ['fsck', '--strict', '--no-dangling'], env)).toBe('');
  });

  it('leaves the blobs and trees to git where it would not write plain loose objects (SHA-256, a shared repository)', () => {
    const env = isolatedEnv();
    const shared = tempRepo(env);
    git(shared, ['config', 'core.sharedRepository', 'group'], env);
    for (const dir of [tempRepo(env, 'sha256'), shared]) {
      const run = gitProcesses(dir, env, ['save', '--no-llm', '-t', SAMPLE]).filter((c) => c !== 'config');
      expect(run).toEqual(expect.arrayContaining(['hash-object', 'mktree', 'commit-tree']));
      expect(git(dir, ['fsck', '--strict', '--no-dangling'], env)).toBe('');
    }
  });
});

describe('openRepo reading the snapshot ref with HEAD', () => {
  it('reads the branch and the tip as separate reads do, whether the ref names a commit, nothing, or no commit', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const opened = () => {
      const repo = openRepo(dir, { readRef: SESSIONS_REF });
      return { head: headState(repo), tip: takeRefAtOpen(repo, SESSIONS_REF)?.commit };
    };
    const separately = () => {
      const r = spawnSync('git', ['rev-parse', '-q', '--verify', `${SESSIONS_REF}^{commit}`], { cwd: dir, env, encoding: 'utf8' });
      return { head: headState(openRepo(dir)), tip: r.status === 0 ? r.stdout.trim() : undefined };
    };
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: 'x', encoding: 'utf8' }).stdout.trim();
    const seen: unknown[] = [];
    for (const step of [
      () => undefined,
      () => git(dir, ['update-ref', SESSIONS_REF, 'HEAD'], env),
      () => git(dir, ['update-ref', SESSIONS_REF, blob], env),
      () => git(dir, ['checkout', '-q', '--detach'], env),
      () => git(dir, ['update-ref', SESSIONS_REF, 'HEAD'], env),
    ]) {
      step();
      expect(opened()).toEqual(separately());
      seen.push(opened());
    }
    expect(seen[0]).toMatchObject({ head: { branch: 'main' }, tip: undefined });
    expect(seen[3]).toMatchObject({ head: { branch: undefined } });
  });
});
