import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InvalidManifestError } from '../../src/errors.js';
import { openRepo, readState, SessionStore, SESSIONS_REF, manifestPath, type Snapshot } from '../../src/store/index.js';
import { readObjects, takeRefAtOpen } from '../../src/store/git.js';
import { refCommit } from '../../src/store/repo-facts.js';
import { PROJECT, cli, git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';
import { manifestOf, saveManifest } from '../search/manifests.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** The git processes a CLI command starts, from GIT_TRACE. */
function gitProcesses(dir: string, env: NodeJS.ProcessEnv, args: string[]): { count: number; stdout: string } {
  const trace = join(tempDir(), 'trace.log');
  const r = cli(args, { cwd: dir, env: { ...env, GIT_TRACE: trace } });
  expect(r.status, r.stderr).toBe(0);
  return { count: readFileSync(trace, 'utf8').match(/trace: built-in: git /g)?.length ?? 0, stdout: r.stdout };
}

/** What a store reads of a snapshot: its manifest (or the error), its trail, and other snapshots' manifests. */
function reads(store: SessionStore, s: Snapshot, others: Snapshot[]) {
  let manifest: string;
  try {
    manifest = store.readManifest(s);
  } catch (err) {
    manifest = `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  const names = others.map((o) => `${o.commit}:${manifestPath(o.sessionId)}`);
  return { manifest, trail: [...store.readTrail(s)], others: names.map((n) => readObjects(store.repo, names, 4096).get(n)) };
}

describe('resume and recall read a snapshot in few git processes', () => {
  const env = isolatedEnv();
  const dir = tempRepo(env);
  expect(cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env }).status).toBe(0);
  const sampleSession = JSON.parse(cli(['resume', '--json'], { cwd: dir, env }).stdout).session_id as string;
  saveManifest(dir, manifestOf('other-session', { decisions: ['keep the parser'] }));

  it('reads the manifest, the trail and the other manifests with it as it reads them one by one', () => {
    const plain = new SessionStore(openRepo(dir));
    const all = plain.newestPerSession();
    const snapshot = all.find((s) => s.sessionId === sampleSession)!;
    const ahead = new SessionStore(openRepo(dir));
    ahead.readAhead(snapshot, all);
    const read = reads(ahead, snapshot, all);
    expect(read).toEqual(reads(plain, snapshot, all));
    expect(read.trail.length).toBeGreaterThan(3);
    expect(read.others.every((m) => m?.includes('"session_id"'))).toBe(true);
  });

  it('refuses an oversized manifest and leaves out an oversized trail chunk, read ahead or not', () => {
    const store = new SessionStore(openRepo(dir));
    const dirPath = manifestPath('huge-session').slice(0, -'/manifest.json'.length);
    const blob = (text: string): string => spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: text, encoding: 'utf8' }).stdout.trim();
    const index = join(tempDir(), 'index');
    const e = { ...env, GIT_INDEX_FILE: index };
    git(dir, ['read-tree', store.tip()!], e);
    git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob('{"x":"' + 'a'.repeat(8000) + '"}')},${dirPath}/manifest.json`], e);
    git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob('y'.repeat(300 * 1024))},${dirPath}/trail/asks/0000.jsonl`], e);
    git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob('{"text":"small"}\n')},${dirPath}/trail/asks/0001.jsonl`], e);
    const commit = git(dir, ['commit-tree', git(dir, ['write-tree'], e), '-p', store.tip()!, '-m', 'huge\n\nSession-Id: huge-session\n'], env);
    git(dir, ['update-ref', SESSIONS_REF, commit], env);
    const all = new SessionStore(openRepo(dir)).newestPerSession();
    const huge = all.find((s) => s.sessionId === 'huge-session')!;
    const ahead = new SessionStore(openRepo(dir));
    ahead.readAhead(huge, all);
    const read = reads(ahead, huge, all);
    expect(read).toEqual(reads(new SessionStore(openRepo(dir)), huge, all));
    expect(read.manifest).toMatch(new RegExp(`^${InvalidManifestError.name}: .*8008 bytes`));
    expect(read.trail).toEqual([['trail/asks/0001.jsonl', '{"text":"small"}\n']]);
  });

  it('takes the snapshot ref with the repository when asked, as refCommit reads it', () => {
    const repo = tempRepo(isolatedEnv());
    const tipAtOpen = () => takeRefAtOpen(openRepo(repo, { readRef: SESSIONS_REF }), SESSIONS_REF)?.commit;
    expect(tipAtOpen()).toBeUndefined();
    git(repo, ['update-ref', SESSIONS_REF, spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: 'x', encoding: 'utf8' }).stdout.trim()]);
    expect([tipAtOpen(), refCommit(openRepo(repo), SESSIONS_REF)]).toEqual([undefined, undefined]);
    git(repo, ['update-ref', SESSIONS_REF, git(repo, ['rev-parse', 'HEAD'])]);
    expect(tipAtOpen()).toBe(git(repo, ['rev-parse', 'HEAD']));
    // Handed out once: a later store reads the ref again.
    const opened = openRepo(repo, { readRef: SESSIONS_REF });
    expect(takeRefAtOpen(opened, SESSIONS_REF)).toBeDefined();
    expect(takeRefAtOpen(opened, SESSIONS_REF)).toBeUndefined();
  });

  it("gives this clone's snapshots from the session index as git log --no-walk gives them, clocks that ran backwards included", () => {
    const repo = tempRepo(isolatedEnv());
    const now = Math.floor(Date.now() / 1000);
    // Committer dates out of order, one ahead of now: the listing bounds a parent by the child listed before it.
    const saved = [now - 50, now + 3600, now - 100, now - 10].map((t, i) => {
      process.env.GIT_COMMITTER_DATE = `${t} +0000`;
      try {
        return saveManifest(repo, manifestOf(`clock-${i}`));
      } finally {
        delete process.env.GIT_COMMITTER_DATE;
      }
    });
    // Both cap a date at now: the same now for both.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      for (const commits of [saved, [...saved].reverse(), [saved[2]!, saved[1]!], [saved[3]!, saved[3]!, saved[0]!]]) {
        const viaGit = new SessionStore(openRepo(repo)).snapshotsAt(commits);
        const viaIndex = new SessionStore(openRepo(repo));
        viaIndex.newestPerSession();
        expect(viaIndex.snapshotsAt(commits)).toEqual(viaGit);
        expect(viaGit.length).toBe(new Set(commits).size);
      }
      // One that is not a session's newest any more: asked of git.
      saveManifest(repo, manifestOf('clock-0'));
      const store = new SessionStore(openRepo(repo));
      store.newestPerSession();
      expect(store.snapshotsAt([saved[0]!, saved[1]!])).toEqual(new SessionStore(openRepo(repo)).snapshotsAt([saved[0]!, saved[1]!]));
    } finally {
      vi.useRealTimers();
    }
  });

  it('resume starts 4 git processes and recall 3 once the indexes are built (10 and 6 before this work)', () => {
    expect(readState(openRepo(dir)).sessions[sampleSession]?.lastSnapshotCommit).toBeDefined();
    cli(['resume'], { cwd: dir, env });
    expect(gitProcesses(dir, env, ['resume']).count).toBeLessThanOrEqual(4);
    expect(gitProcesses(dir, env, ['recall', 'what', 'failed']).count).toBeLessThanOrEqual(3);
  });
});
