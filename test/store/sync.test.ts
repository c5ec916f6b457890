import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, clonesOfOneRemote, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl, claudeAssistant } from '../helpers.js';
import { manifestPath } from '../../src/store/index.js';
import { fsckProblems } from '../security/forge.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** A bare remote with two clones, A and B, of one project. */
function twoClones() {
  const { env, bare, clones } = clonesOfOneRemote('a', 'b');
  return { env, bare, a: clones.a, b: clones.b };
}

function transcriptFor(session: string, tokens: number): string {
  return writeJsonl(join(tempDir(), `${session}.jsonl`), [
    { type: 'user', sessionId: session, message: { role: 'user', content: `work of ${session}` } },
    claudeAssistant({ id: `m-${session}-${tokens}`, tokens, sessionId: session }),
  ]);
}

const sessions = (dir: string, env: NodeJS.ProcessEnv) =>
  JSON.parse(cli(['log', '--json'], { cwd: dir, env }).stdout)
    .map((s: any) => s.session_id)
    .sort();

describe('git session sync', () => {
  it('shares snapshots and notes both ways and merges diverged histories without losing any', () => {
    const { env, bare, a, b } = twoClones();
    expect(cli(['save', '-t', transcriptFor('sess-a', 50_000)], { cwd: a, env }).status).toBe(0);
    expect(JSON.parse(cli(['sync', '--json'], { cwd: a, env }).stdout)).toMatchObject({ sessions: 'up to date', notes: 'up to date', pushed: true });

    expect(cli(['save', '-t', transcriptFor('sess-b', 60_000)], { cwd: b, env }).status).toBe(0);
    const rb = JSON.parse(cli(['sync', '--json'], { cwd: b, env }).stdout);
    expect(rb).toMatchObject({ sessions: 'merged', notes: 'merged', pushed: true });
    expect(sessions(b, env)).toEqual(['sess-a', 'sess-b']);
    // What was fetched and kept is recorded in the remote-tracking ref.
    expect(git(b, ['rev-parse', 'refs/agentflow/remotes/origin/sessions'], env)).toBe(git(a, ['rev-parse', 'refs/agentflow/sessions'], env));

    // A saved again meanwhile: histories diverge again, and the merge keeps both sides.
    cli(['save', '-t', transcriptFor('sess-a', 90_000)], { cwd: a, env });
    expect(JSON.parse(cli(['sync', '--json'], { cwd: a, env }).stdout).sessions).toBe('merged');
    expect(sessions(a, env)).toEqual(['sess-a', 'sess-a', 'sess-b']);
    expect(git(a, ['show', `refs/agentflow/sessions:${manifestPath('sess-b')}`], env)).toContain('"session_id":"sess-b"');
    // The newest sess-a manifest wins in the merged tree.
    expect(git(a, ['show', `refs/agentflow/sessions:${manifestPath('sess-a')}`], env)).toContain('"tokens":90000');
    expect(git(bare, ['rev-parse', 'refs/agentflow/sessions'], env)).toBe(git(a, ['rev-parse', 'refs/agentflow/sessions'], env));

    // B resumes A's session from what it fetched.
    cli(['sync'], { cwd: b, env });
    const r = JSON.parse(cli(['resume', '--json', '--session', 'sess-a'], { cwd: b, env }).stdout);
    expect(r.manifest.session_metadata.context_usage_before.tokens).toBe(90_000);
    for (const dir of [a, b]) expect(fsckProblems(dir, env)).toBe('');
  });

  it('two clones syncing in turn settle: no merge of merges on every sync', () => {
    const { env, a, b } = twoClones();
    cli(['save', '-t', transcriptFor('sess-a', 50_000)], { cwd: a, env });
    cli(['save', '-t', transcriptFor('sess-b', 60_000)], { cwd: b, env });
    for (const dir of [a, b, a, b]) expect(cli(['sync'], { cwd: dir, env }).status).toBe(0);
    const count = (dir: string) => Number(git(dir, ['rev-list', '--count', 'refs/agentflow/sessions'], env));
    const settled = count(a);
    for (const dir of [a, b, a, b]) expect(JSON.parse(cli(['sync', '--json'], { cwd: dir, env }).stdout).sessions).toBe('up to date');
    expect(count(a)).toBe(settled);
    expect(count(b)).toBe(settled);
    expect(sessions(a, env)).toEqual(['sess-a', 'sess-b']);
    for (const dir of [a, b]) expect(fsckProblems(dir, env)).toBe('');
  });

  it('a merge leaves out what no save writes from the local side too (a snapshot written before sync checked)', () => {
    const { env, a, b } = twoClones();
    cli(['save', '-t', transcriptFor('sess-a', 50_000)], { cwd: a, env });
    const junk = join(manifestPath('sess-a').replace(/manifest\.json$/, ''), 'run.sh');
    const idx = { ...env, GIT_INDEX_FILE: join(tempDir(), 'index') };
    git(a, ['read-tree', 'refs/agentflow/sessions'], idx);
    git(a, ['update-index', '--add', '--cacheinfo', `100755,${git(a, ['hash-object', '-w', '--stdin'], env)},${junk}`], idx);
    const tree = git(a, ['write-tree'], idx);
    git(a, ['update-ref', 'refs/agentflow/sessions', git(a, ['commit-tree', tree, '-p', 'refs/agentflow/sessions', '-m', 'junk'], env)], env);
    cli(['save', '-t', transcriptFor('sess-b', 60_000)], { cwd: b, env });
    expect(cli(['sync'], { cwd: b, env }).status).toBe(0);
    expect(JSON.parse(cli(['sync', '--json', '--no-push'], { cwd: a, env }).stdout).sessions).toBe('merged');
    const files = git(a, ['ls-tree', '-r', '--name-only', 'refs/agentflow/sessions'], env).split('\n');
    expect(files).toContain(manifestPath('sess-a'));
    expect(files).not.toContain(junk);
  });

  it('install --sync adds fetch refspecs into remote-tracking refs; uninstall removes them', () => {
    const { env, a, b } = twoClones();
    cli(['save', '-t', SAMPLE], { cwd: a, env });
    cli(['sync'], { cwd: a, env });
    const before = git(b, ['config', '--get-all', 'remote.origin.fetch'], env);
    expect(cli(['install', '--sync'], { cwd: b, env }).status).toBe(0);
    git(b, ['fetch', '-q', 'origin'], env);
    expect(git(b, ['rev-parse', 'refs/agentflow/remotes/origin/sessions'], env)).toMatch(/^[0-9a-f]{40}$/);
    // A plain fetch never writes the local snapshot ref.
    expect(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: b, env }).status).toBe(1);
    cli(['uninstall'], { cwd: b, env });
    expect(git(b, ['config', '--get-all', 'remote.origin.fetch'], env)).toBe(before);
  });

  it('names the fix for an unknown remote', () => {
    const env = isolatedEnv();
    const r = cli(['sync', 'upstream'], { cwd: tempRepo(env), env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('git remote -v');
  });
});
