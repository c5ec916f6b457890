/** Byte-exact shortening for the 2 KB budget: UTF-8 bytes, whole graphemes, word boundaries. */

/** Built on first use: building it costs 10–19 ms, and most texts fit without shortening. */
let segmenter: Intl.Segmenter | undefined;
const ELLIPSIS = '…';
const ELLIPSIS_BYTES = 3;

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** ASCII but CR (CR LF is one grapheme): one byte and one grapheme per character. */
const SIMPLE_ASCII = /^[\x00-\x0c\x0e-\x7f]*$/;

/**
 * Where the longest run of whole graphemes from the start of `s` that fits `room` UTF-8 bytes
 * ends. When the text up to there (and the character after, which could join the last one) is
 * simple ASCII, that is `room` itself: the segmenter is not built for it.
 */
function graphemesEnd(s: string, room: number): number {
  if (s.length > room && SIMPLE_ASCII.test(s.slice(0, room + 1))) return room;
  let used = 0;
  let end = 0;
  for (const { segment, index } of (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s)) {
    const b = utf8Bytes(segment);
    if (used + b > room) break;
    used += b;
    end = index + segment.length;
  }
  return end;
}

/**
 * The longest prefix of `s` (whole graphemes, so no emoji, ZWJ sequence or combining mark is
 * split) whose UTF-8 form, plus "…", fits `maxBytes`; cut at a word boundary when there is one
 * in the last 40 % (scripts without spaces are cut between graphemes). Unchanged if it fits.
 */
export function shorten(s: string, maxBytes: number): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  if (maxBytes < ELLIPSIS_BYTES) return '';
  const room = maxBytes - ELLIPSIS_BYTES;
  let kept = s.slice(0, graphemesEnd(s, room));
  const space = kept.search(/\s\S*$/);
  if (space >= kept.length * 0.6) kept = kept.slice(0, space);
  kept = kept.replace(/[\s,;:.(\-–—]+$/u, '');
  return kept ? `${kept}${ELLIPSIS}` : '';
}

/** Shortens a path from the left, keeping its file name: `…/components/Button.tsx`. */
export function shortenPath(p: string, maxBytes: number): string {
  if (utf8Bytes(p) <= maxBytes) return p;
  const parts = p.split('/');
  const name = parts.pop() ?? p;
  if (utf8Bytes(name) + 4 > maxBytes) return shorten(name, maxBytes);
  let out = name;
  while (parts.length && utf8Bytes(`…/${parts.at(-1)}/${out}`) <= maxBytes) out = `${parts.pop()}/${out}`;
  return `…/${out}`;
}
