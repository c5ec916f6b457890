/**
 * What the agent saw of a file it only read. The next session is asked what a config, a test or a
 * document said ("what page size", "which dependencies", "what does test.md hold"), and the file
 * may have changed since or be outside the repository. The trail keeps the read's head (a file
 * starts with what it is: its title, its imports, its settings) and the outline of the rest (the
 * names its code defines, a document's headings), bounded; not the read's line numbers nor the
 * harness's notes appended to it.
 */
import { definedNames, isDocument } from '../log/definitions.js';

/** The head kept of a read, and the room for the outline of the rest. */
const HEAD_CHARS = 1200;
const OUTLINE_CHARS = 400;

/** A Read's lines without their numbers ("    38→def f(" or "38\tdef f(" → "def f("). */
export const readLines = (output: string): string[] => output.split('\n').map((l) => l.replace(/^\s*\d+(?:→|\t)/, ''));

/** What the harness appends to a read (a reminder to the model), not the file's. */
const HARNESS_NOTE = /<system-reminder>[^]*?<\/system-reminder>/g;

/** A document's headings, in order. */
const headings = (text: string): string[] => [...text.matchAll(/^#{1,4}[ \t]+(.+)$/gm)].map((m) => m[1]!.trim());

/**
 * The excerpt of a file as a read returned it: whole when short, else its head and the outline of
 * the rest ("… later: def a, def b" or a document's headings). `numbered`: a Read's output, its
 * lines numbered; a shell's output (`cat`, `sed -n`) is as the file is.
 */
export function readExcerpt(path: string, output: string, numbered: boolean): string | undefined {
  const text = (numbered ? readLines(output).join('\n') : output)
    .replace(HARNESS_NOTE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text) return undefined;
  if (text.length <= HEAD_CHARS + OUTLINE_CHARS) return text;
  const end = text.lastIndexOf('\n', HEAD_CHARS);
  const head = text.slice(0, end > HEAD_CHARS / 2 ? end : HEAD_CHARS);
  const rest = text.slice(head.length);
  const outline: string[] = [];
  let used = 0;
  for (const name of isDocument(path) ? headings(rest) : definedNames(rest)) {
    if (used + name.length + 2 > OUTLINE_CHARS) break;
    outline.push(name);
    used += name.length + 2;
  }
  return `${head}\n…${outline.length ? ` later: ${outline.join('; ')}` : ''}`;
}
