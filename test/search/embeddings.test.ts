import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync as cli, git, isolatedEnv, tempRepo } from '../helpers.js';
import { manifestOf, saveManifest } from './manifests.js';

/** Words that mean the same thing share a dimension: what a real embedding model would see. */
const CONCEPTS: Record<string, number> = {
  car: 0,
  automobile: 0,
  vehicle: 0,
  parking: 1,
  garage: 1,
  invoice: 2,
  billing: 2,
  payment: 2,
  font: 3,
  typography: 3,
};
const vectorOf = (text: string): number[] => {
  const v = Array.from({ length: 8 }, () => 0.01);
  for (const w of text.toLowerCase().split(/\W+/)) if (w in CONCEPTS) v[CONCEPTS[w]!]! += 1;
  return v;
};

describe('search with embeddings from the configured endpoint', async () => {
  let server: Server;
  let url = '';
  const requests: string[][] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', async () => {
        const body = JSON.parse(raw);
        requests.push(body.input);
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: body.input.map((t: string, index: number) => ({ object: 'embedding', index, embedding: vectorOf(t) })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('finds an item by meaning, caches the vectors beside the index, and embeds only new items later', async () => {
    const env = { ...isolatedEnv(), OPENAI_API_KEY: 'test-key' };
    const dir = tempRepo(env);
    saveManifest(dir, manifestOf('cars', { findings: ['the garage door sensor misses a parked car'] }));
    saveManifest(dir, manifestOf('money', { decisions: ['send the invoice after the payment clears'] }));
    saveManifest(dir, manifestOf('fonts', { decisions: ['ship our own typography'] }));
    // Lexical only: "automobile" is in no manifest.
    expect(JSON.parse((await cli(['search', '--json', 'automobile'], { cwd: dir, env })).stdout)).toEqual([]);
    git(dir, ['config', 'agentflow.embeddings.model', 'fake-embed'], env);
    git(dir, ['config', 'agentflow.llm.baseUrl', url], env);
    const r = await cli(['search', '--json', 'automobile'], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout);
    expect(r.stderr).toBe('');
    expect(hits[0]).toMatchObject({ session_id: 'cars', score: 0, semantic: expect.any(Number) });
    expect(readdirSync(join(dir, '.git', 'agentflow', 'search')).some((f) => f.startsWith('embeddings-fake-embed') && f.endsWith('.bin'))).toBe(true);
    const before = requests.length;
    saveManifest(dir, manifestOf('billing', { findings: ['billing page is slow'] }));
    const pay = await cli(['search', '--json', 'payment'], { cwd: dir, env });
    expect(
      JSON.parse(pay.stdout)
        .map((h: any) => h.session_id)
        .slice(0, 2)
        .sort(),
      pay.stdout + pay.stderr,
    ).toEqual(['billing', 'money']);
    // The query and the one new item: nothing embedded twice.
    expect(requests.slice(before).flat()).toEqual(['payment', 'billing page is slow']);
  });

  it('falls back to lexical results with a warning when the endpoint is down', async () => {
    const env = { ...isolatedEnv(), OPENAI_API_KEY: 'test-key' };
    const dir = tempRepo(env);
    saveManifest(dir, manifestOf('cars', { findings: ['the garage door sensor misses a parked car'] }));
    git(dir, ['config', 'agentflow.embeddings.model', 'fake-embed'], env);
    git(dir, ['config', 'agentflow.llm.baseUrl', 'http://127.0.0.1:9/v1'], env);
    const r = await cli(['search', '--json', 'garage door'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ session_id: 'cars', semantic: null });
    expect(r.stderr).toContain('embeddings from fake-embed failed');
    expect(existsSync(join(dir, '.git', 'agentflow', 'search', 'meta.json'))).toBe(true);
  });
});
