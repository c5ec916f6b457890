// The compiled secretlint table (src/manifest/secretlint-rules.ts) against real secretlint: the same
// hits over the secret test set, cases for every rule and its checks, generated secrets in prose,
// and every string of every corpus transcript.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRETLINT_PRESET_VERSION, secretlintHits } from '../../src/manifest/secretlint-rules.js';
import { corpusFiles } from '../helpers.js';
import { ALNUM, FORMATS, ORDINARY, seededRandom } from '../security/secret-formats.js';

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

/** What secretlint reports, as redact.ts used to call it: `rule start end`, sorted, once each. */
async function secretlint(content: string): Promise<string[]> {
  const r = await lintSource({ source: { content, filePath: '/manifest.txt', ext: '.txt', contentType: 'text' }, options: { config, maskSecrets: false } });
  return [...new Set(r.messages.map((m) => `${m.ruleId.replace('@secretlint/secretlint-rule-', '')} ${m.range[0]} ${m.range[1]}`))].sort();
}
const compiled = (content: string): string[] =>
  [...new Set(secretlintHits(content, { honourComments: true }).map((h) => `${h.id} ${h.start} ${h.end}`))].sort();

const rand = seededRandom(0xc0ffee);
const hex = (n: number) => rand(n, '0123456789abcdef');
/** A 1Password service account token's body: base64url JSON ending in `fQ` (`}` at a whole group). */
function onePasswordBody(): string {
  for (let pad = 0; ; pad++) {
    const body = Buffer.from(JSON.stringify({ signInAddress: 'my.1password.com', secret: rand(40), p: 'x'.repeat(pad) })).toString('base64url');
    if (body.endsWith('fQ')) return body;
  }
}
const pem = (kind: string, body: string) => `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`;

/** Every rule of the preset, with what it reports and what it drops. */
const PRESET_CASES: string[] = [
  `AWS_SECRET_ACCESS_KEY=${rand(40)}`,
  `"aws_secret_access_key": "${rand(40)}"`,
  `SecretAccessKey => '${rand(40)}'`,
  'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  `AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')} and AWS_ACCOUNT_ID=1234-5678-9012`,
  pem('RSA ', `MIIEpAIBAAKCAQEA${rand(120)}`),
  pem('', `MIIEvQIBADANBg${rand(60)}\n${rand(64)}`),
  pem('OPENSSH ', `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAA${rand(100)}`),
  pem('RSA ', `${'x'.repeat(120)}`),
  pem('EC ', `MII${rand(40)}`),
  `"private_key": "${pem('', `MIIEvQIBADANBg${rand(120)}`).replace(/\n/g, '\\n')}"`,
  `npm_${rand(36)}`,
  `//registry.npmjs.org/:_authToken=${rand(36)}`,
  `https://${rand(20)}:x-oauth-basic@github.com/org/repo`,
  `https://deploy:${rand(12)}@git.example.com/x.git ftp://u:${rand(8)}@files.example.org/a`,
  'https://user:password@example.com https://a:aaaa@example.com https://x:${PASS}@host.com https://me:pw@host.io',
  `http://localhost:${rand(10)}@example.com https://joe:YOUR_PASSWORD@example.com`,
  `xoxb-123456789012-123456789012-${rand(24)} xapp-1-${rand(10)}-${rand(30)}`,
  `https://hooks.slack.com/services/T${rand(8)}/B${rand(8)}/${rand(24)}`,
  `SG.${rand(22)}.${rand(43)} SG.${rand(10)}.${rand(20)}`,
  `shpat_${hex(32)} shpss_${rand(40)}`,
  `ghp_${rand(36)} gho_${rand(36)} github_pat_${rand(82)} xghp_${rand(36)}`,
  `glpat-${rand(20)}`,
  `sk-proj-${rand(74)}T3BlbkFJ${rand(74)} sk-${rand(20)}T3BlbkFJ${rand(20)} sk-admin-${rand(58)}T3BlbkFJ${rand(58)}`,
  `sk-ant-api03-${rand(93)}AA`,
  `gsk_${rand(52)}`,
  `hf_${rand(34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`,
  `lin_api_${rand(40)}`,
  `ntn_${rand(11, '0123456789')}${rand(35)}`,
  `glc_${rand(60)}== glsa_${rand(32)}_${hex(8)}`,
  `ops_${onePasswordBody()}`,
  `ops_ey${rand(120)}fQ==`,
  `mongodb+srv://admin:${rand(12)}@cluster0.ab1cd.mongodb.net/prod mongodb://u:root@host/db`,
  `jdbc:mysql://app:${rand(12)}@db:3306/shop mysqlx://u:$(pw)@h/db mysql://u:aaaa@h/db mysql://u:abc@h`,
  `postgres://app:${rand(12)}@db.internal:5432/app postgresql://u:\${PW}@h/db postgres://u:secret@h`,
  `hvs.${rand(100)} hvb.${rand(150)} hvr.${rand(95)}`,
  `vcp_${rand(30)} vck_${rand(50)}`,
  `dapi${hex(32)} dapi${hex(32)}-2`,
  `dckr_pat_${rand(27)}`,
  `figd_${rand(50)}`,
  // secretlint-rule-filter-comments:
  `# secretlint-disable\nghp_${rand(36)}\n# secretlint-enable\nghp_${rand(36)}`,
  `// secretlint-disable @secretlint/secretlint-rule-github -- a fixture\nghp_${rand(36)} glpat-${rand(20)}\n// secretlint-enable @secretlint/secretlint-rule-github\nghp_${rand(36)}`,
  `ghp_${rand(36)} # secretlint-disable-line\nghp_${rand(36)}`,
  `# secretlint-disable-next-line\nnpm_${rand(36)}\nnpm_${rand(36)}`,
  `last line ghp_${rand(36)} # secretlint-disable-line`,
  `# secretlint-disable-next-line @secretlint/secretlint-rule-npm\r\nnpm_${rand(36)} ghp_${rand(36)}\r\n`,
  `# secretlint-disable\nghp_${rand(36)}`,
];

describe('the compiled secretlint table', () => {
  it('was compiled from the installed preset: a new version needs the table checked again', () => {
    const require = createRequire(import.meta.url);
    expect(require('@secretlint/secretlint-rule-preset-recommend/package.json').version).toBe(SECRETLINT_PRESET_VERSION);
  });

  it('finds what secretlint finds in every case of the preset, and drops what it drops', async () => {
    for (const text of PRESET_CASES) expect(compiled(text), text).toEqual(await secretlint(text));
    // The cases reach every rule: a rule the table lost would still fail here.
    const ids = new Set(PRESET_CASES.flatMap((t) => secretlintHits(t).map((h) => h.id)));
    expect([...ids].sort()).toEqual(
      'npm 1password anthropic aws basicauth database-connection-string databricks docker figma github gitlab grafana groq hashicorp-vault huggingface linear notion openai privatekey sendgrid shopify slack vercel'
        .split(' ')
        .sort(),
    );
  });

  it('finds what secretlint finds in the secret test set, alone and together', async () => {
    const texts = [...FORMATS.map((f) => f.text), ...ORDINARY];
    for (const text of texts) expect(compiled(text), text).toEqual(await secretlint(text));
    const all = [...texts, ...PRESET_CASES].join('\n\0\n');
    expect(compiled(all)).toEqual(await secretlint(all));
  });

  it('finds what secretlint finds in generated secrets inside prose', async () => {
    const secret = fc.oneof(
      fc.constantFrom(...FORMATS.map((f) => f.text), ...PRESET_CASES),
      fc.string({ minLength: 36, maxLength: 36, unit: fc.constantFrom(...ALNUM) }).map((s) => `ghp_${s}`),
    );
    const prose = fc.string({ maxLength: 60, unit: fc.constantFrom(...'ab :=@/_-.\n"\'#xoAK') });
    await fc.assert(
      fc.asyncProperty(prose, secret, prose, async (a, s, b) => {
        const text = `${a}${s}${b}`;
        expect(compiled(text)).toEqual(await secretlint(text));
      }),
      { numRuns: 300 },
    );
  });
});

/** Every string a JSON line holds, as redaction sees them. */
function stringsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
}

describe('redaction and secretlint-disable comments', () => {
  it('a secretlint-disable comment in a transcript lets no secret through: redaction asks without the comments', async () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
    const text = `# secretlint-disable\nexport GITHUB_TOKEN=${token}\n# secretlint-enable`;
    expect(secretlintHits(text).map((h) => h.id)).toContain('github');
    expect(secretlintHits(text, { honourComments: true })).toEqual([]);
    const { redactSecrets } = await import('../../src/manifest/redact.js');
    expect(JSON.stringify(await redactSecrets(text))).not.toContain(token);
  });
});

describe('the compiled secretlint table on the corpus', () => {
  for (const file of corpusFiles()) {
    it.skipIf(!existsSync(file))(`finds what secretlint finds in every string of ${file.split('/corpus/')[1]}`, async () => {
      const strings: string[] = [];
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        try {
          stringsOf(JSON.parse(line), strings);
        } catch {
          if (line) strings.push(line);
        }
      }
      // In batches of about a megabyte, joined as redactDeep joins them; each string a batch finds
      // something in, on its own too.
      for (let start = 0; start < strings.length;) {
        let end = start;
        for (let chars = 0; end < strings.length && (end === start || chars + strings[end]!.length <= 1 << 20); end++) chars += strings[end]!.length + 3;
        const batch = strings.slice(start, end).join('\n\0\n');
        const hits = compiled(batch);
        expect(hits, `${file}: strings ${start}–${end}`).toEqual(await secretlint(batch));
        if (hits.length) for (const s of strings.slice(start, end)) expect(compiled(s), s.slice(0, 200)).toEqual(await secretlint(s));
        start = end;
      }
    });
  }
});
