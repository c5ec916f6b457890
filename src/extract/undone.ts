/**
 * Decisions the session took back by editing: the agent says what it will do ("I'll modify the CI
 * to allow type check failures for now"), an edit in the same turn makes the change (adds
 * `continue-on-error: true`), and a later edit takes the added lines out again (at the user's
 * request, or because the agent changed course). Such a decision no longer holds, whatever its
 * words: the next session must not be told it as one.
 */
import type { TranscriptEvent } from '../log/events.js';
import { isDecision, sentences } from './prose.js';

/** How the trail marks a decision a later edit undid; the next session is not told it as one. */
export const UNDONE = '(undone later: a later edit took its change out)';

/** The agent's sentence states a choice, or a plan with its reason. */
export function isDecisionSentence(s: string): boolean {
  return isDecision(s) || (/\b(?:because|since|so that)\b/i.test(s) && /\b(?:i'?ll|we'?ll|i will|we will|i'?m going to|use|keep|chose|switch)\b/i.test(s));
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
}

/**
 * The agent's messages whose decision a later edit undid: of the lines the decision's edit added,
 * at least half taken out again by later edits of the file (an edit's event holds the lines it
 * added and the ones it took out). A whole file written anew says nothing of what it replaced, and
 * a file's first writing is no change a decision made to it: neither counts.
 */
export function undoneDecisions(events: readonly TranscriptEvent[]): Set<TranscriptEvent> {
  const failed = new Set<string>();
  for (const e of events) if (e.kind === 'result' && !e.ok) failed.add(e.id);
  const made: Made[] = [];
  const undone = new Set<TranscriptEvent>();
  let deciding: TranscriptEvent | undefined;
  for (const e of events) {
    if (e.kind === 'ask') deciding = undefined;
    else if (e.kind === 'say' && !e.harness && sentences(e.text).some(isDecisionSentence)) deciding = e;
    if (e.kind !== 'edit' || e.paths.length !== 1 || failed.has(e.id)) continue;
    const path = e.paths[0]!;
    const added = distinctLines(e.change);
    const removed = distinctLines(e.removed);
    for (const m of made) {
      if (m.path !== path || undone.has(m.say)) continue;
      for (const l of m.added) if (removed.has(l) && !added.has(l)) m.taken.add(l);
      if (m.taken.size * 2 >= m.added.size) undone.add(m.say);
    }
    if (deciding && added.size && e.tool !== 'Write' && !e.created?.includes(path)) made.push({ say: deciding, path, added, taken: new Set() });
  }
  return undone;
}
