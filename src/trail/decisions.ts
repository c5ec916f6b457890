/** The agent's decisions with their reasons, and the user's choices, as the trail keeps them. */
import { isNoiseAsk, withoutPlaceholders } from '../extract/noise.js';
import { sentences } from '../extract/prose.js';
import { isDecisionSentence, UNDONE, undoneDecisions } from '../extract/undone.js';
import { clip } from '../log/events.js';
import type { TranscriptEvent } from '../transcript/index.js';
import type { TrailEntry } from './build.js';

const line = (s: string): string => clip(s, 1200);

/** A user picking an option or a way: "Option C", "let's go with X", "use X instead of Y". */
const USER_CHOICE =
  /^(?:(?:ok(?:ay)?|yes|great|good)[,.!\s]+)?(?:(?:let'?s|we'?ll|i'?d (?:like to|prefer to)|please)\s+(?:go with|use|pick|choose|keep|do)\b|(?:go with|use|pick|choose|i (?:prefer|choose|pick|want))\b|option\s+[a-z0-9]\b)/i;
/** A sentence that gives the reason for the one before it. */
const REASON = /^(?:because|since|so that|that way|this (?:way|keeps|avoids|means|is)|it (?:keeps|avoids|is simpler)|otherwise)\b/i;

/** The lines after a decision that ends on a colon kept as its reason, at most. */
const LISTED_REASONS = 3;

/** The items of the list right after the line of `text` that ends with `sentence`, at most LISTED_REASONS. */
function listedAfter(text: string, sentence: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(':') && sentences(l).at(-1) === sentence);
  const items: string[] = [];
  for (const l of at < 0 ? [] : lines.slice(at + 1)) {
    if (items.length === LISTED_REASONS || !/^\s*(?:[-*•+]|\d+[.)])\s/.test(l)) break;
    items.push(sentences(l).join(' '));
  }
  return items;
}

/** The agent's decisions (with the sentence that gives the reason, when it follows) and the user's choices. */
export function decisionsOf(events: TranscriptEvent[]): TrailEntry[] {
  const out: TrailEntry[] = [];
  const undone = undoneDecisions(events);
  for (const e of events) {
    if (e.kind === 'say') {
      const ss = sentences(e.text);
      ss.forEach((s, i) => {
        if (!isDecisionSentence(s)) return;
        // A sentence that ends on a colon ("Keep both data sources because:") gives its reason after it: a list's items, or the next sentence.
        const listed = s.endsWith(':') ? listedAfter(e.text, s) : [];
        const next = ss[i + 1] && (s.endsWith(':') || REASON.test(ss[i + 1]!)) ? ` ${ss[i + 1]}` : '';
        const reason = listed.length ? ` ${listed.join('; ')}` : next;
        out.push({ at: e.at, text: `${line(`${s}${reason}`)}${undone.has(e) ? ` ${UNDONE}` : ''}`, by: 'agent' });
      });
    } else if (e.kind === 'choice') {
      // What the picked option does comes last (the longest part): a line cut short keeps the choice, what it was over and the question.
      const over = e.others?.length ? ` over ${e.others.map((o) => `"${o}"`).join(', ')}` : '';
      out.push({ at: e.at, text: line(`the user chose "${e.answer}"${over} for: ${e.question}${e.meaning ? ` (${e.meaning})` : ''}`), by: 'user' });
    } else if (e.kind === 'ask' && !e.rewound && !isNoiseAsk(e.text)) {
      const t = withoutPlaceholders(e.text);
      if (t.length <= 600 && USER_CHOICE.test(t)) out.push({ at: e.at, text: line(t), by: 'user' });
    }
  }
  return out;
}
