/**
 * The literals one of which every match of a redaction rule contains, worked out from the rule's
 * syntax tree (test/manifest/rule-literals.ts): a rule none of whose literals is in a text cannot
 * match it and is not run (nor compiled: V8 compiles a regular expression on its first use, about
 * 5 ms for the whole table, on every save). A rule's entry is keyed by a hash of its flags and
 * source, so a rule changed since this table was written finds none and is always run;
 * test/manifest/literals.test.ts requires an entry, the one its syntax tree gives, for every rule.
 */
const LITERALS: Record<string, readonly string[]> = {
  '5b86f3b2': ['-----BEGIN '], // private-key
  '1d6d6d7f': ['.eyJ'], // jwt
  a85157b1: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], // aws-access-key
  ce1d00d8: ['sk-ant-'], // anthropic-key
  '65b439ff': ['sk-'], // openai-key
  c07626ec: ['gh', 'github_pat_'], // github-token
  ee792d4c: ['gl'], // gitlab-token
  '76f393ca': ['xox', 'xapp'], // slack-token
  '7949fa4e': ['hooks.slack.com/'], // slack-webhook
  '6d9250e3': ['.com/api/webhooks/'], // discord-webhook
  '2040d2b6': ['live', 'test', 'whsec_'], // stripe-key
  '36a6ef87': ['SG.'], // sendgrid-key
  '15dbd0f8': ['SK'], // twilio-key
  '4d25ab8c': ['AIza', 'GOCSPX-', 'ya29.'], // google-api-key
  '31162642': ['npm_'], // npm-token
  c9ca52f9: ['hf_'], // huggingface-token
  '9cb09e7a': ['_v1_'], // digitalocean-token
  '1b9169ee': ['pypi-'], // pypi-token
  '43654422': ['base64:'], // laravel-key
  '21967eb2': ['accountkey', 'sharedaccesskey', 'sharedaccesssignature', 'sharedsecret'], // azure-key
  '0753529d': ['sig='], // azure-sas
  '837051fb': ['://'], // url-password
  dc1d90a2: ['://'], // url-token
  '49b79142': ['-u', '--user'], // basic-auth-flag
  '72042afd': ['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump'], // mysql-password
  fac9dc17: ['sshpass'], // sshpass-password
  c33df344: ['password'], // netrc-password
  '82af603c': ['aws_secret_access_key', 'aws_session_token', 'secret access key', 'session token'], // aws-secret
  e46a5211: ['login', 'upload', 'register'], // login-password
  c63bc0f1: ['htpasswd'], // htpasswd-password
  cb236ce0: ['pass:'], // openssl-password
  '6359cea1': [':'], // pgpass-password
  e3479196: ['authorization'], // authorization
  '9dc94b37': ['bearer'], // bearer-token
  ca67b5c8: ['password', 'passwd', 'passphrase', 'secret', 'token', 'api', 'apikey', 'credential', 'pwd', 'pass'], // secret-flag
  e7a7afaf: [
    'passw',
    'passphrase',
    'secret',
    'token',
    'api',
    'credential',
    'private',
    'access',
    'auth',
    'signing',
    'encryption',
    'master',
    'session',
    '_pass',
    '_pwd',
  ], // secret-assignment
  '8e7d8b11': ['config'], // git-config-secret
  '52d53def': ['password', 'secret', 'token', 'apikey', 'api_key'], // xml-secret
  '923ea2b0': ['SECRET', 'secret', 'Secret'], // aws
  '50177d39': ['PRIVATE KEY'], // privatekey
  '851c34f5': ['npm_'], // npm
  c0d23694: ['://'], // basicauth
  '67e259fc': ['xoxb', 'xoxp', 'xapp', 'xoxa', 'xoxo', 'xoxr'], // slack
  '226236ad': ['https://hooks.slack.com/services/t'], // slack
  '0823bdc2': ['SG.'], // sendgrid
  '37985207': ['shppa', 'shpca', 'shpat', 'shpss'], // shopify
  b4f49950: ['ghp', 'gho', 'ghu', 'ghs', 'ghr'], // github
  d5185740: ['github_pat'], // github
  d5d9d96e: ['glpat-'], // gitlab
  '2047581d': ['T3BlbkFJ'], // openai
  '354adab0': ['sk-ant-api0'], // anthropic
  '59952f51': ['gsk_'], // groq
  '83f85d22': ['hf_'], // huggingface
  '6548ffa5': ['lin_api_'], // linear
  '99582a09': ['ntn_'], // notion
  aab5aefc: ['glc_'], // grafana
  '27bf2850': ['glsa_'], // grafana
  '6fa09914': ['ops_'], // 1password
  '2b9a1749': ['mongodb'], // database-connection-string
  '39b38059': ['mysql'], // database-connection-string
  '5fbb704f': ['postgres'], // database-connection-string
  '81eed831': ['hvs.'], // hashicorp-vault
  '63a1b82b': ['hvb.'], // hashicorp-vault
  f349b6da: ['hvr.'], // hashicorp-vault
  '01035a19': ['vcp', 'vci', 'vca', 'vcr', 'vck'], // vercel
  '0ce7adc3': ['dapi'], // databricks
  c3300300: ['dckr_pat_'], // docker
  '556405c5': ['figd_'], // figma
};

/** FNV-1a of a rule's flags and source, in hex. */
export function ruleKey(re: RegExp): string {
  const s = `${re.flags}/${re.source}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Texts up to this long are searched for the literals first: a save's new turn and its manifest.
 * A 2 MB text took 141 ms so against 78 ms without (some 200 searches of it).
 */
const PREFILTER_MAX_CHARS = 64 << 10;

const known = new WeakMap<RegExp, readonly string[] | null>();

/** The text in lower case, worked out on the first call and kept: what `mayMatch` takes as `lower`. */
export function lowerOnce(text: string): () => string {
  let lowered: string | undefined;
  return () => (lowered ??= text.toLowerCase());
}

/**
 * False when `re` cannot match `text`: none of its literals is in it (in `lower()`, the text in
 * lower case, for a rule that ignores case). True when it may, or when its literals are unknown.
 */
export function mayMatch(re: RegExp, text: string, lower: () => string): boolean {
  // Searching a long text for every literal of every rule costs more than running the rules.
  if (text.length > PREFILTER_MAX_CHARS) return true;
  let need = known.get(re);
  if (need === undefined) {
    need = LITERALS[ruleKey(re)] ?? null;
    known.set(re, need);
  }
  if (!need) return true;
  const subject = re.ignoreCase ? lower() : text;
  return need.some((l) => subject.includes(l));
}
