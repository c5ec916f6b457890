/**
 * What the agent saw of a file it only read. The next session is asked what a config, a test or a
 * document said ("what page size", "which dependencies", "what does test.md hold"), and the file
 * may have changed since or be outside the repository. The trail keeps the read's head (a file
 * starts with what it is: its title, its imports, its settings) and the outline of the rest (the
 * names its code defines, a document's headings), bounded; not the read's line numbers nor the
 * harness's notes appended to it.
 */
import { definedNames, isDocument } from '../log/definitions.js';
import { HARNESS_NOTE, unnumbered } from '../log/numbered.js';
import { afterCd } from '../log/cd.js';
import { isHookContext } from '../log/rules.js';

/** The head kept of a read, and the room for the outline of the rest. */
const HEAD_CHARS = 1200;
const OUTLINE_CHARS = 400;

/** A Read's lines without their numbers ("    38→def f(" or "38\tdef f(" → "def f("), as unnumbered() tells them. */
export const readLines = (output: string): string[] => unnumbered(output).split('\n');

/** A document's headings, in order. */
const headings = (text: string): string[] => [...text.matchAll(/^#{1,4}[ \t]+(.+)$/gm)].map((m) => m[1]!.trim());

/** Where a read's text is not the file's: Codex's count of lines above it, a terminal's colours. */
const NOT_THE_FILE = /^Total output lines: \d+\s*\n+|\x1b\[[0-9;]*[A-Za-z]/g;

/** A read's text without what is not the file's: the harness's note after it (a reminder to the model), a line count, colours. */
export const fileText = (output: string): string => output.replace(NOT_THE_FILE, '').replace(HARNESS_NOTE, '');

/**
 * The excerpt of a file as a read returned it: whole when short, else its head and the outline of
 * the rest ("… later: def a, def b" or a document's headings). A read that starts further down
 * (`from`, its first line) says so: it is not the file's start.
 */
export function readExcerpt(path: string, output: string, from = 1): string | undefined {
  const text = fileText(unnumbered(output))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text) return undefined;
  const start = from > 1 ? `(from line ${from}) ` : '';
  if (text.length <= HEAD_CHARS + OUTLINE_CHARS) return `${start}${text}`;
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
  return `${start}${head}\n…${outline.length ? ` later: ${outline.join('; ')}` : ''}`;
}

/** Files whose content the trail never keeps: the agents' own (settings, history, saved tool results) and scratch files. */
const HARNESS_FILE = /(?:^|\/)(?:\.claude|\.codex|tool-results)\/|^(?:\/private)?\/tmp\/(?:claude|codex)/;

/**
 * Whether a read of `path` (repository-relative when inside it) may keep what it showed: a file of
 * the repository's, not the agent's own data nor one outside it (a kubeconfig, another project's).
 */
/** An agent's own file or a scratch file of its. */
/** The agents' own files, and what a SessionStart hook gave (no file at all). */
export const isHarnessFile = (path: string): boolean => HARNESS_FILE.test(path) || isHookContext(path);

export const keepsContent = (path: string): boolean => !/^(?:\/|~|\.\.(?:\/|$)|[A-Za-z]:[\\/])/.test(path) && !isHarnessFile(path);

/** Whether a shell command shows a file from its first line and nothing else (`cat f`, `nl -ba f`, `head -50 f`, `sed -n '1,80p' f`): not a pipe, a tail, a later range. */
export function showsFromStart(command: string): boolean {
  const body = afterCd(command).trim();
  if (/[|;&<>`$]/.test(body)) return false;
  return /^(?:cat|nl|head|bat)\s/.test(body) || /^sed\s+-n\s+['"]?1,\d+p['"]?\s/.test(body);
}
