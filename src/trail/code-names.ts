/** The code a question names (`applyFilters()`), and the passages of a file's changes that hold it. */
import { newestWithin } from './entries.js';

/** The code names a question gives (`applyFilters()`, `window.removeModel`, `parse_header`): camel or snake case, or called. */
export function codeNamesIn(question: string): string[] {
  return [...question.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?=\(\)|\b)/g)]
    .map(([t]) => t.split('.').at(-1)!)
    .filter((t) => t.length >= 5 && /[a-z][A-Z]|_[a-z]/.test(t));
}

/**
 * Within `max` characters: the passages that hold one of the code `names`, newest first, then
 * what follows each (the rest of its change); without such a passage, the newest.
 */
export function codeWithin(passages: string[], names: string[], max: number): string[] {
  const hits = names.length ? passages.flatMap((p, i) => (names.some((n) => p.includes(n)) ? [i] : [])).reverse() : [];
  if (!hits.length) return newestWithin(passages, max);
  const keep = new Set<number>();
  let used = 0;
  const take = (i: number): boolean => (keep.size && used + passages[i]!.length > max ? false : (keep.add(i), (used += passages[i]!.length), true));
  for (const h of hits) if (!take(h)) break;
  for (const h of hits) for (let i = h + 1; i < passages.length && !keep.has(i) && take(i); i++);
  return passages.filter((_, i) => keep.has(i));
}

/** A file entry's head says its edits define, or went into, one of the code `names`. */
export const editsNamed = (head: string, names: string[]): boolean =>
  names.length > 0 &&
  /; edits (?:define|in) /.test(head) &&
  names.some((n) => new RegExp(`(?:; edits (?:define|in) |, )(?:[\\w.$]*\\.)?${n.replaceAll('$', '\\$')}\\b`).test(head));
