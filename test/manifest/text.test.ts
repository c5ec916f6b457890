import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shorten, utf8Bytes } from '../../src/manifest/text.js';

/** shorten as it was before its ASCII fast path: every cut point found by the grapheme segmenter. */
function shortenBySegmenter(s: string, maxBytes: number): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  if (maxBytes < 3) return '';
  let used = 0;
  let end = 0;
  for (const { segment, index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    const b = utf8Bytes(segment);
    if (used + b > maxBytes - 3) break;
    used += b;
    end = index + segment.length;
  }
  let kept = s.slice(0, end);
  const space = kept.search(/\s\S*$/);
  if (space >= kept.length * 0.6) kept = kept.slice(0, space);
  kept = kept.replace(/[\s,;:.(\-–—]+$/u, '');
  return kept ? `${kept}…` : '';
}

describe('shorten', () => {
  // Characters whose graphemes are not one per character: CR LF, a combining accent, an emoji with a modifier.
  const piece = fc.constantFrom('a', 'b', ' ', '.', '\r', '\n', '\r\n', '\u0301', 'é', '👍', '\u{1F3FD}', '\u200d', 'x');
  const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));

  it('cuts ASCII text where the grapheme segmenter would, without building it', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), (s, max) => {
        expect(shorten(s, max)).toBe(shortenBySegmenter(s, max));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps CR LF and a letter with its accent whole at the cut', () => {
    expect(shorten('abcd\r\nefghij', 8)).toBe('abcd…');
    expect(shorten('abcde\u0301fghij', 8)).toBe('abcd…');
    expect(shorten('abcdefghijkl', 8)).toBe('abcde…');
  });
});
