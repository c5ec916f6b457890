/** Judgement in the agent's own words: decisions, findings, intent and next steps. */
import { isNoiseSentence } from './noise.js';

/** Decisions in the agent's own decision phrasing: "I decided…", "We'll go with X because…", "Decision: …". */
const DECISION = /^(?:decision\s*:|(?:so\s+)?(?:i|we)(?:'ve| have)?\s+(?:decided|chose|chosen|opted|settled on|went with|will go with|'ll go with)\b|(?:(?:so|then|instead),?\s+)?(?:i|we)(?:'ll| will| am going to|'m going to)\s+(?:use|keep|stick with|switch to|go with|follow|rely on|store|put|treat|leave|make)\b.{3,120}?\b(?:instead of|rather than|because|since|so that|to keep|to avoid|as (?:it|that|the)|which (?:keeps|avoids|matches))\b|going with\b.{3,100}?\b(?:because|since|instead of|rather than)\b|(?:the )?(?:approach|plan|choice)\s+(?:is|will be)\s+to\b)/i;
const FINDING = /\b(?:found it|root cause|the (?:issue|problem|bug|cause|culprit) (?:is|was)|turns out|found (?:the|that)|it fails because|this (?:happens|fails) because|is caused by|was caused by|the reason (?:is|was))\b/i;
const INTENT = /^(?:(?:now|next|ok(?:ay)?|great|perfect|good|alright|first|then|so)[,!.]?\s+)*(?:let me|let's|i'll|i will|i'm going to|i am going to|i need to|now i'll|time to)\s+(.{8,})$/i;
const NEXT = /^(?:next(?: step)?s?|todo|then|after that|remaining)\s*[:,-]\s*/i;

/** Splits prose into sentences, dropping code blocks and list markers. */
export function sentences(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z`"'(])|\n+/)
    .map((s) => s.replace(/^\s*(?:#+|[-*•]|\d+[.)])\s+/, '').replace(/\*\*|__/g, '').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 12 && s.length <= 400);
}

const label = /^(?:decision|finding|found it|note|root cause)\s*:\s*/i;

export const isDecision = (s: string): boolean => !isNoiseSentence(s) && DECISION.test(s);
export const isFinding = (s: string): boolean => !isNoiseSentence(s) && FINDING.test(s) && !s.trim().endsWith('?');
/** "Decision: use X" → "use X". */
export const unlabel = (s: string): string => s.replace(label, '');

/** "Let me update the CSS to add the theme." → "Update the CSS to add the theme". */
export function intentOf(s: string): string | undefined {
  const m = INTENT.exec(s.trim());
  if (!m || isNoiseSentence(s)) return undefined;
  const body = m[1]!.replace(/[.:]+$/, '').trim();
  return body.charAt(0).toUpperCase() + body.slice(1);
}

/** "Next step: run the migration" → "run the migration"; undefined when not a next-step sentence. */
export function nextStepOf(s: string): string | undefined {
  const m = NEXT.exec(s);
  if (m) return s.slice(m[0].length);
  const i = s.search(/\bnext step(?:s)?\s*(?:is|:)\s*/i);
  return i >= 0 ? s.slice(i).replace(/^next steps?\s*(?:is|:)\s*/i, '') : undefined;
}
