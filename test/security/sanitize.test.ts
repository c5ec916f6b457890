import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sanitizeDeep, sanitizeText } from '../../src/manifest/index.js';
import { claudeAssistant, cli, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\u{e0000}-\u{e007f}]/u;
const nasty = fc.constantFrom(
  '\u001b[31m',
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u001b]8;;http://x\u001b\\',
  '\u001bP+q\u001b\\',
  '\u009b31m',
  '\u202e',
  '\u2067',
  '\u200f',
  '\u{e0041}',
  '\u0007',
  '\r',
  '\t',
  '\u0000',
  '\u001bc',
);
const text = fc.string({ maxLength: 20, unit: fc.constantFrom(...'ab c-日本語é👩‍💻\n') });

describe('sanitizeText', () => {
  it('leaves no escape sequence, control, bidi or tag character, whatever is mixed in', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, nasty), { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(sanitizeText(s)).not.toMatch(FORBIDDEN);
        expect(sanitizeText(s)).not.toContain('\n');
        expect(sanitizeText(s, { newlines: true })).not.toMatch(FORBIDDEN);
      }),
    );
  });

  it('keeps ordinary text of any script whole, emoji joiners included', () => {
    fc.assert(fc.property(text, (s) => sanitizeText(s, { newlines: true }) === s));
    expect(sanitizeText('fix 👩‍💻 bug in 日本語\nnext', { newlines: false })).toBe('fix 👩‍💻 bug in 日本語 next');
    expect(sanitizeText('\u001b[1mbold\u001b[0m and \u001b]8;;https://x\u0007link\u001b]8;;\u0007')).toBe('bold and link');
  });

  it('sanitises every string and key of a value', () => {
    expect(sanitizeDeep({ 'k\u202e': ['a\u001b[31mb', { c: 'd\u{e0041}' }], n: 3 })).toEqual({ k: ['ab', { c: 'd' }], n: 3 });
  });
});

describe('git session status', () => {
  it('prints no escape sequence from the transcript (model, session id, file name), as text or JSON', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const session = 'sess\u001b]0;pwned\u0007-1';
    const path = writeJsonl(join(tempDir('gs-esc-'), 'log\u001b[2J.jsonl'), [
      { type: 'user', sessionId: session, cwd: repo, message: { role: 'user', content: 'go' } },
      claudeAssistant({ id: 'm1', tokens: 30_000, sessionId: session, model: 'claude-sonnet-4-5\u001b[31m\u202e' }),
    ]);
    for (const args of [
      ['status', '-t', path],
      ['status', '--json', '-t', path],
    ]) {
      const r = cli(args, { cwd: repo, env: { ...env, NO_COLOR: '1' } });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('claude-sonnet-4-5');
      expect(r.stdout).not.toMatch(FORBIDDEN);
      expect(r.stdout).not.toContain('\\u001b');
    }
  });
});
