// The redactor's literal prefilter (src/manifest/literals.ts): each rule's literals are the ones its
// syntax tree gives, every text a rule matches holds one of them, and a rule is run whenever it may match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayMatch, ruleKey } from '../../src/manifest/literals.js';
import { redactSecrets } from '../../src/manifest/redact.js';
import { SECRET_RULES } from '../../src/manifest/secret-rules.js';
import { SECRETLINT_PATTERNS } from '../../src/manifest/secretlint-rules.js';
import { FORMATS } from '../security/secret-formats.js';
import { loosened, requiredLiterals } from './rule-literals.js';

const RULES = [...SECRET_RULES, ...SECRETLINT_PATTERNS];
const lowerOf = (text: string) => () => text.toLowerCase();
/** `text` with each letter in lower or upper case, or an s as ſ (which /s/iu matches), as `picks` say. */
const inAnyCase = (text: string, picks: number[]): string =>
  [...text].map((c, i) => [c.toLowerCase(), c.toUpperCase(), /s/i.test(c) ? 'ſ' : c][picks[i % picks.length]!]).join('');

describe('the literals of the redaction rules', () => {
  it('are, for every rule, the ones its syntax tree gives (a rule changed since has no entry and is always run)', () => {
    const stale = RULES.filter((r) => {
      const need = requiredLiterals(r.pattern);
      // Without its literals, a text cannot be matched; with them, it may.
      const without = 'x';
      return need && (mayMatch(r.pattern, without, lowerOf(without)) || !need.every((l) => mayMatch(r.pattern, l, lowerOf(l))));
    });
    expect(
      stale.map((r) => `'${ruleKey(r.pattern)}': ${JSON.stringify(requiredLiterals(r.pattern))}, // ${r.id}`),
      'entries for src/manifest/literals.ts',
    ).toEqual([]);
    // Every rule has literals to look for (the .pgpass one only a ':').
    expect(RULES.filter((r) => !requiredLiterals(r.pattern)).map((r) => r.id)).toEqual([]);
  });

  it('are in every text a rule matches: generated matches of each rule, and the secret test set', () => {
    let generated = 0;
    for (const rule of RULES) {
      const re = loosened(rule.pattern);
      let gen: fc.Arbitrary<string>;
      try {
        gen = fc.stringMatching(re!);
      } catch {
        continue;
      }
      generated++;
      fc.assert(
        fc.property(gen, fc.array(fc.nat(2), { minLength: 1, maxLength: 16 }), (text, picks) => {
          if (!mayMatch(rule.pattern, text, lowerOf(text))) return false;
          // The generated text is in the case the rule writes; one ignoring case matches it in any other.
          if (!rule.pattern.ignoreCase) return true;
          const other = inAnyCase(text, picks);
          rule.pattern.lastIndex = 0;
          return !rule.pattern.test(other) || mayMatch(rule.pattern, other, lowerOf(other));
        }),
        { numRuns: 200 },
      );
    }
    expect(generated).toBeGreaterThan(RULES.length * 0.9);
    for (const { text } of FORMATS)
      for (const rule of RULES) {
        rule.pattern.lastIndex = 0;
        if (rule.pattern.test(text)) expect(mayMatch(rule.pattern, text, lowerOf(text)), `${rule.id}: ${text}`).toBe(true);
      }
  });

  it('work out a literal through groups, alternatives, quantifiers and lookarounds, and fold case for a rule that ignores it', () => {
    expect(requiredLiterals(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g)).toEqual(['AKIA', 'ASIA']);
    expect(requiredLiterals(/(?<pre>\bBearer[ \t]+)(?<s>[\w.]{8,})/gi)).toEqual(['bearer']);
    expect(requiredLiterals(/(?<!\p{L})npm_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/gu)).toEqual(['npm_']);
    // The longest literal of a sequence; none where a part may be left out.
    expect(requiredLiterals(/ab(?:cdef)+x?/)).toEqual(['cdef']);
    expect(requiredLiterals(/(?:token)?[a-z]+/)).toBeNull();
    expect(requiredLiterals(/a(?=secret)/)).toEqual(['secret']);
    expect(requiredLiterals(/a(?!secret)/)).toEqual(['a']);
    // An alternative without a literal means none for the whole.
    expect(requiredLiterals(/key|[0-9]+/)).toBeNull();
  });

  it('are in every text a rule ignoring case with the u or v flag matches: ſ (U+017F) folds to s but stays ſ in lower case', () => {
    for (const [re, text] of [
      [/secret=\w+/giu, 'ſecret=hunter2hunter2'],
      [new RegExp('(?:secret|token)=\\w+', 'giv'), 'ſecret=hunter2'],
    ] as const) {
      expect(re.test(text), `${re} matches ${text}`).toBe(true);
      const need = requiredLiterals(re);
      expect(need === null || need.some((l) => text.toLowerCase().includes(l)), `${re}: ${JSON.stringify(need)} in ${text}`).toBe(true);
    }
  });

  it('are read from a v-flag rule as the v flag reads it: a class set is one character, not brackets and dashes', () => {
    const re = new RegExp('[[a-z]--[aeiou]]x', 'v');
    expect(re.test('bx')).toBe(true);
    const need = requiredLiterals(re);
    expect(need === null || need.some((l) => 'bx'.includes(l)), JSON.stringify(need)).toBe(true);
    expect(requiredLiterals(new RegExp('[\\q{abc}]token', 'v'))).toEqual(['token']);
  });

  it('leave a long text to the rules (searching it for every literal costs more), and redact the same with and without them', async () => {
    const aws = FORMATS.find((f) => /AKIA/.test(f.text))!.text;
    const long = `${'word '.repeat(20_000)}${aws}`;
    const rule = SECRET_RULES.find((r) => r.id === 'aws-access-key')!;
    expect(mayMatch(rule.pattern, 'no key here', lowerOf('no key here'))).toBe(false);
    expect(mayMatch(rule.pattern, 'x'.repeat(100_000), lowerOf(''))).toBe(true);
    expect((await redactSecrets(long)).text).not.toContain(aws);
    expect((await redactSecrets(`a short text: ${aws}`)).text).not.toContain(aws);
  });
});

describe('a rule searched for only where its `within` is', () => {
  it('finds it in every text the rule matches: generated matches, the secret test set, and times that only look like one', () => {
    const gated = SECRET_RULES.filter((r) => r.within);
    expect(gated.map((r) => r.id)).toEqual(['pgpass-password']);
    for (const rule of gated) {
      const within = rule.within!;
      fc.assert(
        fc.property(fc.stringMatching(loosened(rule.pattern)!), (text) => {
          rule.pattern.lastIndex = 0;
          return !rule.pattern.test(text) || within.test(text);
        }),
        { numRuns: 500 },
      );
      for (const { text } of FORMATS) {
        rule.pattern.lastIndex = 0;
        if (rule.pattern.test(text)) expect(within.test(text), `${rule.id}: ${text}`).toBe(true);
      }
    }
    expect(SECRET_RULES.find((r) => r.id === 'pgpass-password')!.within!.test('"timestamp":"2026-02-11T21:41:44.636Z"')).toBe(false);
  });
});
