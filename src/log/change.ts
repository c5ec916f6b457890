/**
 * What an edit wrote, as events keep it: bounded, but with what a reader asks of a long edit —
 * the names its code defines, a document's outline — from all of it, not only its first lines.
 */
import { definesSomething, isDocument } from './definitions.js';
import { clip } from './events.js';

/**
 * What an edit wrote, bounded: its first CHANGE_HEAD characters, then the lines further on that
 * define something, or, in a document, its headings (a plan's phases and steps).
 */
const CHANGE_HEAD = 600;
const HEADING = /^#{1,4}[ \t]+\S/;
export function changeDigest(change: string, path = ''): string {
  if (change.length <= CHANGE_HEAD) return change;
  const head = change.slice(0, CHANGE_HEAD);
  const cut = head.lastIndexOf('\n');
  const kept = cut > CHANGE_HEAD / 2 ? head.slice(0, cut) : head;
  const doc = isDocument(path);
  const defs = change
    .slice(kept.length)
    .split('\n')
    .filter((l) => (doc ? HEADING.test(l) : definesSomething(l)))
    .slice(0, doc ? 24 : 12)
    .map((l) => clip(l.trim(), 160, false));
  return `${kept}\n…${defs.length ? `\n${defs.join('\n')}` : ''}`;
}
