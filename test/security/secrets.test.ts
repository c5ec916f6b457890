import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/manifest/index.js';
import { claudeAssistant, cli, cliAsync, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';
import { FakeOpenAI } from '../llm/fake-openai.js';
import { ALNUM, FORMATS, ORDINARY, type SecretFormat } from './secret-formats.js';

/** More than 10 KB of an ask before the secret. */
const FILLER = 'The checkout page loads slowly on mobile and the cart total is sometimes stale after a coupon. '.repeat(120);

/**
 * A Claude Code session with the secret in every place a transcript holds text, each beside a
 * canary word that tells whether the place reached git or the model at all.
 */
function claudeTranscript(secret: string, canary: (place: string) => string): object[] {
  const base = { sessionId: 'sec-session', cwd: '/home/dev/app', gitBranch: 'main', version: '2.1.39', isSidechain: false, userType: 'external' };
  const user = (uuid: string, content: unknown, extra: object = {}) => ({
    ...base,
    uuid,
    timestamp: '2026-03-01T10:00:00.000Z',
    type: 'user',
    message: { role: 'user', content },
    ...extra,
  });
  const say = (id: string, content: object[]) => ({
    ...claudeAssistant({ id, tokens: 120_000, sessionId: 'sec-session', cwd: '/home/dev/app', content }),
    uuid: `a-${id}`,
  });
  const bash = (id: string, command: string, output: string, isError: boolean) => [
    say(`m-${id}`, [{ type: 'tool_use', id, name: 'Bash', input: { command, description: 'run' } }]),
    user(`r-${id}`, [{ type: 'tool_result', tool_use_id: id, content: output, is_error: isError }]),
  ];
  return [
    user('u1', `${FILLER}\nAlways connect with this ${canary('ask-deep')}: ${secret} when you test the cart.\nThen make sure the cart total is fresh.`),
    say('m1', [{ type: 'text', text: 'I will look at the cart first.' }]),
    {
      ...base,
      uuid: 'c1',
      timestamp: '2026-03-01T10:00:00.000Z',
      type: 'system',
      subtype: 'compact_boundary',
      content: 'Conversation compacted',
      compactMetadata: { trigger: 'auto', preTokens: 160_000 },
    },
    user(
      'c2',
      `This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\nSummary:\n1. Primary Request and Intent: make the cart total fresh; the deploy connects with ${canary('compaction')} ${secret} for now.\n2. Pending Tasks: fix the migration.`,
      { isCompactSummary: true },
    ),
    user('u2', `${secret}\n${canary('ask-start')} is what the deploy uses; fix the failing migration with it.`),
    say('m2', [
      {
        type: 'tool_use',
        id: 'toolu_todo',
        name: 'TodoWrite',
        input: {
          todos: [
            { content: `Rotate ${canary('todo')} ${secret}`, status: 'pending', activeForm: 'Rotating' },
            { content: 'Fix the cart total', status: 'in_progress', activeForm: 'Fixing' },
          ],
        },
      },
    ]),
    user('u3', [{ type: 'tool_result', tool_use_id: 'toolu_todo', content: 'Todos have been modified successfully' }]),
    ...bash('toolu_err', 'npm run migrate', `Error: connection refused ${canary('error')}\n${secret}\n    at connect (db.js:10:5)`, true),
    ...bash('toolu_out', 'npm run print-settings', `# ${canary('output')}\n${secret}\n`, false),
    say('m4', [
      {
        type: 'tool_use',
        id: 'toolu_write',
        name: 'Write',
        input: { file_path: '/home/dev/app/deploy/settings.txt', content: `# ${canary('edit')}\n${secret}\n` },
      },
    ]),
    user('u4', [{ type: 'tool_result', tool_use_id: 'toolu_write', content: 'File created successfully at: /home/dev/app/deploy/settings.txt' }]),
    ...bash('toolu_cmd', `${secret} && npm run deploy # ${canary('command')}`, 'ok', false),
    say('m5', [{ type: 'text', text: `The migration still fails. Let me check the firewall with ${canary('final')} ${secret} before the deploy.` }]),
  ];
}

/** The same session as a Codex CLI rollout. */
function codexRollout(secret: string, canary: (place: string) => string): object[] {
  let t = Date.UTC(2026, 2, 1, 10);
  const line = (type: string, payload: object) => ({ timestamp: new Date((t += 1000)).toISOString(), type, payload });
  const ask = (text: string) => line('event_msg', { type: 'user_message', message: text });
  const say = (text: string) => line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
  const call = (id: string, name: string, args: object) => line('response_item', { type: 'function_call', name, arguments: JSON.stringify(args), call_id: id });
  const shell = (id: string, command: string, output: string, exitCode: number) => [
    call(id, 'shell', { command: ['bash', '-lc', command] }),
    line('response_item', { type: 'function_call_output', call_id: id, output }),
    line('event_msg', { type: 'exec_command_end', call_id: id, exit_code: exitCode }),
  ];
  const patch = `*** Begin Patch\n*** Add File: deploy/settings.txt\n+# ${canary('edit')}\n${secret
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n')}\n*** End Patch`;
  return [
    line('session_meta', { id: 'sec-codex', cwd: '/home/dev/app', cli_version: '0.171.0', git: { branch: 'main' } }),
    line('turn_context', { model: 'gpt-5.5', cwd: '/home/dev/app', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' } }),
    ask(`${FILLER}\nAlways connect with this ${canary('ask-deep')}: ${secret} when you test the cart.\nThen make sure the cart total is fresh.`),
    say('I will look at the cart first.'),
    line('compacted', {
      message: `Summary: make the cart total fresh; the deploy connects with ${canary('compaction')} ${secret} for now. Pending: fix the migration.`,
      replacement_history: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Then make sure the cart total is fresh.' }] }],
    }),
    ask(`${secret}\n${canary('ask-start')} is what the deploy uses; fix the failing migration with it.`),
    call('c-plan', 'update_plan', {
      plan: [
        { step: `Rotate ${canary('todo')} ${secret}`, status: 'pending' },
        { step: 'Fix the cart total', status: 'in_progress' },
      ],
    }),
    line('response_item', { type: 'function_call_output', call_id: 'c-plan', output: 'Plan updated' }),
    ...shell('c-err', 'npm run migrate', `Error: connection refused ${canary('error')}\n${secret}\n    at connect (db.js:10:5)`, 1),
    ...shell('c-out', 'npm run print-settings', `# ${canary('output')}\n${secret}\n`, 0),
    line('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'c-patch' }),
    line('response_item', { type: 'custom_tool_call_output', call_id: 'c-patch', output: 'Success. Updated the following files:\nA deploy/settings.txt' }),
    ...shell('c-cmd', `${secret} && npm run deploy # ${canary('command')}`, 'ok', 0),
    say(`The migration still fails. Let me check the firewall with ${canary('final')} ${secret} before the deploy.`),
    line('event_msg', {
      type: 'token_count',
      info: { last_token_usage: { input_tokens: 120_000, output_tokens: 100, total_tokens: 120_100 }, model_context_window: 258_400 },
    }),
  ];
}

const AGENTS = ['claude-code', 'codex'] as const;
const PLACES = ['ask-start', 'ask-deep', 'compaction', 'todo', 'command', 'error', 'output', 'edit', 'final'] as const;

/** Every git object of a repository, as `git cat-file --batch-all-objects --batch` prints it, and its other .git files. */
function everythingStored(repo: string): string {
  const objects = spawnSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: repo, encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  if (objects.status !== 0) throw new Error(objects.stderr);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const f = join(dir, n);
      if (statSync(f).isDirectory()) {
        if (n !== 'objects') walk(f);
      } else files.push(readFileSync(f, 'latin1'));
    }
  };
  walk(join(repo, '.git'));
  return objects.stdout + files.join('\n');
}

describe('redactSecrets covers every format', () => {
  it('has at least 24 formats', () => expect(FORMATS.length).toBeGreaterThanOrEqual(24));

  it.each(FORMATS.map((f) => [f.name, f]))('%s, alone and inside text', async (_name, f) => {
    for (const text of [f.text, `see ${f.text} here`, `${f.text} && npm run deploy`, `${FILLER}\n${f.text}\n${FILLER}`, JSON.stringify({ output: f.text })]) {
      const out = (await redactSecrets(text)).text;
      for (const core of f.cores) expect(out).not.toContain(core);
      expect(out).toContain('[REDACTED:');
      // A placeholder is never redacted again: a second pass changes nothing.
      expect((await redactSecrets(out)).text).toBe(out);
    }
  });

  it('redacts any secret-looking value under any secret key, in every syntax', async () => {
    const chars = fc.constantFrom(...ALNUM.split(''));
    const value = fc
      .tuple(fc.string({ unit: chars, minLength: 4, maxLength: 12 }), fc.integer({ min: 0, max: 9 }), fc.string({ unit: chars, minLength: 7, maxLength: 30 }))
      .map(([a, d, b]) => `${a}${d}${b}`);
    const key = fc.constantFrom(
      'password',
      'DB_PASSWORD',
      'PGPASSWORD',
      'passwd',
      'client_secret',
      'SecretAccessKey',
      'api_key',
      'apiKey',
      'APIKEY',
      'auth_token',
      'githubToken',
      'credentials',
      'aws_secret_access_key',
      'MYSQL_PWD',
      'DB_PASS',
    );
    const syntax = fc.constantFrom(
      (k: string, v: string) => `${k}=${v}`,
      (k: string, v: string) => `export ${k}="${v}"`,
      (k: string, v: string) => `  ${k}: ${v}`,
      (k: string, v: string) => `{"${k}": "${v}"}`,
      (k: string, v: string) => `{\\"${k}\\": \\"${v}\\"}`,
      (k: string, v: string) => `${k} = ${v}`,
      (k: string, v: string) => `${k} = '${v}'`,
      (k: string, v: string) => `--${k.toLowerCase().replace(/_/g, '-')} ${v}`,
    );
    await fc.assert(
      fc.asyncProperty(key, value, syntax, async (k, v, write) => {
        const out = (await redactSecrets(`before ${write(k, v)} && after`)).text;
        expect(out).not.toContain(v);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary prose and code alone', async () => {
    for (const t of ORDINARY) expect((await redactSecrets(t)).text).toBe(t);
  });
});

describe('the reason given to a save', () => {
  it('is redacted before it becomes a trailer of the snapshot commit', { timeout: 120_000 }, async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const transcript = writeJsonl(
      join(tempDir(), 'session.jsonl'),
      claudeTranscript('nothing secret here', (p) => p),
    );
    const oneLine = FORMATS.filter((f) => !f.text.includes('\n'));
    const r = await cliAsync(['save', '-t', transcript, '--reason', `before the deploy: ${oneLine.map((f) => f.text).join(' ; ')}`], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=Reason,valueonly)', 'refs/agentflow/sessions'], env)).toMatch(/^before the deploy: .*\[REDACTED:/);
    const stored = everythingStored(repo);
    for (const f of oneLine) for (const core of f.cores) expect(stored, `${f.name} reached git`).not.toContain(core);
  });
});

describe('a compaction summary the hooks keep', () => {
  const hooks: Array<[string, string, (summary: string) => object]> = [
    ['PostCompact', 'post-compact', (summary) => ({ hook_event_name: 'PostCompact', trigger: 'auto', compact_summary: summary })],
    [
      "SubagentStop of Claude Code's summarizer",
      'subagent-stop',
      (summary) => ({ hook_event_name: 'SubagentStop', stop_hook_active: false, last_assistant_message: summary }),
    ],
  ];
  it.each(hooks)('from %s is redacted before it is written to .git/agentflow/compact', async (_name, event, payload) => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const id = `compact-${event}`;
    const transcript = writeJsonl(
      join(tempDir(), `${id}.jsonl`),
      claudeTranscript('nothing secret here', (p) => p),
    );
    const input = (fields: object) => JSON.stringify({ session_id: id, transcript_path: transcript, cwd: repo, ...fields });
    expect((await cliAsync(['hook', 'pre-compact'], { cwd: repo, env, input: input({ hook_event_name: 'PreCompact', trigger: 'auto' }) })).status).toBe(0);
    const summary = `<summary>\n1. Primary Request and Intent: canaryxcompact; the deploy needs these:\n${FORMATS.map((f) => f.text).join('\n')}\n</summary>`;
    expect((await cliAsync(['hook', event], { cwd: repo, env, input: input(payload(summary)) })).status).toBe(0);
    // Kept at all: the file holds the summary's words.
    expect(readFileSync(join(repo, '.git', 'agentflow', 'compact', `${id}.txt`), 'utf8')).toContain('canaryxcompact');
    const stored = everythingStored(repo);
    for (const f of FORMATS) for (const core of f.cores) expect(stored, `${f.name} was kept`).not.toContain(core);
  });
});

describe('no secret reaches git or the model endpoint', () => {
  const server = new FakeOpenAI();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  const reached = Object.fromEntries(AGENTS.map((a) => [a, { git: new Set<string>(), model: new Set<string>() }]));

  /** Saves the session of one agent with the secret in every place; what reached git and the model. */
  async function saveWith(
    agent: (typeof AGENTS)[number],
    f: SecretFormat,
    canary: (place: string) => string,
    model: string,
  ): Promise<{ stored: string; sent: string }> {
    const env = { ...isolatedEnv(), OPENAI_API_KEY: 'sk-test-not-real' };
    const repo = tempRepo(env);
    git(repo, ['config', 'agentflow.llm.baseUrl', server.url], env);
    git(repo, ['config', 'agentflow.llm.model', model], env);
    const lines = agent === 'codex' ? codexRollout(f.text, canary) : claudeTranscript(f.text, canary);
    const transcript = writeJsonl(join(tempDir(), agent === 'codex' ? 'rollout-2026-03-01T10-00-00-sec-codex.jsonl' : 'session.jsonl'), lines);
    const r = await cliAsync(['save', '-t', transcript, '--json'], { cwd: repo, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).manifest.session_metadata.agent).toBe(agent);
    // The model name tells this save's requests apart: both agents' saves run at once.
    const sent = server.requests
      .filter((q) => q.body?.model === model)
      .map((q) => JSON.stringify(q.body))
      .join('\n');
    return { stored: everythingStored(repo), sent };
  }

  it.each(FORMATS.map((f, i) => [f.name, f, i]))('%s, in every place of a session of each agent', async (_name, f, i) => {
    await Promise.all(
      AGENTS.map(async (agent) => {
        const canary = (place: string) => `canary${i}x${agent.replace(/-/g, '')}x${place.replace(/-/g, '')}`;
        const { stored, sent } = await saveWith(agent, f, canary, `good-model-${agent}-${i}`);
        expect(sent, agent).not.toBe('');
        // The JSON-escaped form of a core is the core itself: every core is alphanumeric (or base64).
        for (const core of f.cores) {
          expect(stored, `${f.name} reached git from ${agent}`).not.toContain(core);
          expect(sent, `${f.name} reached the model from ${agent}`).not.toContain(core);
        }
        for (const place of PLACES) {
          if (stored.includes(canary(place))) reached[agent]!.git.add(place);
          if (sent.includes(canary(place))) reached[agent]!.model.add(place);
        }
      }),
    );
  });

  // The assertions above mean something only if each place's text does reach a channel: a
  // canary word beside the secret tells. (The model's excerpt leaves out what an edit wrote.)
  it.each(AGENTS)('every place of a %s session reaches git, and all but an edit reach the model', (agent) => {
    const { git: g, model: m } = reached[agent]!;
    expect(PLACES.filter((p) => !g.has(p))).toEqual([]);
    expect(PLACES.filter((p) => !m.has(p))).toEqual(['edit']);
  });
});

describe("the places this release reads: a hook's run and the user's own command", () => {
  it('reach git only redacted, each beside its canary', () => {
    const secret = FORMATS.find((f) => f.name.startsWith('GitHub'))!;
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const base = { sessionId: 'sec-hooks', cwd: '/home/dev/app', timestamp: '2026-03-01T10:00:00.000Z' };
    const user = (content: string, at: string) => ({ ...base, timestamp: at, type: 'user', message: { role: 'user', content } });
    const transcript = writeJsonl(join(tempDir(), 'session.jsonl'), [
      user('run the tests', '2026-03-01T10:00:00.000Z'),
      claudeAssistant({ id: 'm1', tokens: 20_000, sessionId: 'sec-hooks', cwd: '/home/dev/app', content: [{ type: 'text', text: 'Done.' }] }),
      {
        ...base,
        timestamp: '2026-03-01T10:00:02.000Z',
        type: 'attachment',
        uuid: 'h1',
        attachment: {
          type: 'hook_non_blocking_error',
          hookName: 'Stop',
          command: `npm test # canaryhook`,
          stdout: '',
          stderr: `token ${secret.text} rejected\n1 failed`,
          exitCode: 1,
        },
      },
      user(`<bash-input>npm run deploy # canaryshell</bash-input>`, '2026-03-01T10:00:03.000Z'),
      user(`<bash-stdout>${secret.text}\n2 failed</bash-stdout><bash-stderr>Exit code 1</bash-stderr>`, '2026-03-01T10:00:04.000Z'),
    ]);
    const r = cli(['save', '--no-llm', '-t', transcript], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    const stored = everythingStored(repo);
    for (const canary of ['canaryhook', 'canaryshell']) expect(stored).toContain(canary);
    for (const core of secret.cores) expect(stored).not.toContain(core);
  });
});

describe('what the agent read of a file it never changed, which the trail now keeps', () => {
  it('reaches git only redacted, beside its canary', () => {
    const secret = FORMATS.find((f) => f.name.startsWith('GitHub'))!;
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const say = (id: string, content: object[]) => claudeAssistant({ id, tokens: 20_000, sessionId: 'sec-read', cwd: '/home/dev/app', content });
    const user = (content: unknown) => ({
      sessionId: 'sec-read',
      cwd: '/home/dev/app',
      timestamp: '2026-03-01T10:00:00.000Z',
      type: 'user',
      message: { role: 'user', content },
    });
    const transcript = writeJsonl(join(tempDir(), 'session.jsonl'), [
      user('what does the deploy config say?'),
      say('m1', [{ type: 'tool_use', id: 'r1', name: 'Read', input: { file_path: '/home/dev/app/deploy.toml' } }]),
      user([{ type: 'tool_result', tool_use_id: 'r1', content: `     1→[deploy] # canaryread\n     2→token = "${secret.text}"\n` }]),
      // Rules that read a line from its start (YAML's "KEY: v", a .netrc's "password x"): the Read's numbers must not hide them.
      say('m3', [{ type: 'tool_use', id: 'r2', name: 'Read', input: { file_path: '/home/dev/app/docker-compose.yml' } }]),
      user([
        {
          type: 'tool_result',
          tool_use_id: 'r2',
          content: '     1→services: # canarycompose\n     2→  db:\n     3→    environment:\n     4→      POSTGRES_PASSWORD: hunter2,Zq9xWv7LpTAIL\n',
        },
      ]),
      say('m4', [{ type: 'tool_use', id: 'r3', name: 'Read', input: { file_path: '/home/dev/app/.netrc' } }]),
      user([
        {
          type: 'tool_result',
          tool_use_id: 'r3',
          content: '     1→machine api.example.com\n     2→  login bob\n     3→  password NetrcPw-8f3kQz\n     4→# canarynetrc\n',
        },
      ]),
      say('m2', [{ type: 'text', text: 'The deploy config sets a token.' }]),
    ]);
    const r = cli(['save', '--no-llm', '-t', transcript], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    const stored = everythingStored(repo);
    for (const canary of ['canaryread', 'canarycompose', 'canarynetrc']) expect(stored).toContain(canary);
    for (const core of [...secret.cores, 'Zq9xWv7LpTAIL', 'NetrcPw-8f3kQz']) expect(stored).not.toContain(core);
  });
});
