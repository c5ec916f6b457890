/** Judgement in the agent's own words: decisions, findings, intent and next steps. */
import { remembered } from '../memo.js';
import { isNoiseSentence } from './noise.js';

/** Decisions in the agent's own decision phrasing: "I decided…", "We'll go with X because…", "Decision: …". */
const DECISION =
  /^(?:decision\s*:|(?:so\s+)?(?:i|we)(?:'ve| have)?\s+(?:decided|chose|chosen|opted|settled on|went with|will go with|'ll go with)\b|(?:(?:so|then|instead),?\s+)?(?:i|we)(?:'ll| will| am going to|'m going to)\s+(?:use|keep|stick with|switch to|go with|follow|rely on|store|put|treat|leave|make)\b.{3,120}?\b(?:instead of|rather than|because|since|so that|to keep|to avoid|as (?:it|that|the)|which (?:keeps|avoids|matches))\b|going with\b.{3,100}?\b(?:because|since|instead of|rather than)\b|(?:the )?(?:approach|plan|choice)\s+(?:is|will be)\s+to\b|(?:rather than|instead of)\b[^,]{3,120},\s*(?:i|we)(?:'ll| will|'m| am|'ve| have)?\s+\w+|(?:i|we)(?:'ve| have)?\s+(?:skipped|left out|chose not to|decided against|did not|didn't|won't|will not)\b.{3,160}?\b(?:because|since|as (?:it|that|the|this)|rather than|instead)\b)/i;
const FINDING =
  /\b(?:found it|root cause|the (?:issue|problem|bug|cause|culprit) (?:is|was)|turns out|found (?:the|that)|(?:it|this) happens because|(?:fails|failed|breaks|broke) because|is caused by|was caused by|the reason (?:is|was))\b/i;
const INTENT =
  /^(?:(?:now|next|ok(?:ay)?|great|perfect|good|alright|first|then|so)[,!.]?\s+)*(?:let me|let's|i'll|i will|i'm going to|i am going to|i need to|now i'll|time to)\s+(.{8,})$/i;
const NEXT = /^(?:next(?: step)?s?|todo|then|after that|remaining)\s*[:,-]\s*/i;

/** Splits prose into sentences, dropping code blocks and list markers (the same frozen list for the same text: see memo.ts). */
export const sentences = remembered((text: string): readonly string[] => Object.freeze(splitSentences(text)));

function splitSentences(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z`"'(])|\n+/)
    .map((s) =>
      s
        .replace(/^\s*(?:#+|[-*•]|\d+[.)])\s+/, '')
        .replace(/\*\*|__/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length >= 12 && s.length <= 400);
}

const label = /^(?:decision|finding|found it|note|root cause)\s*:\s*/i;

/** The phrasings are written with a plain apostrophe; GPT models write "I’ll" (same length, so positions hold). */
export const plainApostrophes = (s: string): string => s.replace(/[\u2018\u2019]/g, "'");

/**
 * A way taken for a reason that rules the plain one out: "The graph tools are not exposed in this
 * session, so I'm falling back to `rg`", "The PR is already merged, so I will not push onto it".
 * Not progress ("The first tests are in, so I'm running the gate now").
 */
const SO_I = /^(\S.{8,200}?),?\s+so\s+((?:i|we)(?:'ll| will|'m| am|'ve| have)\s+.*)$/i;
const RULED_OUT = /\b(?:not|no|\w+n't|already|only|cannot|missing|unavailable|blocked|instead|rather than|otherwise)\b/i;
const TAKEN_INSTEAD = /\b(?:instead|rather than|not|fall(?:ing)? back|switch(?:ing)?|avoid(?:ing)?|skip(?:ping)?)\b/i;
/** The next step of the work, whatever came before it ("so I'm reading it now", "so I'll wait"): progress, not a way chosen. */
const NEXT_STEP =
  /^(?:i|we)(?:'ll| will|'m| am)\s+(?:now\s+|first\s+)?(?:look|read|check|wait|run|rerun|inspect|investigat|verif|retry|start|continu|fix|debug|search|open|poll|try|test)/i;
const reasonedWay = (s: string): boolean => {
  const m = SO_I.exec(s);
  // A reason that only says the work is not done yet ("not up yet", "haven't read it yet") rules nothing out.
  return m !== null && (TAKEN_INSTEAD.test(m[2]!) || (RULED_OUT.test(m[1]!) && !/\byet\b/i.test(m[1]!) && !NEXT_STEP.test(m[2]!)));
};

export const isDecision = remembered((s: string): boolean => {
  if (isNoiseSentence(s)) return false;
  const plain = plainApostrophes(s);
  return DECISION.test(plain) || reasonedWay(plain);
});
/** A finding, not the agent saying what it will do about one ("Let me amend the commit since it said the issue was resolved"). */
export const isFinding = remembered(
  (s: string): boolean => !isNoiseSentence(s) && FINDING.test(s) && !s.trim().endsWith('?') && !INTENT.test(plainApostrophes(s)),
);
/** "Decision: use X" → "use X". */
export const unlabel = (s: string): string => s.replace(label, '');

/** An intent to report on the work rather than do it: "provide you with a summary", "summarize what changed". */
const REPORTS_ON =
  /^(?:(?:provide|give|show|write|present)(?: you)?(?: with)? (?:a |an |the |my )?(?:final |quick |brief |short |full |complete |comprehensive )?(?:summary|overview|recap|rundown|report|wrap-up)\b|summari[sz]e\b|recap\b)/i;

/** "Let me update the CSS to add the theme." → "Update the CSS to add the theme". */
export function intentOf(s: string): string | undefined {
  const trimmed = s.trim();
  const m = INTENT.exec(plainApostrophes(trimmed));
  if (!m || isNoiseSentence(s)) return undefined;
  // The words as written: the match's group is where they are.
  const body = trimmed
    .slice(trimmed.length - m[1]!.length)
    .replace(/[.:]+$/, '')
    .trim();
  if (REPORTS_ON.test(body)) return undefined;
  return body.charAt(0).toUpperCase() + body.slice(1);
}

/** "Next step: run the migration" → "run the migration"; undefined when not a next-step sentence. */
export function nextStepOf(s: string): string | undefined {
  const m = NEXT.exec(s);
  if (m) return s.slice(m[0].length);
  const i = s.search(/\bnext step(?:s)?\s*(?:is|:)\s*/i);
  return i >= 0 ? s.slice(i).replace(/^next steps?\s*(?:is|:)\s*/i, '') : undefined;
}

/** A finding stated in the present ("the issue is", "it fails because"): true of the moment it was said. */
const PRESENT_FINDING = /\b(?:the (?:issue|problem|bug|cause|culprit) is|(?:it|this) happens because|(?:fails|breaks) because|is caused by|the reason is)\b/i;
/** A later sentence taking back an earlier finding. */
const REFUTES =
  /\b(?:actually|in fact|on closer look|wasn[’']?t|was not|isn[’']?t (?:the|it)|is not (?:the|it)|not the (?:real )?(?:issue|cause|problem|culprit)|red herring|was wrong|i was mistaken|misread|instead,)\b/i;
/** A later report that the problem it describes is gone. */
const RESOLVED =
  /\b(?:(?:now |is |are )?(?:working|works) (?:now|perfectly|correctly|beautifully)|(?:is|are|was|were|has been|have been) (?:fixed|resolved)|(?:installation|build|tests?|it) (?:succeeded|passe[sd])|everything (?:is )?(?:works|working))\b/i;

const SUBJECT_STOP = new Set(
  'that this with from have been were they their there which what when where because about into only also just still than then them some more most very will would should could issue problem cause reason found turns fails happens caused culprit root'.split(
    ' ',
  ),
);
const subjectWords = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .filter((w) => w.length >= 4 && !SUBJECT_STOP.has(w)),
  );
const shared = (a: Set<string>, b: Set<string>): number => [...a].filter((w) => b.has(w)).length;

/**
 * The findings that still hold, oldest first: a finding is dropped when a later one is about the
 * same thing (it supersedes the hypothesis), when a later sentence takes it back ("actually, the
 * cache was not the cause"), or, for one stated in the present ("the issue is …"), when the agent
 * later reports the problem gone. `said` is every sentence of the agent's in order.
 */
export function currentFindings(said: readonly string[]): string[] {
  // What each sentence is, worked out once: every finding is compared with every later sentence.
  const finding = said.map((s) => isFinding(s) && !isDecision(s));
  const refutes = said.map((s) => REFUTES.test(s));
  const resolves = said.map((s) => RESOLVED.test(s));
  const words: Array<Set<string> | undefined> = [];
  const wordsOf = (i: number): Set<string> => (words[i] ??= subjectWords(said[i]!));
  const out: string[] = [];
  said.forEach((s, i) => {
    if (!finding[i]) return;
    let superseded = false;
    for (let j = i + 1; j < said.length && !superseded; j++) superseded = (finding[j]! || refutes[j]!) && shared(wordsOf(i), wordsOf(j)) >= 2;
    const resolved = PRESENT_FINDING.test(s) && resolves.includes(true, i + 1);
    if (!superseded && !resolved) out.push(s);
  });
  return out;
}
