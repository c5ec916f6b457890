/**
 * What an edit wrote, as events keep it: bounded, but with what a reader asks of a long edit —
 * the names its code defines, a document's outline and the facts it states — from all of it,
 * not only its first lines.
 */
import { definesSomething, isDocument } from './definitions.js';
import { clip, REMOVED_CHARS } from './events.js';

/** The first characters of a long edit kept as written. */
const CHANGE_HEAD = 600;
/** What a long document keeps of its outline and fields, beyond its head: the trail keeps 2,000 characters of a change. */
const OUTLINE_CHARS = 1350;
const OUTLINE_LINE_CHARS = 160;
const HEADING = /^(#{1,4})[ \t]+\S/;
/** A document's field, a label in bold and its value (`**Branch:** main`, `- **Status**: Draft`): a fact it states. */
const FIELD = /^\s*(?:[-*+]\s+)?\*\*([^*\n]{1,40})\*\*\s*:?\s*\S/;
const label = (line: string): string => FIELD.exec(line)![1]!.replace(/:$/, '').trim().toLowerCase();

/**
 * What an edit wrote, bounded: its first CHANGE_HEAD characters, then the lines further on that
 * define something, or, in a document, its outline (a plan's phases and steps) and fields.
 */
export function changeDigest(change: string, path = ''): string {
  if (change.length <= CHANGE_HEAD) return change;
  const head = change.slice(0, CHANGE_HEAD);
  const cut = head.lastIndexOf('\n');
  const kept = cut > CHANGE_HEAD / 2 ? head.slice(0, cut) : head;
  const rest = change.slice(kept.length).split('\n');
  const more = isDocument(path)
    ? outline(rest)
    : rest
        .filter(definesSomething)
        .slice(0, 12)
        .map((l) => clip(l.trim(), OUTLINE_LINE_CHARS, false));
  return `${kept}\n…${more.length ? `\n${more.join('\n')}` : ''}`;
}

/**
 * A document's headings and the fields it states once or twice (a label under every step, like
 * `**File:**`, is its template), within OUTLINE_CHARS: its sections and fields first, then as
 * many of its deepest headings (`####` steps) as fit, then as many of its other lines (a progress
 * note's facts), in the document's order.
 */
function outline(lines: string[]): string[] {
  const labels = new Map<string, number>();
  for (const l of lines) if (FIELD.test(l)) labels.set(label(l), (labels.get(label(l)) ?? 0) + 1);
  // Its sections and fields first, then its deepest headings, then what room is left of its lines as written.
  const picked = lines.flatMap((l, at) => {
    if (!l.trim()) return [];
    const level = HEADING.exec(l)?.[1]!.length;
    const rank = level === undefined ? (FIELD.test(l) && labels.get(label(l))! <= 2 ? 0 : 2) : level < 4 ? 0 : 1;
    return [{ text: clip(l.trim(), OUTLINE_LINE_CHARS, false), at, rank }];
  });
  let room = OUTLINE_CHARS;
  const fits = new Set<number>();
  for (const rank of [0, 1, 2])
    for (const p of picked)
      if (p.rank === rank && p.text.length + 1 <= room) {
        fits.add(p.at);
        room -= p.text.length + 1;
      }
  return picked.filter((p) => fits.has(p.at)).map((p) => p.text);
}

/**
 * The lines an edit took out, less those it wrote again (a moved or re-indented line is no
 * removal), bounded; undefined when none.
 */
export function removedDigest(takenOut: string[], written: string[]): string | undefined {
  const put = new Set(written.map((l) => l.trim()));
  const text = takenOut
    .filter((l) => l.trim() && !put.has(l.trim()))
    .join('\n')
    .trim();
  return text ? clip(text, REMOVED_CHARS, false) : undefined;
}
