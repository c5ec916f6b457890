import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryIndex, openHistoryIndex, searchHistory, searchIndex, relatedEarlierWork } from '../../src/search/index.js';
import { openRepo } from '../../src/store/index.js';
import { cli, git, isolatedEnv, tempRepo } from '../helpers.js';
import { manifestOf, saveManifest } from './manifests.js';

const TOPICS = [
  'billing',
  'websocket',
  'tokenizer',
  'migration',
  'thumbnail',
  'oauth',
  'parquet',
  'localisation',
  'telemetry',
  'scheduler',
  'pagination',
  'checksum',
];

/** Twelve sessions of three snapshots each; every session's items name its own topic deep inside. */
function history() {
  const env = isolatedEnv();
  const dir = tempRepo(env);
  for (const [i, topic] of TOPICS.entries()) {
    const id = `sess-${String(i).padStart(2, '0')}-${topic}`;
    for (let s = 0; s < 3; s++) {
      saveManifest(
        dir,
        manifestOf(id, {
          pending: [`wire the ${topic} module into the api`, `write docs for step ${s}`],
          done: Array.from({ length: 6 }, (_, k) => `finished chore ${k} of round ${s}`),
          decisions: [`keep the old config loader`, ...(s >= 1 ? [`store ${topic} state in sqlite because the ${topic} worker restarts often`] : [])],
          findings: ['tests are slow on CI', 'the linter is noisy', ...(s === 2 ? [`the ${topic} retry loop doubles every request after a timeout`] : [])],
          blockers: [`\`npm test\` fails in ${topic}.spec.ts`],
          files: [`src/${topic}/index.ts`, 'src/shared/config.ts'],
          command: `npm run build:${topic}`,
        }),
      );
    }
  }
  return { env, dir };
}

describe('search over the snapshot history', () => {
  const { env, dir } = history();
  const repo = openRepo(dir);

  it('ranks the session whose manifest holds a phrase from deep inside it first, for every session', async () => {
    for (const [i, topic] of TOPICS.entries()) {
      const hits = await searchHistory(repo, `${topic} retry loop doubles every request`);
      expect(hits[0]?.sessionId, topic).toBe(`sess-${String(i).padStart(2, '0')}-${topic}`);
      expect(hits[0]?.kind).toBe('finding');
      expect(hits[0]?.exact).toBe(true);
    }
    // Words from a decision, out of order and one of them a prefix: still that session first.
    expect((await searchHistory(repo, 'sqlite restarts parque'))[0]?.sessionId).toBe('sess-06-parquet');
    // A file path, a command.
    expect((await searchHistory(repo, 'src/oauth/index.ts'))[0]?.sessionId).toBe('sess-05-oauth');
    expect((await searchHistory(repo, 'build:telemetry'))[0]).toMatchObject({ sessionId: 'sess-08-telemetry', kind: 'command' });
  });

  it('names the newest snapshot holding the item, and puts the newest session first among equals', async () => {
    const all = await searchHistory(repo, 'keep the old config loader', { limit: 40 });
    const hits = all.filter((h) => h.exact);
    expect(hits).toHaveLength(12);
    expect(all.slice(0, 12)).toEqual(hits);
    // Same text in every session: equal scores, so newest first (the last session saved last).
    expect(hits[0]!.sessionId).toBe('sess-11-checksum');
    expect(hits.map((h) => h.time)).toEqual([...hits.map((h) => h.time)].sort((a, b) => b - a));
    const tip = git(dir, ['rev-parse', 'refs/agentflow/sessions'], env);
    expect(hits[0]!.snapshot).toBe(tip);
    expect(hits[0]!.snapshots).toBe(3);
  });

  it('filters by session and by date, and limits the count', async () => {
    expect([...new Set((await searchHistory(repo, 'config loader', { sessionId: 'sess-03' })).map((h) => h.sessionId))]).toEqual(['sess-03-migration']);
    expect(await searchHistory(repo, 'config loader', { since: Math.floor(Date.now() / 1000) + 3600 })).toEqual([]);
    expect(await searchHistory(repo, 'chore', { limit: 4 })).toHaveLength(4);
  });

  it('is cached under .git/agentflow and updated from new snapshots only', async () => {
    const file = join(dir, '.git', 'agentflow', 'search', 'meta.json');
    await searchHistory(repo, 'anything');
    expect(existsSync(file)).toBe(true);
    expect(git(dir, ['status', '--porcelain'], env)).toBe('');
    let started: { total: number; rebuild: boolean } | undefined;
    await openHistoryIndex(repo, { onStart: (p) => (started = p) });
    expect(started).toBeUndefined();
    saveManifest(dir, manifestOf('sess-new', { findings: ['the quokka cache never expires'] }));
    const index = await openHistoryIndex(repo, { onStart: (p) => (started = p) });
    expect(started).toEqual({ done: 0, total: 1, rebuild: false });
    expect(index.snapshotCount).toBe(37);
    expect((await searchHistory(repo, 'quokka'))[0]?.sessionId).toBe('sess-new');
    expect(JSON.parse(readFileSync(file, 'utf8')).tip).toBe(git(dir, ['rev-parse', 'refs/agentflow/sessions'], env));
  });

  it('finds related earlier work of other sessions for pending tasks, and nothing for a weak match', async () => {
    const related = relatedEarlierWork(await openHistoryIndex(repo), 'sess-new-2', ['make the websocket worker restart less often', 'tidy up'], 3);
    expect(related).toHaveLength(1);
    expect(related[0]!.hit.sessionId).toBe('sess-01-websocket');
    expect(relatedEarlierWork(await openHistoryIndex(repo), 'x', ['the purple elephant dances'])).toEqual([]);
  });

  it('git session search prints hits, --json, -n, --session, --since, and bad usage', async () => {
    const r = cli(['search', 'tokenizer', 'retry loop'], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^[0-9a-f]{10} \d{4}-\d\d-\d\d \d\d:\d\d session sess-02-toke {2}finding: the tokenizer retry loop/);
    const json = JSON.parse(cli(['search', '--json', '-n', '3', 'config'], { cwd: dir, env }).stdout);
    expect(json).toHaveLength(3);
    expect(Object.keys(json[0])).toEqual(['session_id', 'snapshot', 'date', 'kind', 'text', 'score', 'exact', 'semantic', 'snapshots', 'first_snapshot']);
    expect(
      JSON.parse(cli(['search', '--json', '-s', 'sess-04', 'config'], { cwd: dir, env }).stdout).every((h: any) => h.session_id === 'sess-04-thumbnail'),
    ).toBe(true);
    expect(
      JSON.parse(cli(['search', '--json', '--since', new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10), 'config'], { cwd: dir, env }).stdout),
    ).toEqual([]);
    expect(JSON.parse(cli(['search', '--json', '--since', '1 year ago', 'config'], { cwd: dir, env }).stdout).length).toBeGreaterThan(0);
    const none = cli(['search', 'zebra'], { cwd: dir, env });
    expect([none.status, none.stdout]).toEqual([0, '']);
    expect(none.stderr).toContain('No match');
    expect(cli(['search', '-n', 'x', 'config'], { cwd: dir, env }).status).toBe(2);
    const fresh = isolatedEnv();
    expect(cli(['search', 'x'], { cwd: tempRepo(fresh), env: fresh }).status).toBe(3);
  });

  it('rebuilds after the history was rewritten, and says it is indexing on a cold cache', async () => {
    const env2 = isolatedEnv();
    const d2 = tempRepo(env2);
    saveManifest(d2, manifestOf('one', { findings: ['alpha finding'] }));
    const first = cli(['search', 'alpha'], { cwd: d2, env: env2 });
    expect(first.stderr).toContain('indexing 1 snapshot(s)');
    git(d2, ['update-ref', '-d', 'refs/agentflow/sessions'], env2);
    saveManifest(d2, manifestOf('two', { findings: ['beta finding'] }));
    const r = JSON.parse(cli(['search', '--json', 'finding'], { cwd: d2, env: env2 }).stdout);
    expect(r.map((h: any) => h.session_id)).toEqual(['two']);
  });
});

describe('what a history can make the index hold', () => {
  const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}w${i.toString(36)}`).join(' ');
  const items = (prefix: string, n: number, per = 1) => Array.from({ length: n }, (_, i) => ({ kind: 'done' as const, text: words(`${prefix}i${i}`, per) }));

  it('is bounded per snapshot, per session and in distinct terms', () => {
    const index = HistoryIndex.empty();
    index.addSnapshot('one', 'c0', 1, items('a', 100));
    expect(index.itemCount).toBe(64);
    for (let s = 1; s < 40; s++) index.addSnapshot('one', `c${s}`, 1 + s, items(`s${s}`, 64));
    expect(index.itemCount).toBe(2000);
    // Items of other sessions, 100 new terms each: none once the index holds 200,000 terms.
    for (let s = 0; s < 2100; s++) index.addSnapshot(`other-${s}`, `d${s}`, 100 + s, items(`o${s}`, 1, 100));
    expect(index.lexical.termCount).toBeLessThanOrEqual(200_000 + 100);
    expect(index.lexical.termCount).toBeGreaterThanOrEqual(190_000);
    expect(index.itemCount).toBeLessThan(2000 + 2100);
    // What was indexed is still found.
    expect(searchIndex(index, 'o5i0w3')[0]).toMatchObject({ sessionId: 'other-5', exact: true });
  });
});
