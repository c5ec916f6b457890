/** Which of a question's words a passage of a trail entry holds: how recall picks what to show of an entry. */
import { shortWordForms, term, VERSION_NUMBER } from './question-words.js';

/** A passage's words as a set (exact) and as one spaced string (a prefix is ` q` in it, found natively). */
export type Words = { set: Set<string>; spaced: string };

const tokens = (text: string): string[] => text.split(/[\n\r\p{Z}\p{P}\p{S}]+/u).flatMap((t) => term(t) ?? []);

/** A longer word as a prefix of its root ("implemented": implementation). */
const root = (q: string): string => (q.length >= 7 ? q.replace(/(?:ations?|ions?|ing|ed|es|s)$/, '') : q);

/** A passage that says work is still open: what remains, still needs doing, a known gap, a follow-up. */
export const OPEN_WORK =
  /\b(?:remains?|remaining|residual|still (?:needs?|needed|has to|have to|to be|open|missing|fails?|failing|pending|unresolved|broken|not)|not (?:yet )?(?:done|implemented|wired|verified|tested)|left to (?:do|be)|(?:known|open) (?:gaps?|issues?|risks?|questions?)|follow[- ]?ups?|next steps?|needs? (?:another|a further|more work)|yet to)\b|还(?:需要|没有?|未)|尚未|需要后面|后续|待办|未完成|아직|남은|남아|해야\s*(?:합니다|할|함)/i;
/** A question that asks what is left without the word: "what is still not done", "what still needs care". */
const ASKS_LEFT = /\b(?:still (?:not|needs?|to|open|has to|have to)|not (?:yet )?(?:done|finished|complete|completed)|unresolved)\b/i;
/** The words a question about what is left uses. */
export const LEFT_WORDS = ['left', 'open', 'remaining', 'remains', 'outstanding', 'unfinished', 'pending', 'todo', 'gap', 'gaps'];

/** The question with "left" when it asks what is left in other words ("what is still not done"): open work's passages hold it. */
const asksLeft = (question: string): string =>
  ASKS_LEFT.test(question) && !tokens(question).some((w) => LEFT_WORDS.includes(w)) ? `${question} left` : question;

/** The question's words, a passage's words, and whether a passage holds one of the question's. */
export function questionWords(question: string): { asked: string[]; wordsOf: (p: string) => Words; has: (words: Words, q: string) => boolean } {
  const asked = [...new Set(tokens(asksLeft(question)))];
  const roots = new Map(asked.map((q) => [q, root(q).length >= 5 ? root(q) : q]));
  const wordsOf = (p: string): Words => {
    const set = new Set(tokens(p));
    // A version number ("1.171.0", "v2.3") is what "which version" or "which release" asks for, whatever words are around it.
    if (VERSION_NUMBER.test(p)) set.add('version').add('versions').add('release').add('releases');
    // Work said to be still open ("one residual risk remains", "still needs another pass") is what "what is left" asks for.
    if (OPEN_WORK.test(p)) for (const w of LEFT_WORDS) set.add(w);
    return { set, spaced: ` ${[...set].join(' ')}` };
  };
  // A short word by its own forms too ("fix": fixes, fixed; "pin": pinned).
  const has = (words: Words, q: string): boolean =>
    words.set.has(q) || (q.length >= 4 ? words.spaced.includes(` ${roots.get(q) ?? q}`) : shortWordForms(q).some((f) => words.set.has(f)));
  return { asked, wordsOf, has };
}
