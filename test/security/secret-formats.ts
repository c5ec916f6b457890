// The secret test set: every format of secret the redactor must remove, and ordinary text it
// must leave alone. Used by secrets.test.ts and by the check of the compiled secretlint table.
// Every secret is made up at run time from a seeded generator: the file itself holds none, and
// each core is unique, so finding it anywhere downstream can only mean it leaked.
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random strings from a seeded generator: the same on every run, a new one each call. */
export function seededRandom(seed: number): (n: number, alphabet?: string) => string {
  return (n, alphabet = ALNUM) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      s += alphabet[(seed >>> 8) % alphabet.length];
    }
    return s;
  };
}
const rand = seededRandom(0x5eed);
const hex = (n: number) => rand(n, '0123456789abcdef');
const upper = (n: number) => rand(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

export interface SecretFormat {
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

export const FORMATS: SecretFormat[] = [
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
export const ORDINARY = [
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
