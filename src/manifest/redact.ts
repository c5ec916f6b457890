/**
 * Secret redaction for everything that goes into git or leaves the machine. secretlint's
 * recommended preset (maintained rules for AWS, GitHub, Slack, OpenAI, Anthropic, npm, private
 * keys, basic auth …), compiled into a table (secretlint-rules.ts), finds what it knows;
 * `SECRET_RULES` cover what it skips here:
 * secrets given away by their context (`password: …`, `--token …`, `postgres://user:pw@…`,
 * `Authorization: …`), more providers' tokens, and key shapes it only accepts in whole files.
 */
import { SECRET_RULES } from './secret-rules.js';
import { lowerOnce, mayMatch } from './literals.js';
import { secretlintHits } from './secretlint-rules.js';
import { collectGarbage } from '../memory.js';

export interface Redaction {
  text: string;
  /** Rule ids that matched, one per secret found. */
  found: string[];
}

interface Hit {
  id: string;
  start: number;
  end: number;
}

/** Where a quoted value that began at `from` ends: its closing quote (a JSON-escaped one too), or the end of the line. */
function quotedEnd(text: string, from: number, quote: string): number {
  let end = from;
  const limit = Math.min(text.length, from + 1024);
  while (end < limit && text[end] !== quote && text[end] !== '\n') end++;
  while (end > from && text[end - 1] === '\\') end--;
  return end;
}

/** Every secret the extra rules find in `text`, as ranges of the original text. */
function ruleHits(text: string, lower: () => string): Hit[] {
  const hits: Hit[] = [];
  for (const rule of SECRET_RULES) {
    if (!mayMatch(rule.pattern, text, lower) || (rule.within && !rule.within.test(text))) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const start = m.index + (m.groups?.pre?.length ?? 0);
      let end = m.index + m[0].length;
      const q = m.groups?.q;
      if (rule.quoted && q) end = Math.max(end, quotedEnd(text, start, q.at(-1)!));
      else if (rule.extend) end = rule.extend(m, text, start);
      const value = text.slice(start, end);
      if (value.includes('[REDACTED:') || rule.keep?.(value, m, text)) continue;
      hits.push({ id: rule.id, start, end });
    }
  }
  return hits;
}

const MARKER = /\[REDACTED:[\w-]*\]/g;

/**
 * The hits that touch no placeholder of an earlier pass, so that redacting redacted text changes
 * nothing (`https://[REDACTED:url-token]@…` is not a URL password `url-token]`).
 */
function outsideMarkers(text: string, hits: Hit[]): Hit[] {
  if (!text.includes('[REDACTED:')) return hits;
  const markers = [...text.matchAll(MARKER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  hits.sort((a, b) => a.start - b.start);
  let i = 0;
  return hits.filter((h) => {
    while (i < markers.length && markers[i]!.end <= h.start) i++;
    return !(i < markers.length && markers[i]!.start < h.end);
  });
}

/** Overlapping hits become one: the earliest-starting, longest rule names it. */
function mergeHits(hits: Hit[]): Hit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Hit[] = [];
  for (const h of hits) {
    const last = out.at(-1);
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else out.push({ ...h });
  }
  return out;
}

const marker = (id: string): string => `[REDACTED:${id}]`;

/** Replaces every secret in `text` with `[REDACTED:<rule>]`. */
export async function redactSecrets(text: string): Promise<Redaction> {
  const lower = lowerOnce(text);
  const hits = mergeHits(outsideMarkers(text, [...secretlintHits(text, { lower }), ...ruleHits(text, lower)]));
  if (!hits.length) return { text, found: [] };
  const parts: string[] = [];
  let at = 0;
  for (const h of hits) {
    parts.push(text.slice(at, h.start), marker(h.id));
    at = h.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), found: hits.map((h) => h.id) };
}

/** Characters of strings redacted in one pass. */
const BATCH_CHARS = 1 << 20;

/**
 * Every string inside a JSON-like value, in the order `rebuild` below visits them: the next at each
 * call, undefined after the last. A stack, not nested generators: each string came through one
 * `yield*` per level it is nested at, a tenth of a redaction's time on a log read cold.
 */
function stringsIn(value: unknown): () => string | undefined {
  const stack: unknown[] = [value];
  return () => {
    while (stack.length) {
      const v = stack.pop();
      if (typeof v === 'string') return v;
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      else if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) stack.push((v as Record<string, unknown>)[keys[i]!]);
      }
    }
    return undefined;
  };
}

/**
 * Redacts every string inside a JSON-like value, with one pass per batch of them (one pass per
 * string would cost a few ms each). The strings are walked, never listed: a big log's events hold
 * most of a million.
 */
export async function redactDeep<T>(value: T): Promise<{ value: T; found: string[] }> {
  const SEP = '\n\u0000\n';
  const found: string[] = [];
  // The redacted text of each string a secret was found in, by its place in the walk.
  const redacted = new Map<number, string>();
  let batch: string[] = [];
  let chars = 0;
  let first = 0;
  const pass = async (): Promise<void> => {
    // Each pass leaves megabytes of joined and scanned text behind: for a big log, collected
    // before the next, so redacting it costs the memory of one batch, not of all of them.
    if (first > 0) collectGarbage();
    const r = await redactSecrets(batch.join(SEP));
    if (r.found.length) {
      const split = r.text.split(SEP);
      // A secret spanned two strings (cannot happen with the separator, but never store unredacted).
      const texts = split.length === batch.length ? split : (await Promise.all(batch.map((x) => redactSecrets(x)))).map((e) => e.text);
      texts.forEach((t, i) => t !== batch[i] && redacted.set(first + i, t));
      for (const f of r.found) found.push(f);
    }
    first += batch.length;
    batch = [];
    chars = 0;
  };
  // In batches of BATCH_CHARS: never one string the size of a huge log.
  const next = stringsIn(value);
  for (let s = next(); s !== undefined; s = next()) {
    if (batch.length && chars + s.length > BATCH_CHARS) await pass();
    batch.push(s);
    chars += s.length + SEP.length;
  }
  if (batch.length) await pass();
  if (found.length === 0) return { value, found };
  let i = 0;
  // Only what holds a redacted string is copied: the rest stays the same object (a caller compares by identity).
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return redacted.get(i++) ?? v;
    if (!v || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      v.forEach((x, k) => {
        const y = rebuild(x);
        if (y !== x) (out ??= [...v])[k] = y;
      });
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = rebuild(x);
      if (y !== x) (out ??= { ...v })[k] = y;
    }
    return out ?? v;
  };
  return { value: rebuild(value) as T, found };
}
