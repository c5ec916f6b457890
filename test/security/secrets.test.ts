import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/manifest/index.js';
import { claudeAssistant, cliAsync, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';
import { FakeOpenAI } from '../llm/fake-openai.js';

// Every secret is made up at run time from a seeded generator: the file itself holds none, and
// each core is unique, so finding it anywhere downstream can only mean it leaked.
let seed = 0x5eed;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rand(n: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    s += alphabet[(seed >>> 8) % alphabet.length];
  }
  return s;
}
const hex = (n: number) => rand(n, '0123456789abcdef');
const upper = (n: number) => rand(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

interface SecretFormat {
  name: string;
  /** The secret as it stands in a session (a command, a config line, a header …). */
  text: string;
  /** The parts of it that must never reach git or the model. */
  cores: string[];
}

/** A secret whose whole sensitive part is one random run. */
function format(name: string, make: (core: string) => string, core = rand(20)): SecretFormat {
  return { name, text: make(core), cores: [core] };
}

const FORMATS: SecretFormat[] = [
  format('postgres URL', (c) => `DATABASE_URL is postgres://app:${c}@db.internal:5432/app`),
  format('mysql URL', (c) => `mysql://root:${c}@127.0.0.1:3306/shop`),
  format('redis URL with empty user', (c) => `redis://:${c}@cache.internal:6379/0`),
  format('amqp URL', (c) => `amqp://guest:${c}@rabbit:5672/vhost`),
  format('mongodb+srv URL', (c) => `mongodb+srv://admin:${c}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`),
  format('https URL with user info', (c) => `git clone https://deploy:${c}@git.example.com/team/app.git`),
  format('curl -u', (c) => `curl -sS -u admin:${c} https://api.example.com/v1/items`),
  format('mysql -p', (c) => `mysql -h db -u root -p${c} shop < dump.sql`),
  format('--password flag', (c) => `psql-wrapper --host db --password ${c} --db app`),
  format('--token= flag', (c) => `deployctl push --token=${c} --env prod`),
  format('--api-key flag', (c) => `mycli login --api-key "${c}"`),
  format('PGPASSWORD', (c) => `PGPASSWORD=${c} psql -h db -U app -c 'select 1'`),
  format('shell assignment, lower case', (c) => `db_password=${c} ./migrate.sh`),
  format('export with quotes', (c) => `export SERVICE_API_TOKEN="${c}"`),
  format('YAML', (c) => `database:\n  host: db\n  password: ${c}\n  port: 5432`),
  format('JSON', (c) => `{"client_id": "app", "client_secret": "${c}"}`),
  format('JSON with escaped quotes', (c) => `{\\"db\\": {\\"password\\": \\"${c}\\"}}`),
  format('INI, mixed-case key', (c) => `[service]\nMyAppApiKey = ${c}`),
  format('TOML', (c) => `[auth]\napi_key = "${c}"`),
  format('credential key', (c) => `Credential: ${c}`),
  format('passwd', (c) => `passwd='${c}'`),
  format('apikey', (c) => `apikey: ${c}`),
  (() => {
    const pw = rand(16);
    const b64 = Buffer.from(`deploy:${pw}`).toString('base64');
    return { name: 'Authorization: Basic', text: `curl -H 'Authorization: Basic ${b64}' https://api.example.com`, cores: [b64, pw] };
  })(),
  format('Authorization: Bearer', (c) => `Authorization: Bearer ${c}`, rand(40)),
  (() => {
    const [a, b] = [rand(40), rand(43)];
    return { name: 'JWT', text: `token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${a}.${b}`, cores: [a, b] };
  })(),
  (() => {
    const lines = [`MIIEpAIBAAKCAQEA${rand(48)}`, rand(64), rand(64)];
    return { name: 'PEM private key', text: `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`, cores: lines };
  })(),
  (() => {
    const lines = [`b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAA${rand(36)}`, rand(70)];
    return { name: 'OpenSSH private key', text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`, cores: lines };
  })(),
  format('AWS access key id', (c) => `aws_access_key_id=AKIA${c}`, upper(16)),
  format('AWS credentials file secret', (c) => `[default]\naws_secret_access_key = ${c}`, rand(40)),
  format('AWS secret in env', (c) => `AWS_SECRET_ACCESS_KEY=${c}`, rand(40)),
  format('AWS secret in sts JSON', (c) => `"Credentials": {"AccessKeyId": "ASIA${upper(16)}", "SecretAccessKey": "${c}"}`, rand(40)),
  format('GitHub ghp_', (c) => `ghp_${c}`, rand(36)),
  format('GitHub gho_', (c) => `gho_${c}`, rand(36)),
  format('GitHub ghs_', (c) => `ghs_${c}`, rand(36)),
  format('GitHub ghu_', (c) => `ghu_${c}`, rand(36)),
  format('GitHub github_pat_', (c) => `github_pat_11ABCDEFG0${c}`, `${rand(12)}_${rand(59)}`),
  format('GitLab glpat-', (c) => `glpat-${c}`, rand(20)),
  format('Slack xoxb-', (c) => `xoxb-123456789012-123456789012-${c}`, rand(24)),
  format('Slack xoxp-', (c) => `xoxp-123456789012-123456789012-123456789012-${c}`, hex(32)),
  format('Slack webhook', (c) => `https://hooks.slack.com/services/T0${upper(8)}/B0${upper(8)}/${c}`, rand(24)),
  format('Stripe sk_live_', (c) => `sk_live_${c}`, rand(24)),
  format('Stripe rk_test_', (c) => `rk_test_${c}`, rand(24)),
  format('Stripe sk_test_', (c) => `sk_test_${c}`, rand(24)),
  format('SendGrid', (c) => `SG.${rand(22)}.${c}`, rand(43)),
  format('Twilio API key', (c) => `SK${c}`, hex(32)),
  format('Google API key', (c) => `AIza${c}`, rand(35)),
  format('npm token', (c) => `//registry.npmjs.org/:_authToken=npm_${c}`, rand(36)),
  format('Hugging Face', (c) => `hf_${c}`, rand(34)),
  format('DigitalOcean', (c) => `dop_v1_${c}`, hex(64)),
  format('Azure AccountKey', (c) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${c}==;EndpointSuffix=core.windows.net`, rand(86)),
  format(
    'Azure SharedAccessSignature',
    (c) => `BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-01-01T00:00:00Z&sig=${c}%3D`,
    rand(43),
  ),
  format('OpenAI sk-', (c) => `sk-${c}`, rand(48)),
  format('OpenAI sk-proj-', (c) => `sk-proj-${c}`, rand(80)),
  format('OpenAI sk-svcacct-', (c) => `sk-svcacct-${c}`, rand(80)),
  format('Anthropic sk-ant-', (c) => `sk-ant-api03-${c}AA`, rand(93)),
  // Forms the second red team found passing (issue 27):
  format('PyPI token', (c) => `pypi-AgEIcHlwaS5vcmcCJ${c}`, rand(120)),
  format('PyPI token after twine -p', (c) => `twine upload -u __token__ -p pypi-AgENdGVzdC5weXBpLm9yZw${c} dist/*`, rand(90)),
  format('twine -p', (c) => `twine upload -u alice -p ${c} dist/*`),
  format('twine --password', (c) => `twine upload --repository testpypi --password ${c} dist/*`),
  format('docker login -p', (c) => `docker login -u deploy -p ${c} registry.example.com`),
  format('docker login --password', (c) => `docker login --username deploy --password ${c} ghcr.io`),
  format('Laravel APP_KEY', (c) => `APP_ENV=production\nAPP_KEY=base64:${c}=\nAPP_DEBUG=false`, rand(43)),
  (() => {
    const [a, b] = [rand(12), rand(12)];
    return { name: 'URL password with a slash', text: `mongodb+srv://svc:${a}/${b}@cluster0.ab1cd.mongodb.net/prod`, cores: [a, b] };
  })(),
  format('_PASSWORD= with punctuation first', (c) => `REDIS_PASSWORD=k;${c} ./start.sh`),
  (() => {
    const [a, b, c] = [rand(8), rand(8), rand(8)];
    return { name: '_PASSWORD= with punctuation inside', text: `export SMTP_PASSWORD=${a}(${b})&${c},;`, cores: [a, b, c] };
  })(),
  (() => {
    const [id, secret] = [upper(16), rand(40)];
    return {
      name: 'aws configure prompts',
      text: `AWS Access Key ID [None]: AKIA${id}\nAWS Secret Access Key [None]: ${secret}\nDefault region name [None]: eu-west-1`,
      cores: [id, secret],
    };
  })(),
  format('.pgpass line', (c) => `db.internal:5432:app:appuser:${c}`),
  format('htpasswd -b', (c) => `htpasswd -b /etc/nginx/.htpasswd admin ${c}`),
  format('htpasswd -nbB', (c) => `htpasswd -nbB -C 12 admin ${c}`),
  format('openssl -passout', (c) => `openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:${c}`),
  format('openssl -passin', (c) => `openssl rsa -in enc.key -passin pass:${c} -out plain.key`),
  format('openssl -pass', (c) => `openssl enc -aes-256-cbc -salt -pass pass:${c} -in backup.tar -out backup.enc`),
];

/** Text that must pass the redactor unchanged: prose, code and numbers that only look related. */
const ORDINARY = [
  'tokens: 1200',
  'input_tokens: 164000, cache_read_input_tokens: 120000',
  'max_tokens=4096 and PASSWORD_MIN_LENGTH=12',
  'interface Login { password: string; token?: string | undefined }',
  'function connect(password: string, apiKey: ApiKey): Promise<void>',
  'const token = getToken();',
  'token = await refreshToken(session)',
  'const secret = process.env.JWT_SECRET;',
  'password: ${{ secrets.DB_PASSWORD }}',
  'export GITHUB_TOKEN=$(gh auth token)',
  'api_key = os.environ["OPENAI_API_KEY"]',
  'The token: refresh it every hour.',
  'type Creds = { password?: string; secret: Buffer; tokens: number[] }',
  'Use a Bearer token in the Authorization header.',
  'git push -u origin main',
  'https://github.com/owner/repo/pull/19905',
  'http://localhost:3000/@vite/client',
  'commit 8dfa1746841595924818bc316231f4f6fb881568 on feat/rate-limit',
  'session 5a3c9e1f-7b2d-4c8a-9f10-2e6d4b8a1c07 at 84.3%',
  'if (token === undefined) throw new Error("no token")',
  'expect(secret).toBe(expected)',
  'Run `npm test -- test/client.test.ts` then `git push origin main`',
  // Seen in real sessions of the corpus:
  '.map((text, index) => ({ text, token: texts[index] }))',
  'token_parts: list[str] = []',
  '(phoenix 1.8.3) lib/phoenix/token.ex:151: Phoenix.Token.sign/4',
  'src/utils/auth.ts:12: import type { Provider } from "./types"',
  '"@aws-sdk/credential-providers": "^3.948.0", "jsonwebtoken": "^9.0.2"',
  '"validate:secrets": "secretlint **/*"',
  '- Token: gho_************************************',
  'user_id=Bearer dev-codemie-user is not valid',
  'const textFromTokens = model\n  .batch_decode(ids)',
  'litellmApiKey: isLiteLLM ? env.KEY : undefined',
  '"tokenizer": "o200k_base", passwordless: true',
  "echo 'export API_KEY=your-api-key' >> .env",
  // Beside the forms of issue 27:
  'echo "$CR_PAT" | docker login --username ci --password-stdin ghcr.io',
  'docker run -p 8080:80 nginx && docker login ghcr.io',
  'pip install pypi-simple pypi-attestations',
  'https://cdn.example.com:8443/npm/@scope/pkg@1.2.3/dist/index.js',
  'fe80:0:0:0:200:f8ff:fe21:67cf and 2001:db8:85a3:0:0:8a2e:370:7334',
  '`postmaster@[IPv6:2001:0db8:85a3:0000:0000:8a2e:0370:7334]`,',
  'main.go:12:5: undefined: foo; at 10:30:00:123:INFO started',
  'openssl rsa -in k.pem -passin env:KEY_PASS -passout pass:$KEY_PASS',
  'htpasswd -c /etc/nginx/.htpasswd admin',
  'htpasswd -b takes the password as its last argument; docker login -p flag is insecure',
  'SECRET_KEY = get_random_secret_key()',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk',
];

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
