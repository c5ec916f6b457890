import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from '../../src/manifest/index.js';

const alnum = (n: number) =>
  fc.string({ minLength: n, maxLength: n, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') });
const upper = (n: number) => fc.string({ minLength: n, maxLength: n, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567') });

/** Secrets of the common providers, generated in their real shapes. */
const secretArb = fc.oneof(
  alnum(36).map((s) => `ghp_${s}`),
  alnum(82).map((s) => `github_pat_${s}`),
  alnum(20).map((s) => `glpat-${s}`),
  upper(16).map((s) => `AKIA${s}`),
  alnum(48).map((s) => `sk-proj-${s}`),
  alnum(93).map((s) => `sk-ant-api03-${s}AA`),
  alnum(24).map((s) => `xoxb-123456789012-123456789012-${s}`),
  alnum(35).map((s) => `AIza${s}`),
  alnum(24).map((s) => `sk_live_${s}`),
  fc.tuple(alnum(20), alnum(30), alnum(30)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`),
  alnum(12).map((s) => `https://deploy:${s}@example.com/repo.git`),
  alnum(30).map((s) => `https://a1${s}@github.com/org/repo.git`),
  alnum(40).map((s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----`),
  alnum(24).map((s) => `DATABASE_PASSWORD=${s}`),
  alnum(30).map((s) => `export STRIPE_SECRET_KEY="${s}"`),
  alnum(32).map((s) => `curl -H "Authorization: Bearer ${s}"`),
);

/** The part of a generated secret that must not survive: its longest random run. */
function core(secret: string): string {
  return (secret.match(/[A-Za-z0-9]{12,}/g) ?? [secret]).sort((a, b) => b.length - a.length)[0]!;
}

const prose = fc.string({ maxLength: 80, unit: fc.constantFrom(...'abc def ghi. ,:;()\n') });

describe('redactSecrets', () => {
  it('removes every generated secret, wherever it stands in the text', async () => {
    await fc.assert(
      fc.asyncProperty(prose, secretArb, prose, async (before, secret, after) => {
        const { text, found } = await redactSecrets(`${before} ${secret} ${after}`);
        expect(text).not.toContain(core(secret));
        expect(found.length).toBeGreaterThan(0);
        expect(text).toContain('[REDACTED:');
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(prose, secretArb, async (p, s) => {
        const once = (await redactSecrets(`${p}${s}`)).text;
        expect((await redactSecrets(once)).text).toBe(once);
      }),
      { numRuns: 60 },
    );
  });

  it('never redacts its own placeholder: a token URL redacted twice is the same text', async () => {
    const once = (await redactSecrets(`git clone https://a1${'Zq9'.repeat(10)}@github.com/org/repo.git`)).text;
    expect(once).toBe('git clone https://[REDACTED:url-token]@github.com/org/repo.git');
    expect((await redactSecrets(once)).text).toBe(once);
  });

  it('leaves ordinary session text alone', async () => {
    const ordinary = [
      'input_tokens: 164000, cache_read_input_tokens: 120000',
      'commit 8dfa1746841595924818bc316231f4f6fb881568 on feat/rate-limit',
      'session 5a3c9e1f-7b2d-4c8a-9f10-2e6d4b8a1c07 at 84.3%',
      'Run `npm test -- test/client.test.ts` then `git push origin main`',
      'const token = await getToken(); // refresh when expired',
      'PASSWORD_MIN_LENGTH=12 and MAX_TOKENS=4096',
      'https://github.com/owner/repo/pull/19905',
    ];
    for (const t of ordinary) expect((await redactSecrets(t)).text).toBe(t);
  });
});

describe('redactDeep', () => {
  it('redacts strings nested anywhere in an object and keeps the shape', async () => {
    const key = `ghp_${'a1B2'.repeat(9)}`;
    const { value, found } = await redactDeep({ a: [`use ${key}`, 'fine'], b: { c: `AKIA${'Q'.repeat(16)}` }, n: 3 });
    expect(JSON.stringify(value)).not.toContain(key);
    expect(JSON.stringify(value)).not.toContain('AKIAQQQQ');
    expect(value.a[1]).toBe('fine');
    expect(value.n).toBe(3);
    expect(found.length).toBe(2);
  });
});
