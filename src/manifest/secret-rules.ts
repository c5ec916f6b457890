/**
 * The patterns git-session redacts on top of secretlint's recommended preset: provider tokens it
 * does not know, secrets that only their context gives away (`password: …`, `--token …`,
 * `postgres://user:pw@…`), and the key and token shapes it accepts only in whole files.
 *
 * A rule names the secret with a `s` group; everything before it in the match (`pre`) stays, so
 * `DB_PASSWORD=hunter2` becomes `DB_PASSWORD=[REDACTED:secret-assignment]`. A rule may check the
 * value (`keep`), which is how `token = getToken()` and `tokens: 1200` survive.
 */

export interface SecretRule {
  id: string;
  /** Global; the secret is the `s` group, or the whole match when there is none. */
  pattern: RegExp;
  /** True when the matched value is code, a reference or a number, not a secret. */
  keep?: (value: string, match: RegExpExecArray, text: string) => boolean;
  /** Where a quoted value ends, for rules whose value may hold spaces. */
  quoted?: boolean;
  /** Where an unquoted value really ends, when it may hold characters the pattern stops at. */
  extend?: (match: RegExpExecArray, text: string, start: number) => number;
  /** Part of every match, found fast: a text without it is not searched with the (slower) pattern. */
  within?: RegExp;
}

/** Key words of a setting that holds a secret, in any case and inside longer keys (`PGPASSWORD`, `client_secret`, `MyAppApiKey`). */
const KEY = String.raw`(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|credentials?|private[_-]?key|access[_-]?key|auth[_-]?key|(?:signing|encryption|master|session)[_-]?key|(?<![a-z])auth(?![a-z])|_pass(?![a-z0-9])|_pwd(?![a-z0-9]))`;

/** Words in a key that make it name something about a secret rather than the secret (`PASSWORD_MIN_LENGTH`, `token_url`, `maxTokens`). */
const NOT_A_SECRET_KEY = new Set(
  'min max length len count size limit limits ttl timeout expiry expires expiration lifetime file path dir url uri endpoint type name field env var header prefix hint policy rotation regex pattern required enabled id ids stdin usage budget used remaining total input output estimate window rate provider providers scope scopes'.split(
    ' ',
  ),
);

/** Values that are types, keywords or placeholders in code and config, never a secret. */
const CODE_WORDS = new Set(
  'string number boolean bigint any unknown never void null undefined true false none nil object str int bytes bool float optional required await new this self function async lambda typeof const let var return yield not and or the is are was were will with from for when then that this there here your our their it its use uses used set get see also only more less some none redacted changeme placeholder example'.split(
    ' ',
  ),
);

const CAMEL = /^[a-z]{2,}(?:[A-Z][a-z]+)+\d*$/;
const PASCAL = /^(?:[A-Z][a-z]+){1,4}$/;
const SNAKE = /^[a-z]+(?:_[a-z]+)+$/;
const DOTTED = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const NUMBERISH = /^[~≈<>+-]?\d[\d,._]*[kKmMbB%]?$/;
const VERSION = /^[v^~<>=]*\d+(?:\.\d+)+(?:[-+][\w.]+)?$/;
const PLACEHOLDER = /^(?:(?:your|my)[-_].*|(?:test|dummy|fake|example|sample)[-_]?(?:key|token|secret|password|api[-_]?key)?|changeme|.*redacted.*)$/i;
const REFERENCE = /^(?:\$|%\(|%[A-Za-z_]+%|\{\{|<[^>]*>$|\[REDACTED|env\.|process\.env|os\.environ|secrets\.|vault:|op:\/\/)/;
const MASK = /^[*xX•.…#-]+$|\*{3}/;

/** Where the key of an assignment starts, before the match when its name runs on (`SERVICE_` + `API_TOKEN`). */
function keyStart(match: RegExpExecArray, text: string): number {
  let start = match.index;
  while (start > 0 && /[\w.-]/.test(text[start - 1]!)) start--;
  return start;
}

/** The key of an assignment, from the match back to the start of its name. */
function keyAround(match: RegExpExecArray, text: string): string {
  return text.slice(keyStart(match, text), match.index) + /^[\w.-]*/.exec(match[0])![0];
}

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/);
}

/**
 * True for a value that is not a secret: a reference (`$TOKEN`, `${{ secrets.X }}`), a mask,
 * a type or keyword (`password: string`), a code identifier or call (`token = getToken()`), a
 * count (`tokens: 1200`), or prose after a colon (`The token: refresh it hourly`).
 */
export function isNotASecret(value: string, opts: { key?: string; quoted?: boolean; after?: string; literal?: boolean } = {}): boolean {
  const v = value.replace(/[;,.:]+$/, '');
  if (v.length < 4 || REFERENCE.test(v) || MASK.test(v) || PLACEHOLDER.test(v) || VERSION.test(v) || CODE_WORDS.has(v.toLowerCase())) return true;
  const words = opts.key ? keyWords(opts.key) : [];
  if (words.some((w) => NOT_A_SECRET_KEY.has(w))) return true;
  const passwordKey = words.some((w) => /pass|pwd|pin/.test(w));
  if (NUMBERISH.test(v) && !passwordKey) return true;
  // A quoted sentence or command (`"validate:secrets": "secretlint **/*"`); a passphrase may have spaces.
  if (opts.quoted) return /\s/.test(v.trim()) && !passwordKey;
  // A call, an index or a ternary goes on after the value: `getToken()`, `texts[i]`, `isLite ? a : b`.
  if (/^(?:[([]|[ \t]+\?[ \t])/.test(opts.after ?? '')) return true;
  // In `DATABASE_PASSWORD=someWord` the value is a literal whatever its shape; only in code is it a name.
  if (!opts.literal && (DOTTED.test(v) || CAMEL.test(v) || PASCAL.test(v) || SNAKE.test(v))) return true;
  // "The token: refresh it every hour." A one-word lower-case value followed by more words is prose.
  return !opts.literal && /^[a-z]+$/.test(v) && /^[ \t]+[a-z]/.test(opts.after ?? '');
}

/** True when the value of a `key = value` match is not a secret. */
function keepAssignment(value: string, m: RegExpExecArray, text: string): boolean {
  // `tokenizer`, `secretlint`, `passwordless`: the key word runs on into another word.
  const rest = m[0].slice(m.groups!.k!.length);
  if (/^[a-z]/.test(rest) && !/^s(?![a-z])/.test(rest)) return true;
  const quoted = Boolean(m.groups?.q);
  const key = keyAround(m, text);
  const end = m.index + m.groups!.pre!.length + value.length;
  // `lib/phoenix/token.ex:151:` and `src/auth.ts:12:` are grep and stack-trace lines, not settings.
  if (text[m.index - (key.length - /^[\w.-]*/.exec(m[0])![0].length) - 1] === '/' || /^\d+:/.test(value)) return true;
  // `textFromTokens = model`: a camelCase name set to a bare word is code; a secret in code is quoted.
  if (!quoted && /[a-z][A-Z]/.test(key) && /^[A-Za-z_$]+$/.test(value)) return true;
  return isNotASecret(value, { key, quoted, after: text.slice(end, end + 4), literal: !/[a-z]/.test(key) });
}

/**
 * `DB_PASSWORD=a;b(c)&d` in a .env file or a shell, `POSTGRES_PASSWORD: a,b` in YAML: an
 * upper-case setting's unquoted value is a literal up to white space, punctuation and all.
 * A call stays code (`SECRET_KEY=get_random_secret_key()`, `API_KEY: env("KEY")`).
 */
function settingEnd(m: RegExpExecArray, text: string, start: number): number {
  const end = m.index + m[0].length;
  const from = keyStart(m, text);
  const key = keyAround(m, text);
  const separator = text.slice(from + key.length, start);
  if (/[a-z]/.test(key) || !/[A-Z]/.test(key)) return end;
  const yaml = /^:[ \t]+$/.test(separator) && /(?:^|\n)[ \t]*(?:-[ \t]+)?$/.test(text.slice(Math.max(0, from - 80), from));
  if (separator !== '=' && !yaml) return end;
  const word = /[^\s"'\x60\\]{1,256}/y;
  word.lastIndex = start;
  const value = (word.exec(text)?.[0] ?? '').replace(/[.,;:!?]+$/, '');
  if (value.endsWith('(') || /^[A-Za-z_$][\w$.]*\([^()]*\)$/.test(value)) return end;
  return Math.max(end, start + value.length);
}

/** A value of a password flag or line: a literal, unless a reference or a placeholder (`$PW`, `<password>`), or prose. */
function keepPassword(v: string, m: RegExpExecArray, text: string): boolean {
  // "htpasswd -b takes the password as its last argument": one lower-case word followed by more words.
  if (/^[a-z]+$/.test(v) && /^[ \t]+[a-z]/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3))) return true;
  return isNotASecret(v.replace(/^["']|["']$/g, ''), { key: 'password', literal: true });
}

/** A `.pgpass` line names a host (a letter, a dotted address or `*`): a time or an IPv6 address (`IPv6:2001:db8:…`) is none. */
function keepPgpass(v: string, m: RegExpExecArray, text: string): boolean {
  const [host, ...fields] = m.groups!.pre!.split(':').slice(0, 4);
  if (!(host === '*' || /[A-Za-z]/.test(host!) || /^\d+(?:\.\d+){3}$/.test(host!))) return true;
  if ([...fields, v].every((f) => /^[0-9a-f]{1,4}$/i.test(f))) return true;
  return keepPassword(v, m, text);
}

/** An option of htpasswd, with the number `-C` and `-r` take. */
const HTPASSWD_OPTION = String.raw`[ \t]+-[A-Za-z]+(?:[ \t]+\d+)?`;

/** `Bearer token`, `Bearer dev-codemie-user`: words, not a token. */
const plainWord = (v: string): boolean => /^[a-z]+(?:[-_][a-z]+)*$/.test(v) || isNotASecret(v);

export const SECRET_RULES: SecretRule[] = [
  // Whole blocks, a line of which alone would already be a leak. A block cut off before its END
  // line is redacted to the end of the text (or of the string, in a joined batch).
  {
    id: 'private-key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[^\u0000]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?=\n?\u0000)|$)/g,
  },
  { id: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },

  // Provider tokens, recognisable by their prefix anywhere.
  { id: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { id: 'anthropic-key', pattern: /\bsk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{20,}/g },
  { id: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-|or-v1-)?[A-Za-z0-9_-]{20,}/g },
  { id: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/g },
  { id: 'gitlab-token', pattern: /\bgl(?:pat|ptt|dt|rt|oas|cbt|imt|ft|soat|agent)-[A-Za-z0-9_-]{20,}/g },
  { id: 'slack-token', pattern: /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}/g },
  { id: 'slack-webhook', pattern: /(?<pre>hooks\.slack\.com\/(?:services|workflows|triggers)\/)(?<s>[A-Za-z0-9_/-]{8,})/g },
  { id: 'discord-webhook', pattern: /(?<pre>discord(?:app)?\.com\/api\/webhooks\/\d+\/)(?<s>[A-Za-z0-9_-]{20,})/g },
  { id: 'stripe-key', pattern: /\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})/g },
  { id: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { id: 'twilio-key', pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { id: 'google-api-key', pattern: /\b(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\.[0-9A-Za-z_-]{20,})/g },
  { id: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{30,}/g },
  { id: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{30,}/g },
  { id: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}/g },
  { id: 'pypi-token', pattern: /\bpypi-[A-Za-z0-9_-]{40,}/g, keep: (v) => !/[A-Z]/.test(v) || !/\d/.test(v) },
  // Laravel's APP_KEY, and the key `php artisan key:generate --show` prints.
  { id: 'laravel-key', pattern: /(?<pre>(?<![\w-])base64:)(?<s>[A-Za-z0-9+/]{20,}={0,2})/g },
  { id: 'azure-key', pattern: /(?<pre>\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecret)[ \t]*=[ \t]*)(?<s>[^\s;"'<>]{8,})/gi },
  { id: 'azure-sas', pattern: /(?<pre>[?&]sig=)(?<s>[A-Za-z0-9%+/=_-]{16,})/g },

  // Secrets given away by where they stand.
  // A password may hold a slash (`mongodb+srv://svc:ab/cd@…`); a port and a path do not make one (`localhost:3000/@vite/client`).
  { id: 'url-password', pattern: /(?<pre>:\/\/[^\s:/@"'<>]*:)(?<s>[^\s@"'<>]{1,256})(?=@)/g, keep: (v) => /^\d{0,5}\//.test(v) },
  // A token as the whole user part: https://<token>@github.com/…
  { id: 'url-token', pattern: /(?<pre>:\/\/)(?<s>[A-Za-z0-9_-]{20,})(?=@)/g, keep: (v) => !/\d/.test(v) || !/[A-Za-z]/.test(v) },
  { id: 'basic-auth-flag', pattern: /(?<pre>(?<![\w-])(?:-u|--user)(?:[ \t]+|=)["']?[^\s:"']*:)(?<s>[^\s"']+)/g },
  { id: 'mysql-password', pattern: /(?<pre>\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n|;&]*?[ \t]-p["']?)(?<s>[^\s"'-][^\s"']{2,})/g },
  { id: 'sshpass-password', pattern: /(?<pre>\bsshpass[ \t]+-p[ \t]*["']?)(?<s>[^\s"']+)/g },
  { id: 'netrc-password', pattern: /(?<pre>\bmachine\s+\S+\s+login\s+\S+\s+password\s+)(?<s>\S+)/g },
  // The credentials file, `aws configure set …`, and the prompt of `aws configure` (`AWS Secret Access Key [None]: …`).
  {
    id: 'aws-secret',
    pattern:
      /(?<pre>\b(?:aws_secret_access_key|aws_session_token)[ \t]+|AWS (?:Secret Access Key|Session Token) \[[^\]\n]*\]:[ \t]*)(?<s>[A-Za-z0-9/+=]{16,})/gi,
  },
  // `-p` is a password only to some commands: registry logins and twine (`-p pypi-…`, `-pXYZ`).
  {
    id: 'login-password',
    pattern:
      /(?<pre>\b(?:(?:docker|podman|buildah|skopeo|nerdctl|oras|helm[ \t]+registry)[ \t]+login|twine[ \t]+(?:upload|register))\b[^\n|;&]{0,256}?[ \t]-p(?:[ \t]+|=)?["']?)(?<s>[^\s"'-][^\s"']*)/g,
    keep: keepPassword,
  },
  // htpasswd -b takes the password as its last argument: after a file and a user, or a user alone with -n.
  {
    id: 'htpasswd-password',
    pattern: new RegExp(
      String.raw`(?<pre>\bhtpasswd(?=(?:${HTPASSWD_OPTION})*?[ \t]+-[A-Za-z]*b)(?:(?=(?:${HTPASSWD_OPTION})*?[ \t]+-[A-Za-z]*n)(?:${HTPASSWD_OPTION})+[ \t]+[^\s-]\S*|(?:${HTPASSWD_OPTION})+(?:[ \t]+[^\s-]\S*){2})[ \t]+)(?<s>"[^"\n]*"|'[^'\n]*'|[^\s"'|;&]+)`,
      'g',
    ),
    keep: keepPassword,
  },
  // openssl's pass phrase arguments: -passin/-passout/-pass pass:<password> (env: and file: name none).
  { id: 'openssl-password', pattern: /(?<pre>(?<![\w-])-(?:passin|passout|pass)[ \t]+["']?pass:)(?<s>[^\s"']+)/g, keep: keepPassword },
  {
    id: 'pgpass-password',
    pattern:
      /(?<pre>(?<![\w.:/@-])(?:\*|[A-Za-z0-9][\w.-]*):(?:\d{1,5}|\*):(?:\*|(?=[\w.$-]*[A-Za-z_$])[\w.$-]*):(?:\*|(?=[\w.@$-]*[A-Za-z_])[\w.@$-]*):)(?<s>(?:\\.|[^\s:\\"'\x60])+)(?=[\s"'\x60]|$)/g,
    keep: keepPgpass,
    // Its search tries every word of a text: the port and database fields narrow it to a few colons (a 250 KB log: 4 ms to 0.1).
    // A field's letter is asserted ahead (atomic), not matched in the middle of it: no backtracking over a long colon-free word.
    within: /:(?:\d{1,5}|\*):(?:\*|(?=[\w.$-]*[A-Za-z_$])[\w.$-]*):/,
  },
  {
    id: 'authorization',
    pattern:
      /(?<pre>\b(?:proxy-)?authorization\\*["']?[ \t]*[:=][ \t]*\\*["']?(?:(?:basic|bearer|token|digest|bot|negotiate|apikey|sso-key)[ \t]+)?)(?<s>[A-Za-z0-9._~+/=:-]{6,})/gi,
    keep: (v) => isNotASecret(v),
  },
  { id: 'bearer-token', pattern: /(?<pre>\bbearer[ \t]+)(?<s>[A-Za-z0-9._~+/=-]{8,})/gi, keep: plainWord },
  {
    id: 'secret-flag',
    pattern: new RegExp(
      String.raw`(?<pre>(?<![\w-])--?[\w-]*(?:password|passwd|passphrase|secret|token|api-?key|apikey|credentials?|[-_](?:pwd|pass)(?![\w-]))[\w-]*(?:=|[ \t]+)(?<q>\\*["']?))(?<s>[^\s"'\x60\\]+)`,
      'gi',
    ),
    // A flag's value is a literal, whatever its shape; `--token-budget 2000` names no secret.
    keep: (v, m, text) =>
      v.startsWith('-') ||
      isNotASecret(v, {
        key: m[0].replace(/^-+/, '').split(/[=\s]/)[0],
        quoted: Boolean(m.groups?.q),
        after: text.slice(m.index + m[0].length, m.index + m[0].length + 3),
        literal: true,
      }),
  },
  {
    // `k=v`, `k = v`, `k: v`, `"k": "v"`, `export K="v"`, `\"k\": \"v\"`, `k := v`; not `==`.
    id: 'secret-assignment',
    pattern: new RegExp(
      String.raw`(?<pre>(?<k>${KEY})[\w.-]*(?:\\*["'])?\??[ \t]*(?::=|=>|[:=](?!=))[ \t]*(?<q>\\*["'])?)(?<s>[^\s"'\x60,;&<>(){}\[\]\\]+)`,
      'gi',
    ),
    keep: keepAssignment,
    quoted: true,
    extend: settingEnd,
  },
  // A secret set as a git setting (`git config --global github.token …`, `user.password`): not a helper's name (`credential.helper store`).
  {
    id: 'git-config-secret',
    pattern:
      /(?<pre>\bgit\b[^\n|;&]{0,80}?[ \t]config\b[^\n|;&]{0,120}?[ \t]["']?(?:[\w-]+\.)+?[\w-]*(?:passw(?:or)?d|token|secret|api-?key|apikey|credentials?|extraheader)[\w-]*["']?[ \t]+["']?)(?<s>[^\s"']+)/gi,
    keep: (v, m) => /helper["']?[ \t]+["']?$/i.test(m.groups?.pre ?? '') || /^(?:true|false|yes|no|on|off|\d+)$/i.test(v),
  },
  { id: 'xml-secret', pattern: /(?<pre><[\w:-]*(?:password|secret|token|apikey|api_key)[\w:-]*>)(?<s>[^<\n]{4,})(?=<\/)/gi },
];
