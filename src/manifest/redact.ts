/**
 * Secret redaction for everything that goes into git or leaves the machine. secretlint's
 * recommended preset (maintained rules for AWS, GCP, GitHub, Slack, OpenAI, Anthropic, npm,
 * private keys, basic auth …) finds what it knows; a few extra patterns cover what it
 * deliberately skips here: `.env`-style KEY=value secrets, JWTs, and key shapes it only accepts
 * in full files.
 */

export interface Redaction {
  text: string;
  /** Rule ids that matched, one per secret found. */
  found: string[];
}

const EXTRA_RULES: Array<{ id: string; pattern: RegExp }> = [
  { id: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { id: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { id: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { id: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { id: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/g },
  { id: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { id: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { id: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { id: 'stripe-key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { id: 'url-password', pattern: /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]{1,}(?=@)/gi },
  {
    // Upper-case only, as environment variables are: `tokens: 1200` in prose must stay.
    id: 'env-secret',
    pattern: /(?<=\b[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*\s*[=:]\s*["']?)(?!\d+\b)[^\s"'`]{8,}/g,
  },
  { id: 'password-flag', pattern: /(?<=--?(?:password|passwd|token|api-key|secret)(?:=|\s+)["']?)[^\s"'`]{4,}/gi },
  { id: 'bearer-token', pattern: /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}/g },
];

type Lint = (text: string) => Promise<Array<{ id: string; start: number; end: number }>>;
let secretlint: Promise<Lint | null> | undefined;

/** Loads secretlint once; if it cannot load, the extra rules still run and the caller is told. */
function loadSecretlint(): Promise<Lint | null> {
  secretlint ??= (async () => {
    try {
      const [{ lintSource }, preset] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
      const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
      return async (content: string) => {
        const r = await lintSource({ source: { content, filePath: '/manifest.txt', ext: '.txt', contentType: 'text' }, options: { config, maskSecrets: false } });
        return r.messages.map((m) => ({ id: m.ruleId.replace('@secretlint/secretlint-rule-', ''), start: m.range[0], end: m.range[1] }));
      };
    } catch {
      return null;
    }
  })();
  return secretlint;
}

const marker = (id: string): string => `[REDACTED:${id}]`;

/** Replaces every secret in `text` with `[REDACTED:<rule>]`. */
export async function redactSecrets(text: string): Promise<Redaction> {
  const found: string[] = [];
  const lint = await loadSecretlint();
  let out = text;
  if (lint) {
    const hits = (await lint(out)).sort((a, b) => b.start - a.start);
    let lastStart = Number.POSITIVE_INFINITY;
    for (const h of hits) {
      if (h.end > lastStart) continue;
      out = out.slice(0, h.start) + marker(h.id) + out.slice(h.end);
      found.push(h.id);
      lastStart = h.start;
    }
  }
  for (const rule of EXTRA_RULES) {
    out = out.replace(rule.pattern, (m) => {
      if (m.startsWith('[REDACTED:')) return m;
      found.push(rule.id);
      return marker(rule.id);
    });
  }
  return { text: out, found };
}

/**
 * Redacts every string inside a JSON-like value, with one secretlint pass over all of them
 * (one call per string would cost a few ms each).
 */
export async function redactDeep<T>(value: T): Promise<{ value: T; found: string[] }> {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(value);
  const SEP = '\n\u0000\n';
  const joined = strings.join(SEP);
  const { text, found } = await redactSecrets(joined);
  if (found.length === 0) return { value, found };
  const parts = text.split(SEP);
  if (parts.length !== strings.length) {
    // A secret spanned two strings (cannot happen with the separator, but never store unredacted).
    const each = await Promise.all(strings.map((s) => redactSecrets(s)));
    parts.splice(0, parts.length, ...each.map((e) => e.text));
  }
  let i = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return parts[i++];
    if (Array.isArray(v)) return v.map(rebuild);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
    return v;
  };
  return { value: rebuild(value) as T, found };
}
