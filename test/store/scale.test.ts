// Histories of any length and both tree layouts: what a heavy user's snapshot ref looks like.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyManifestPath, manifestPath, SessionStore, shardOf, type Snapshot } from '../../src/store/session-store.js';
import { openRepo } from '../../src/store/git.js';
import { PROJECT, cli, git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

function template(repo: string, env: NodeJS.ProcessEnv): any {
  return JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: repo, env }).stdout).manifest;
}

/**
 * Writes `count` snapshots of sessions s-0 … s-(count-1), one per commit (oldest first), in one
 * `git fast-import`; `path` says where each manifest goes.
 */
function importSnapshots(repo: string, env: NodeJS.ProcessEnv, count: number, path: (id: string) => string): void {
  const base = template(repo, env);
  const t0 = Math.floor(Date.now() / 1000) - count * 60;
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = structuredClone(base);
    m.session_metadata.session_id = `s-${i}`;
    m.session_metadata.timestamp = new Date((t0 + i * 60) * 1000).toISOString();
    m.active_state.current_work = `work of session ${i}`;
    const body = JSON.stringify(m);
    const msg = `session s-${i}: snapshot\n\nSession-Id: s-${i}\nBranch: main\n`;
    chunks.push(
      `blob\nmark :${2 * i + 1}\ndata ${Buffer.byteLength(body)}\n${body}\n`,
      `commit refs/agentflow/sessions\nmark :${2 * i + 2}\ncommitter Test <test@example.com> ${t0 + i * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}${i ? `from :${2 * i}\n` : ''}M 100644 :${2 * i + 1} ${path(`s-${i}`)}\n\n`,
    );
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: chunks.join('') });
  expect(r.status, r.stderr?.toString()).toBe(0);
}

describe('snapshot history at scale', () => {
  it('reads a snapshot older than the newest 1,000: show, resume -s, diff and log reach every one', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    importSnapshots(repo, env, 1005, manifestPath);
    const log = JSON.parse(cli(['log', '--json'], { cwd: repo, env }).stdout);
    expect(log).toHaveLength(1005);
    expect(log.at(-1).session_id).toBe('s-0');
    const shown = JSON.parse(cli(['show', '--json', 's-0'], { cwd: repo, env }).stdout);
    expect(shown.manifest.active_state.current_work).toBe('work of session 0');
    const byCommit = JSON.parse(cli(['show', '--json', log.at(-1).snapshot.slice(0, 12)], { cwd: repo, env }).stdout);
    expect(byCommit.session_id).toBe('s-0');
    const resumed = JSON.parse(cli(['resume', '--json', '-s', 's-1'], { cwd: repo, env }).stdout);
    expect(resumed.manifest.active_state.current_work).toBe('work of session 1');
    const diff = cli(['diff', '--json', log.at(-1).snapshot, log.at(-2).snapshot], { cwd: repo, env });
    expect(JSON.parse(diff.stdout).changes.join('\n')).toContain('work of session 1');
  });

  it('keeps a per-session index in .git/agentflow that follows new snapshots, a rewritten ref and a damaged file', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    importSnapshots(repo, env, 5, manifestPath);
    const newest = () => JSON.parse(cli(['resume', '--json'], { cwd: repo, env }).stdout).session_id;
    expect(newest()).toBe('s-4');
    const indexFile = join(repo, '.git', 'agentflow', 'sessions-index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    expect(Object.keys(index.sessions).sort()).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    expect(index.tip).toBe(git(repo, ['rev-parse', 'refs/agentflow/sessions'], env));
    // A save is picked up incrementally.
    cli(['save', '-t', SAMPLE], { cwd: repo, env });
    const sample = JSON.parse(cli(['log', '--json', '-n', '1'], { cwd: repo, env }).stdout)[0].session_id;
    expect(newest()).toBe(sample);
    expect(JSON.parse(readFileSync(indexFile, 'utf8')).seq).toBe(6);
    // The ref rewound (say, by hand): rebuilt, the vanished snapshot is gone from it.
    git(repo, ['update-ref', 'refs/agentflow/sessions', 'refs/agentflow/sessions~2'], env);
    const session = (id: string) => cli(['show', '--json', '-s', id], { cwd: repo, env });
    expect(session('s-4').status).toBe(3);
    expect(JSON.parse(session('s-3').stdout).session_id).toBe('s-3');
    expect(JSON.parse(readFileSync(indexFile, 'utf8')).seq).toBe(4);
    // A damaged index is only a cache: rebuilt.
    writeFileSync(indexFile, '{"version":1,"tip":');
    expect(JSON.parse(session('s-2').stdout).session_id).toBe('s-2');
    expect(JSON.parse(readFileSync(indexFile, 'utf8')).seq).toBe(4);
  });

  it('reads the flat layout written before sharding, and the next save migrates it', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    importSnapshots(repo, env, 3, legacyManifestPath);
    const legacyTip = git(repo, ['rev-parse', 'refs/agentflow/sessions'], env);
    expect(git(repo, ['ls-tree', '--name-only', 'refs/agentflow/sessions:sessions'], env).split('\n')).toEqual(['s-0', 's-1', 's-2']);
    expect(JSON.parse(cli(['show', '--json', 's-1'], { cwd: repo, env }).stdout).manifest.active_state.current_work).toBe('work of session 1');

    expect(cli(['save', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const files = git(repo, ['ls-tree', '-r', '--name-only', 'refs/agentflow/sessions'], env).split('\n');
    const sample = JSON.parse(cli(['log', '--json', '-n', '1'], { cwd: repo, env }).stdout)[0].session_id;
    const manifests = files.filter((f) => !f.includes('/trail/'));
    expect(manifests.sort()).toEqual(['s-0', 's-1', 's-2', sample].map((id) => manifestPath(id)).sort());
    expect(manifests.every((f) => /^sessions\/[0-9a-f]{2}\/[^/]+\/manifest\.json$/.test(f))).toBe(true);
    // The new save's trail sits beside its manifest, in the sharded layout.
    expect(files.filter((f) => f.includes('/trail/')).every((f) => f.startsWith(manifestPath(sample).replace(/manifest\.json$/, 'trail/')))).toBe(true);
    // Every session still reads, from the migrated tip and from the old snapshot.
    expect(JSON.parse(cli(['resume', '--json', '-s', 's-2'], { cwd: repo, env }).stdout).manifest.active_state.current_work).toBe('work of session 2');
    expect(JSON.parse(cli(['show', '--json', legacyTip.slice(0, 12)], { cwd: repo, env }).stdout).session_id).toBe('s-2');
    expect(spawnSync('git', ['fsck', '--no-progress'], { cwd: repo, env }).status).toBe(0);
  });

  it('a save at 1,200 sessions writes a handful of small objects: its shard, sessions/, the root', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    importSnapshots(repo, env, 1200, manifestPath);
    const before = new Set(git(repo, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)'], env).split('\n'));
    expect(cli(['save', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const sample = JSON.parse(cli(['log', '--json', '-n', '1'], { cwd: repo, env }).stdout)[0].session_id;
    // The trail's objects (one tree per kind, its chunks) depend on the session, not on the history.
    const trail = new Set(
      git(repo, ['ls-tree', '-r', '-t', '--object-only', `refs/agentflow/sessions:${manifestPath(sample).replace(/\/manifest\.json$/, '')}/trail`], env).split(
        '\n',
      ),
    );
    trail.add(git(repo, ['rev-parse', `refs/agentflow/sessions:${manifestPath(sample).replace(/\/manifest\.json$/, '')}/trail`], env));
    const added = git(repo, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], env)
      .split('\n')
      .map((l) => l.split(' '))
      .filter(([id]) => !before.has(id!) && !trail.has(id!));
    // blob, session tree, shard tree, sessions/ tree, root tree, commit (+ the note's objects).
    expect(added.length).toBeLessThanOrEqual(10);
    const bytes = added.reduce((n, [, , size]) => n + Number(size), 0);
    expect(bytes).toBeLessThan(16 * 1024);
    expect(shardOf(manifestPath(sample).split('/')[2]!)).toBe(manifestPath(sample).split('/')[1]);
  });
});

describe('the newest few snapshots of a long history', () => {
  it('are the same whether the whole history is read or only as much as it takes, across merges and future dates', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const tree = git(repo, ['hash-object', '-t', 'tree', '-w', '--stdin'], env);
    const t0 = Math.floor(Date.now() / 1000) - 10_000;
    const commit = (parents: string[], session: string, time: number): string => {
      const r = spawnSync('git', ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', `session ${session}: s\n\nSession-Id: ${session}\n`], {
        cwd: repo,
        env: { ...env, GIT_COMMITTER_DATE: `${time} +0000`, GIT_AUTHOR_DATE: `${time} +0000` },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    // A local line of 150 snapshots; a fetched line of 60 branching off it, older or dated 2031,
    // merged back in by a sync at the 120th (git lists the fetched line right after the merge,
    // though most of it is older than the local line below it); sessions repeat so that a
    // filter has work to do.
    const local: string[] = [];
    let side = '';
    for (let i = 0; i < 150; i++) {
      if (i === 40) side = local[i - 1]!;
      if (i === 120) {
        for (let j = 0; j < 60; j++) side = commit([side], `fetched-${j % 7}`, j % 10 === 3 ? 1_950_000_000 : t0 - 5000 + j);
        local.push(commit([local[i - 1]!, side], 'merge', t0 + i * 10));
        continue;
      }
      local.push(commit(i ? [local[i - 1]!] : [], `local-${i % 5}`, t0 + i * 10));
    }
    git(repo, ['update-ref', 'refs/agentflow/sessions', local.at(-1)!], env);
    const store = new SessionStore(openRepo(repo));
    const all = store.history();
    expect(all).toHaveLength(209);
    const filters: Array<[string, ((s: Snapshot) => boolean) | undefined]> = [
      ['none', undefined],
      ['fetched-3', (s) => s.sessionId === 'fetched-3'],
      ['local-0', (s) => s.sessionId === 'local-0'],
    ];
    for (const [, keep] of filters) {
      const whole = keep ? all.filter(keep) : all;
      for (const limit of [1, 2, 5, 20, 31, 64, 100, 150, 208, 209, 500]) expect(store.history(limit, keep)).toEqual(whole.slice(0, limit));
    }
    // Nothing dated 2031 comes first: it arrived with the sync merge.
    expect(store.history(1)[0]!.sessionId).toBe('local-4');
  });
});
