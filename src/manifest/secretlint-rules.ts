/**
 * secretlint's recommended preset (@secretlint/secretlint-rule-preset-recommend, the version in
 * SECRETLINT_PRESET_VERSION) compiled into a table: each rule's patterns, the range it reports and
 * the checks that drop a match, as secretlint runs them with default options on a text file
 * (`/manifest.txt`), and its `secretlint-disable` comments. Loading secretlint cost every save
 * 15–20 ms; a table of regular expressions costs nothing. test/manifest/secretlint-rules.test.ts
 * runs real secretlint and this table over the secret test set and every corpus transcript and
 * requires the same hits, and fails when the installed preset is another version.
 *
 * Rules the preset applies only to other files are left out: gcp (`.json`, `.p12`), npm's
 * `_authToken` (`.npmrc`) and `x-oauth-basic` URL (package.json); aws reports only the secret
 * access key (the key id and account id rules are off by default).
 */
import { lowerOnce, mayMatch } from './literals.js';

export const SECRETLINT_PRESET_VERSION = '12.0.0';

export interface PresetPattern {
  /** The rule's id without `@secretlint/secretlint-rule-`. */
  id: string;
  /** Global, as the rule writes it. */
  pattern: RegExp;
  /** False when the rule drops the match (a placeholder, an example, a shape it does not accept). */
  accept?: (m: RegExpExecArray) => boolean;
  /** The range the rule reports, when not the whole match. */
  range?: (m: RegExpExecArray) => [number, number];
}

export interface PresetHit {
  id: string;
  start: number;
  end: number;
}

/** `${var}`, `{{var}}`, `$VAR` …: a template, not a credential (basicauth's list; database adds `$(var)`). */
const VARIABLES = [/\$\{[^}]{1,50}\}/, /\{\{[^}]{1,50}\}\}/, /\{[^}]{1,50}\}/, /%[A-Z_]{1,30}%/, /\$[A-Z_]{1,30}/];
const isVariable = (s: string, extra: RegExp[] = []): boolean => [...VARIABLES, ...extra].some((p) => p.test(s));
const repeated = (s: string): boolean => /^(.)\1{3,}$/.test(s);

/** Placeholders both basicauth and database-connection-string skip (each adds a few of its own). */
const PLACEHOLDERS = [
  'localhost',
  '127.0.0.1',
  'password',
  'mypassword',
  'myusername',
  '{password}',
  '${password}',
  '{{password}}',
  '{username}',
  '${username}',
  '{{username}}',
  'YOUR_PASSWORD',
  'YOUR_USERNAME',
  'REPLACE_WITH_PASSWORD',
];
/** basicauth skips a part that holds one of these. */
const BASIC_AUTH_IGNORED = [...PLACEHOLDERS, 'REPLACE_WITH_USERNAME'].map((p) => p.toLowerCase());
const basicAuthPart = (s: string, min: number): boolean => s.length >= min && !isVariable(s) && !BASIC_AUTH_IGNORED.some((p) => s.toLowerCase().includes(p));

/** database-connection-string skips a password that is one of these. */
const DATABASE_IGNORED = new Set(
  [...PLACEHOLDERS, 'example.com', 'example.org', 'test.com', 'username', 'secret', 'root', 'admin', 'user', 'pass'].map((p) => p.toLowerCase()),
);
const databasePassword = (m: RegExpExecArray): boolean => {
  const { username, password } = m.groups ?? {};
  if (!username || !password || password.length < 4 || repeated(password)) return false;
  return !isVariable(password, [/\$\([^)]{1,50}\)/]) && !DATABASE_IGNORED.has(password.toLowerCase());
};
const DATABASE_URL = String.raw`:\/\/(?:(?<username>[^:\/\s]{1,100}):(?<password>[^@\/\s]{1,200})@)?(?<host>[^\/\s?]{1,100})(?:\/(?<database>[^?\s]{0,100}))?(?:\?(?<options>[^\s]{0,500}))?`;

/** A PEM body that is a key (DER `MI…` or `openssh-key-v1`), not a placeholder. */
function pemKey(m: RegExpExecArray): boolean {
  const body = (m[1] ?? '').replace(/\s|\\n/g, '');
  return /^[A-Za-z0-9+/]+=*$/.test(body) && body.length >= 100 && /^(MI|b3BlbnNzaC1rZXktdjE)/.test(body);
}

/** A 1Password service account token's body is base64url JSON. */
function onePasswordJson(m: RegExpExecArray): boolean {
  try {
    const json: unknown = JSON.parse(atob((m[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json === 'object' && json !== null;
  } catch {
    return false;
  }
}

const token = (id: string, pattern: RegExp): PresetPattern => ({ id, pattern });

export const SECRETLINT_PATTERNS: PresetPattern[] = [
  {
    id: 'aws',
    pattern: new RegExp(
      String.raw`["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/\+=]{40})["']?\b`,
      'g',
    ),
    accept: (m) => m[1] !== 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    // As the rule reports it: from the start of the match, as long as the key.
    range: (m) => [m.index, m.index + (m[1] ?? '').length],
  },
  {
    id: 'privatekey',
    pattern:
      /-----BEGIN[ ]?(?:(?:RSA|DSA|EC|OPENSSH|PGP) )?PRIVATE KEY(?: BLOCK)?-----\n?([A-Za-z0-9+/=\s\\]{100,10000})\n?-----END[ ]?(?:(?:RSA|DSA|EC|OPENSSH|PGP) )?PRIVATE KEY(?: BLOCK)?-----/gm,
    accept: pemKey,
  },
  token('npm', /(?<!\p{L})npm_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/gu),
  {
    id: 'basicauth',
    pattern:
      /(?<protocol>(?:https?|ftp|ftps)):\/\/(?<user>[-a-zA-Z0-9_]{1,256}):(?<password>[-a-zA-Z0-9_]{1,256})@[-a-zA-Z0-9%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b/g,
    accept: (m) => {
      const { user, password } = m.groups ?? {};
      return !!user && !!password && basicAuthPart(user, 2) && basicAuthPart(password, 4) && !repeated(password);
    },
  },
  token('slack', /\b(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-(?:\d-)?(?:[a-zA-Z0-9]{1,40}-)+[a-zA-Z0-9]{1,40}\b/g),
  token('slack', /https:\/\/hooks\.slack\.com\/services\/T[a-zA-Z0-9]{1,40}\/B[a-zA-Z0-9]{1,40}\/[a-zA-Z0-9]{1,40}/gi),
  { id: 'sendgrid', pattern: /(?<!\p{L})SG\.\w{1,128}\.\w{1,128}([-_]?)\w{1,128}(?!\w)/gu, accept: (m) => m[0].length === 69 },
  token('shopify', /(?<!\p{L})(shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}(?![a-zA-Z0-9])/gu),
  token('github', /(?<!\p{L})(?<type>ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/gu),
  token('github', /(?<!\p{L})(?<type>github_pat)_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/gu),
  token('gitlab', /(?<!\p{L})glpat-[A-Za-z0-9_-]{20,128}(?![A-Za-z0-9_-])/gu),
  token(
    'openai',
    /sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}/g,
  ),
  token('anthropic', /(?<!\p{L})sk-ant-api0\d-[A-Za-z0-9_-]{90,128}AA(?![A-Za-z0-9_-])/gu),
  token('groq', /(?<!\p{L})gsk_[a-zA-Z0-9]{52}(?![a-zA-Z0-9])/gu),
  token('huggingface', /(?<!\p{L})hf_[a-zA-Z]{34}(?![a-zA-Z])/gu),
  token('linear', /(?<!\p{L})lin_api_[a-zA-Z0-9_]{32,128}(?![a-zA-Z0-9_])/gu),
  token('notion', /(?<!\p{L})ntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9])/gu),
  token('grafana', /(?<!\p{L})glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])/gu),
  token('grafana', /(?<!\p{L})glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?![A-Fa-f0-9])/gu),
  { id: '1password', pattern: /(?<!\p{L})ops_(ey[A-Za-z0-9+/=]{100,1280}fQ={0,2})(?![A-Za-z0-9+/=])/gu, accept: onePasswordJson },
  { id: 'database-connection-string', pattern: new RegExp(`mongodb(?:\\+srv)?${DATABASE_URL}`, 'gi'), accept: databasePassword },
  { id: 'database-connection-string', pattern: new RegExp(`(?:jdbc:)?mysql(?:x)?${DATABASE_URL}`, 'gi'), accept: databasePassword },
  { id: 'database-connection-string', pattern: new RegExp(`postgres(?:ql)?${DATABASE_URL}`, 'gi'), accept: databasePassword },
  token('hashicorp-vault', /(?<!\p{L})hvs\.[A-Za-z0-9_-]{90,120}(?![A-Za-z0-9_-])/gu),
  token('hashicorp-vault', /(?<!\p{L})hvb\.[A-Za-z0-9_-]{138,300}(?![A-Za-z0-9_-])/gu),
  token('hashicorp-vault', /(?<!\p{L})hvr\.[A-Za-z0-9_-]{90,120}(?![A-Za-z0-9_-])/gu),
  token('vercel', /(?<!\p{L})(?<prefix>vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{20,60}(?![A-Za-z0-9])/gu),
  token('databricks', /(?<!\p{L})dapi[A-Fa-f0-9]{32}(?:-[0-9])?(?![A-Fa-f0-9])/gu),
  token('docker', /(?<!\p{L})dckr_pat_[a-zA-Z0-9_-]{27}(?![a-zA-Z0-9_-])/gu),
  token('figma', /(?<!\p{L})figd_[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/gu),
];

interface Ignored {
  start: number;
  end: number;
  /** A full rule id (`@secretlint/secretlint-rule-aws`), or `*` for every rule. */
  rule: string;
}

/** The ranges `secretlint-disable`, `-enable`, `-disable-line` and `-disable-next-line` comments switch off (secretlint-rule-filter-comments). */
function ignoredRanges(text: string): Ignored[] {
  if (!text.includes('secretlint-')) return [];
  const lineStarts = [0];
  for (const m of text.matchAll(/\r\n|[\r\n\u2028\u2029]/g)) lineStarts.push(m.index + m[0].length);
  // A line past the last gives NaN, as in secretlint: a range that holds nothing.
  const lineStart = (line: number): number => lineStarts[line - 1]! + 0;
  const lineOf = (index: number): number => {
    let line = 0;
    while (line < lineStarts.length && lineStarts[line]! <= index) line++;
    return line;
  };
  const ranges: Array<{ start: number; end: number | null; rule: string }> = [];
  for (const m of text.matchAll(/(?<type>secretlint-(?:disable-next-line|disable-line|disable|enable))(?<options>.*)/g)) {
    const type = m.groups!.type!;
    const options = m.groups!.options ?? '';
    const cut = options.indexOf('--');
    const rules = (cut === -1 ? options : options.slice(0, cut))
      .split(/,/)
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const targets = rules.length ? rules : ['*'];
    if (type === 'secretlint-disable-line' || type === 'secretlint-disable-next-line') {
      const line = lineOf(m.index) + (type === 'secretlint-disable-next-line' ? 1 : 0);
      for (const rule of targets) ranges.push({ start: lineStart(line), end: lineStart(line + 1) - 1, rule });
    } else if (type === 'secretlint-disable') {
      for (const rule of targets) ranges.push({ start: m.index, end: null, rule });
    } else if (rules.length) {
      for (const rule of rules) {
        const open = ranges.findLast((r) => !r.end && r.rule === rule);
        if (open) open.end = m.index;
      }
    } else {
      let prevStart: number | undefined;
      for (let i = ranges.length - 1; i >= 0; i--) {
        if (prevStart && prevStart !== ranges[i]!.start) break;
        if (!ranges[i]!.end) {
          ranges[i]!.end = m.index;
          prevStart = ranges[i]!.start;
        }
      }
    }
  }
  return ranges.map((r) => ({ start: r.start, end: r.end ?? text.length, rule: r.rule }));
}

/**
 * Every secret secretlint's recommended preset reports in `text`, as ranges of it. Redaction asks
 * without `honourComments`: a transcript is what was said and run, not a file's own lint
 * settings, and a `secretlint-disable` in it (a file the agent read, a message) must not let a
 * secret through. The comparison with secretlint itself asks with them, as secretlint does.
 */
export function secretlintHits(text: string, { honourComments = false, lower = lowerOnce(text) } = {}): PresetHit[] {
  const hits: PresetHit[] = [];
  for (const rule of SECRETLINT_PATTERNS) {
    if (!mayMatch(rule.pattern, text, lower)) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      if (rule.accept && !rule.accept(m)) continue;
      const [start, end] = rule.range ? rule.range(m) : [m.index, m.index + m[0].length];
      hits.push({ id: rule.id, start, end });
    }
  }
  const ignored = honourComments ? ignoredRanges(text) : [];
  if (!ignored.length) return hits;
  const inside = (i: number, r: Ignored): boolean => r.start <= i && i <= r.end;
  return hits.filter(
    (h) => !ignored.some((r) => inside(h.start, r) && inside(h.end, r) && (r.rule === '*' || r.rule === `@secretlint/secretlint-rule-${h.id}`)),
  );
}
