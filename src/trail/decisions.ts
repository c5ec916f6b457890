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

/** The agent's decisions (with the sentence that gives the reason, when it follows) and the user's choices. */
export function decisionsOf(events: TranscriptEvent[]): TrailEntry[] {
  const out: TrailEntry[] = [];
  const undone = undoneDecisions(events);
  for (const e of events) {
    if (e.kind === 'say') {
      const ss = sentences(e.text);
      ss.forEach((s, i) => {
        const reason = ss[i + 1] && REASON.test(ss[i + 1]!) ? ` ${ss[i + 1]}` : '';
        if (isDecisionSentence(s)) out.push({ at: e.at, text: `${line(`${s}${reason}`)}${undone.has(e) ? ` ${UNDONE}` : ''}`, by: 'agent' });
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
