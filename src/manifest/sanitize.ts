/**
 * Text that came from a transcript or from someone else's push, made safe to print, to put in a
 * prompt and to write as JSON: no terminal escape sequences (CSI, OSC, the rest of ESC), no C0
 * or C1 control characters (newline and tab stay only where the caller allows them), no bidi
 * overrides, embeddings, isolates or marks, and no Unicode tag characters (invisible text).
 * Zero-width joiners stay: emoji sequences need them.
 */
/**
 * Terminal escape sequences (CSI, OSC, DCS and the like, the rest of ESC, C1's CSI and OSC). A
 * string sequence (OSC, DCS) ends at its terminator, else at the text's end; for a tool's output
 * (`line`) at its line's end, so that the lines after one never closed are read.
 */
function escapes(stop: 'text' | 'line'): RegExp {
  const not = stop === 'line' ? '\\n' : '';
  const term = (alternatives: string): string => (stop === 'line' ? `(?:${alternatives})?` : `(?:${alternatives}|$)`);
  return new RegExp(
    String.raw`\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b${not}]*${term(String.raw`\u0007|\u001b\\`)}|\u001b[PX^_][^\u001b${not}]*${term(String.raw`\u001b\\`)}|\u001b[ -/]*[0-~]?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c${not}]*${term(String.raw`\u0007|\u009c`)}`,
    'g',
  );
}
const ESCAPES = escapes('text');
const OUTPUT_ESCAPES = escapes('line');
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\u{e0000}|[\u{e0001}-\u{e007f}]/gu;

/** A tool's output without its terminal colours (`tsc --pretty`, a test runner's): what the lines say is what is read. */
export const withoutEscapes = (s: string): string => (s.includes('\u001b') || s.includes('\u009b') ? s.replace(OUTPUT_ESCAPES, '') : s);

export function sanitizeText(s: string, opts: { newlines?: boolean } = {}): string {
  let out = s.replace(ESCAPES, '').replace(INVISIBLE, '');
  out = out.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  return opts.newlines ? out : out.replace(/\s*\n\s*/g, ' ');
}

/** Every string inside a JSON-like value sanitised (keys too); newlines kept, as JSON escapes them. */
export function sanitizeDeep<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return sanitizeText(v, { newlines: true });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [sanitizeText(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
