import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, HAS_CORPUS, PROJECT, cliAsync, git, inAgentLogDir, isolatedEnv, tempDir, tempRepo } from '../helpers.js';
import { FakeOpenAI } from './fake-openai.js';
import { lostFacts } from '../../src/manifest/index.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');
const server = new FakeOpenAI();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

function repoWithModel(model: string, extra: Record<string, string> = {}) {
  const env = { ...isolatedEnv(), OPENAI_API_KEY: 'sk-test-not-real' };
  const repo = tempRepo(env);
  git(repo, ['config', 'agentflow.llm.baseUrl', server.url], env);
  git(repo, ['config', 'agentflow.llm.model', model], env);
  for (const [k, v] of Object.entries(extra)) git(repo, ['config', k, v], env);
  return { env, repo };
}

async function save(model: string, extra: Record<string, string> = {}, args: string[] = [], transcript = SAMPLE) {
  const { env, repo } = repoWithModel(model, extra);
  const before = server.requests.length;
  const r = await cliAsync(['save', '-t', transcript, '--json', ...args], { cwd: repo, env });
  return { r, json: r.stdout ? JSON.parse(r.stdout) : undefined, requests: server.requests.slice(before), repo, env };
}

describe('refinement through an OpenAI-compatible endpoint', () => {
  it('merges a good answer: judgement from the model, facts kept, invented task ignored', async () => {
    const { r, json, requests, repo, env } = await save('good-model');
    expect(r.status).toBe(0);
    const m = json.manifest;
    expect(m.session_metadata.generated_by).toBe('llm:good-model');
    // This manifest is at the 2 KB edge: the record of the call lives in the commit's trailers
    // only, so it costs no fact (see the next test for a manifest with room to spare).
    expect(m.session_metadata.llm).toBeUndefined();
    expect(m.session_metadata.phase).toBe('model-phase');
    expect(m.critical_context.next_steps).toEqual(['Switch the Retry-After test to vi.useFakeTimers()']);
    const tasks = m.pending_tasks.map((t: any) => t.task);
    expect(tasks).not.toContain('Deploy to production');
    expect(tasks.some((t: string) => t.startsWith('Wire the limiter into ApiClient'))).toBe(true);
    expect(m.pending_tasks.every((t: any) => t.priority === 'LOW')).toBe(true);
    // Facts stay the extractor's: files, last command, status, and blockers the model dropped.
    expect(m.memory_pointers.modified_files).toEqual(['src/client.ts', 'src/ratelimit.ts']);
    expect(m.active_state.last_command_run).toMatchObject({ command: 'npm test -- test/client.test.ts', outcome: 'failed' });
    expect(m.critical_context.blockers[0]).toContain('npm test -- test/client.test.ts');
    // The bootstrap steps are the extractor's: the model's own ("Open test/client.test.ts") do not replace them.
    expect(m.bootstrap_instructions[0]).toBe('Read src/client.ts');
    expect(m.bootstrap_instructions).not.toContain('Open test/client.test.ts');
    expect(json.bytes).toBeLessThanOrEqual(2048);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.response_format.type).toBe('json_schema');
    expect(requests[0]!.headers.authorization).toBe('Bearer sk-test-not-real');
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=LLM-Tokens,valueonly)', 'refs/agentflow/sessions'], env)).toBe('1234/210');
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=LLM-Latency,valueonly)', 'refs/agentflow/sessions'], env)).toMatch(/^\d+ms$/);
    const log = JSON.parse((await cliAsync(['log', '--json'], { cwd: repo, env })).stdout);
    expect(log[0]).toMatchObject({ generated_by: 'llm:good-model', llm_cost: '$0' });
    // Deterministic first: the refinement is the session's next snapshot, not a replacement.
    expect(log.map((l: any) => l.generated_by)).toEqual(['llm:good-model', 'deterministic']);
  });

  it('records the call in the manifest when there is room for it', async () => {
    const { json } = await save('good-model', {}, [], join(PROJECT, 'test', 'fixtures', 'transcripts', 'noise.jsonl'));
    expect(json.generated_by).toBe('llm:good-model');
    expect(json.bytes).toBeLessThan(1900);
    expect(json.manifest.session_metadata.llm).toMatchObject({ model: 'good-model', tokens_in: 1234, tokens_out: 210, cost_usd: 0 });
  });

  it('keeps every deterministic fact when the model answers only part', async () => {
    const det = (await save('partial', {}, ['--no-llm'])).json.manifest;
    const { json } = await save('partial');
    const m = json.manifest;
    expect(json.generated_by).toBe('llm:partial');
    expect(m.active_state.current_work).toBe('Making the Retry-After test deterministic');
    // The same tasks in the same order and state (the budget may shorten a context to make room).
    const tasks = (x: any) => x.pending_tasks.map((t: any) => [t.task, t.priority, t.status]);
    expect(tasks(m)).toEqual(tasks(det));
    expect(m.completed_tasks).toEqual(det.completed_tasks);
    // Every item kept; one the budget shortened to make room keeps its start.
    const kept = (short: string, full: string) => short === full || full.startsWith(short.replace(/…$/, ''));
    for (const key of ['user_instructions', 'key_decisions', 'important_findings', 'blockers', 'next_steps'] as const) {
      expect(m.critical_context[key]).toHaveLength(det.critical_context[key].length);
      m.critical_context[key].forEach((item: string, i: number) => expect(kept(item, det.critical_context[key][i])).toBe(true));
    }
  });

  it('a verbose answer never pushes a deterministic fact out of the 2 KB budget', async () => {
    const det = (await save('verbose', {}, ['--no-llm'])).json.manifest;
    const { r, json } = await save('verbose');
    expect(r.status).toBe(0);
    expect(json.bytes).toBeLessThanOrEqual(2048);
    expect(json.generated_by).toBe('llm:verbose');
    const m = json.manifest;
    // The model's text (and the record of the call, kept in the trailers) gave way where it had
    // to: nothing of the extractor's is gone.
    expect(lostFacts(m, det)).toEqual([]);
    expect(m.pending_tasks.map((t: any) => t.task)).toEqual(det.pending_tasks.map((t: any) => t.task));
    expect(m.completed_tasks).toEqual(det.completed_tasks);
    expect(m.memory_pointers.modified_files).toEqual(det.memory_pointers.modified_files);
    // And the model's text is not all given back: the answer still shows.
    expect(m.session_metadata.phase).toBe('verbose-phase');
  });

  it('stores no second snapshot when the answer adds nothing', async () => {
    const { json, repo, env } = await save('empty-object');
    expect(json.llm_fallback).toMatch(/adds nothing/);
    expect(git(repo, ['log', '--format=%(trailers:key=Generated-By,valueonly)', 'refs/agentflow/sessions'], env)).toBe('deterministic');
  });

  it.each([
    ['hang', { 'agentflow.llm.timeout': '2s', 'agentflow.llm.maxRetries': '2' }],
    ['slow-stream', { 'agentflow.llm.deadline': '2s' }],
  ] as const)('a %s endpoint costs at most the deadline, retries included, and the snapshot is stored first', async (model, extra) => {
    // The same save without the model, measured now: a busy machine slows both alike.
    const b0 = performance.now();
    expect((await save(model, extra, ['--no-llm'])).r.status).toBe(0);
    const baseline = (performance.now() - b0) / 1000;
    const t0 = performance.now();
    const { r, json, repo, env } = await save(model, extra);
    const seconds = (performance.now() - t0) / 1000;
    expect(r.status).toBe(0);
    // The 2 s deadline and the save itself, not a retry's worth more (2 s each).
    expect(seconds).toBeLessThan(baseline + 3.5);
    expect(json.llm_fallback).toMatch(/deadline|timeout/);
    expect(git(repo, ['log', '--format=%(trailers:key=Generated-By,valueonly)', 'refs/agentflow/sessions'], env)).toBe('deterministic');
  });

  it('a PreCompact hook has its snapshot on the ref while the model is still being asked', async () => {
    const { env, repo } = repoWithModel('hang', { 'agentflow.llm.deadline': '4s' });
    const input = JSON.stringify({
      session_id: 'abc123',
      transcript_path: inAgentLogDir(env, SAMPLE),
      cwd: repo,
      permission_mode: 'default',
      hook_event_name: 'PreCompact',
      trigger: 'auto',
      custom_instructions: '',
    });
    const t0 = performance.now();
    const hook = cliAsync(['save', '--hook'], { cwd: repo, env, input });
    let storedAt: number | undefined;
    while (storedAt === undefined && performance.now() - t0 < 4000) {
      await new Promise((res) => setTimeout(res, 100));
      if (spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status === 0) storedAt = performance.now() - t0;
    }
    const r = await hook;
    const total = performance.now() - t0;
    expect(r.status).toBe(0);
    expect(storedAt).toBeDefined();
    expect(storedAt!).toBeLessThan(3000);
    // The hook waited for the model: it ended after the snapshot, at the deadline.
    expect(total).toBeGreaterThan(storedAt! + 1000);
    expect(total).toBeLessThan(8000);
  });

  it.each([
    ['garbage', {}, /not JSON/],
    ['bad-schema', {}, /does not match the schema/],
    ['oversize', {}, /oversize answer/],
    ['refuse', {}, /refused/],
    ['error500', { 'agentflow.llm.maxRetries': '1' }, /server error \(500\) after 1 retries/],
    ['slow', { 'agentflow.llm.timeout': '1s', 'agentflow.llm.maxRetries': '0' }, /timeout after 1s|within the deadline \(1s/],
  ] as const)('falls back to the deterministic manifest on %s, exit 0, reason shown and recorded', async (model, extra, reason) => {
    const { r, json, repo, env } = await save(model, { ...extra });
    expect(r.status).toBe(0);
    expect(json.generated_by).toBe('deterministic');
    expect(json.llm_fallback).toMatch(reason);
    expect(json.manifest.pending_tasks[0].task).toBe('Wire the limiter into ApiClient.request');
    // Only the deterministic snapshot is stored; the reason is kept in the clone's session state.
    expect(git(repo, ['log', '--format=%(trailers:key=Generated-By,valueonly)', 'refs/agentflow/sessions'], env)).toBe('deterministic');
    expect(readFileSync(join(repo, '.git', 'agentflow', 'state.json'), 'utf8')).toMatch(/lastLlmFallback/);
    // Saved again with nothing new, the snapshot stands and no model is asked; a fresh clone says why its refinement failed.
    const again = await cliAsync(['save', '-t', SAMPLE], { cwd: repo, env });
    expect(again.stdout).toMatch(/unchanged/);
    const fresh = repoWithModel(model, { ...extra });
    const human = await cliAsync(['save', '-t', SAMPLE], { cwd: fresh.repo, env: fresh.env });
    expect(human.stderr).toMatch(/refinement was not used .*deterministic snapshot stands/);
  });

  it('retries a 429 with backoff and then succeeds', async () => {
    const { json, requests } = await save('ratelimit-once');
    expect(requests).toHaveLength(2);
    expect(json.generated_by).toBe('llm:ratelimit-once');
  });

  it('asks for JSON mode, then plain JSON, when the server has no structured output', async () => {
    const { json, requests } = await save('no-structured-output');
    expect(requests.map((q) => q.body.response_format?.type ?? 'plain')).toEqual(['json_schema', 'json_object', 'plain']);
    expect(json.generated_by).toBe('llm:no-structured-output');
    const jsonMode = await save('json-mode-only');
    expect(jsonMode.requests.map((q) => q.body.response_format?.type ?? 'plain')).toEqual(['json_schema', 'json_object']);
    expect(jsonMode.json.generated_by).toBe('llm:json-mode-only');
  });

  it('--no-llm makes no request; off by default when nothing is configured', async () => {
    const { json, requests } = await save('good-model', {}, ['--no-llm']);
    expect(requests).toHaveLength(0);
    expect(json.generated_by).toBe('deterministic');
    const env = isolatedEnv();
    const r = await cliAsync(['save', '-t', SAMPLE, '--json'], { cwd: tempRepo(env), env });
    expect(JSON.parse(r.stdout).llm).toBeNull();
  });

  it('redacts secrets before the prompt leaves the machine', async () => {
    const secret = `ghp_${'Zx9'.repeat(12)}`;
    const transcript = join(tempDir(), 'secret.jsonl');
    const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    lines.push(
      JSON.stringify({ type: 'user', sessionId: 'sec', message: { role: 'user', content: `push with token ${secret} and DATABASE_PASSWORD=hunter2hunter2` } }),
    );
    writeFileSync(transcript, `${lines.join('\n')}\n`);
    const { requests } = await save('good-model', {}, [], transcript);
    const sent = JSON.stringify(requests[0]!.body);
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain('hunter2hunter2');
    expect(sent).toContain('[REDACTED:');
  });

  it.skipIf(!HAS_CORPUS)('keeps the prompt within the token budget on a 200K-token session', async () => {
    const big = join(CORPUS, 'claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
    for (const budget of [2000, 8000]) {
      const { requests, json } = await save('good-model', { 'agentflow.llm.promptBudget': String(budget) }, [], big);
      const body = requests[0]!.body;
      const tokens = body.messages.reduce((n: number, m: any) => n + countTokens(m.content), 0);
      expect(tokens).toBeLessThanOrEqual(budget);
      expect(tokens).toBeGreaterThan(budget * 0.7);
      expect(json.prompt_tokens).toBe(tokens);
    }
  });
});

describe('git session config', () => {
  it('shows the effective settings, where they came from, and masks the key', async () => {
    const { env, repo } = repoWithModel('qwen-2.5-coder-32b:free', { 'agentflow.llm.apiKeyEnv': 'MY_KEY' });
    const r = await cliAsync(['config', '--json'], { cwd: repo, env: { ...env, MY_KEY: 'sk-or-v1-abcdef123456' } });
    const s = JSON.parse(r.stdout).settings;
    expect(s['llm.model']).toEqual({ value: 'qwen-2.5-coder-32b:free', source: 'git config agentflow.llm.model' });
    expect(s['llm.enabled']).toEqual({ value: true, source: 'a model is configured' });
    expect(s['llm.apiKey'].value).toBe('sk-…3456');
    expect(r.stdout).not.toContain('abcdef123456');
  });

  it('refuses a key stored in git config, and says where it belongs', async () => {
    const { env, repo } = repoWithModel('m', { 'agentflow.llm.apiKey': 'sk-leaked' });
    const r = await cliAsync(['config'], { cwd: repo, env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('agentflow.llm.apiKeyEnv');
    expect(r.stdout + r.stderr).not.toContain('sk-leaked');
  });
});
