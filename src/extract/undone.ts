/**
 * Decisions the session took back by editing: the agent says what it will do ("I'll modify the CI
 * to allow type check failures for now"), an edit in the same turn makes the change (adds
 * `continue-on-error: true`), and a later edit takes the added lines out again (at the user's
 * request, or because the agent changed course). Such a decision no longer holds, whatever its
 * words: the next session must not be told it as one.
 */
import type { TranscriptEvent } from '../log/events.js';
import { isDecision, plainApostrophes, sentences } from './prose.js';

/** How the trail marks a decision a later edit undid; the next session is not told it as one. */
export const UNDONE = '(undone later: a later edit took its change out)';

/** The agent's sentence states a choice, or a plan with its reason. */
/** Looking before deciding ("Let me read what that check requires, since …"): a step, no decision about the work. */
const LOOKS =
  /^(?:(?:ok(?:ay)?|now|first|next|good|great|right|so)[,.!]?\s+)*(?:let me|i'?ll|i will|i'?m going to)\s+(?:(?:first|also|now|just|quickly)\s+)?(?:read|check(?!\s+(?:out|in)\b)|look|see|verify|inspect|examine|investigate|search|find|explore|understand|grep|confirm|figure out|dig)\b(?![^.;]*[;,]\s*(?:then\s+)?(?:i'?ll|we'?ll|let me)\b)/i;

export function isDecisionSentence(s: string): boolean {
  return (
    isDecision(s) ||
    (/\b(?:because|since(?!\s+(?:yesterday|today|then|last|the (?:last|start|beginning)|\d))|so that)\b/i.test(s) &&
      /\b(?:i'?ll|we'?ll|i will|we will|i'?m going to|let me|use|keep|chose|switch)\b/i.test(plainApostrophes(s)) &&
      !LOOKS.test(plainApostrophes(s)))
  );
}

/** An edit's lines worth following: not blank, not a lone bracket or keyword, not the digest's "@@ where" header. */
function distinctLines(text: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const raw of text?.split('\n') ?? []) {
    const l = raw.trim();
    if (l.length >= 6 && /[A-Za-z0-9]/.test(l) && !l.startsWith('@@')) out.add(l);
  }
  return out;
}

interface Made {
  say: TranscriptEvent;
  path: string;
  added: Set<string>;
  taken: Set<string>;
  /** The user's messages before it: a removal counts from the next turn on. */
  turn: number;
}

/** Decisions' edits of one file followed at most. */
const MADE_PER_FILE = 32;

/** The words of a line, for telling a line rewritten (a rename, a typo fixed) from one taken out. */
const wordsOf = (l: string): Set<string> => new Set(l.toLowerCase().match(/[a-z0-9_]+/g) ?? []);
function rewritten(line: string, added: Set<string>): boolean {
  const w = wordsOf(line);
  for (const a of added) {
    const v = wordsOf(a);
    let shared = 0;
    for (const x of w) if (v.has(x)) shared++;
    if (shared * 2 >= Math.max(w.size, v.size)) return true;
  }
  return false;
}

/**
 * The agent's messages whose decision a later turn undid: the edits made right after the decision
 * (before the agent's next words or the user's), of whose added lines at least half an edit of
 * the same file took out again after the user had spoken, without writing them anew in other
 * words (a rename, a typo fixed). A whole file written anew says nothing of what it replaced, and
 * a file's first writing is no change a decision made to it: neither counts.
 */
export function undoneDecisions(events: readonly TranscriptEvent[]): Set<TranscriptEvent> {
  // A save asks twice of the same events (the manifest, then the trail).
  const known = computed.get(events);
  if (known && known.length === events.length) return known.undone;
  const failed = new Set<string>();
  for (const e of events) if (e.kind === 'result' && !e.ok) failed.add(e.id);
  // By file, the newest few: a log of thousands of edits of one file stays linear.
  const made = new Map<string, Made[]>();
  const undone = new Set<TranscriptEvent>();
  // The agent's last words before an edit: whether they decide something is asked only then.
  let said: TranscriptEvent | undefined;
  let decides: boolean | undefined;
  let turn = 0;
  for (const e of events) {
    if (e.kind === 'ask') [said, turn] = [undefined, turn + 1];
    else if (e.kind === 'say' && !e.harness) [said, decides] = [e, undefined];
    if (e.kind !== 'edit' || e.paths.length !== 1 || failed.has(e.id)) continue;
    const path = e.paths[0]!;
    const added = distinctLines(e.change);
    const removed = distinctLines(e.removed);
    const mine = made.get(path) ?? [];
    if (removed.size)
      for (const m of mine) {
        if (m.turn === turn || undone.has(m.say)) continue;
        for (const l of m.added) if (removed.has(l) && !added.has(l) && !rewritten(l, added)) m.taken.add(l);
        if (m.taken.size * 2 >= m.added.size) undone.add(m.say);
      }
    if (!said || !added.size || e.tool === 'Write' || e.created?.includes(path)) continue;
    decides ??= said.kind === 'say' && sentences(said.text).some(isDecisionSentence);
    if (!decides) continue;
    mine.push({ say: said, path, added, taken: new Set(), turn });
    made.set(path, mine.slice(-MADE_PER_FILE));
  }
  computed.set(events, { length: events.length, undone });
  return undone;
}

/** By events list and its length (a list read on grows): what undoneDecisions found. */
const computed = new WeakMap<readonly TranscriptEvent[], { length: number; undone: Set<TranscriptEvent> }>();
