/** The user's standing instructions and corrections, kept in their own words. */
import type { TranscriptEvent } from '../transcript/index.js';
import { isClosingMessage, isContinuation } from './completion.js';
import { isNoiseAsk, withoutPlaceholdersByLine } from './noise.js';

/**
 * A rule for the rest of the session: never/always/don't/must/only/prefer/avoid/make sure, near the
 * start of the sentence (after a lead-in like "To be clear:"); not a statement that opens alike
 * ("Note: only the login test fails", "Never mind the cache", "Always-on logging was enabled").
 */
const RULE =
  /^(?:(?:(?:hey|hi|hello|ok(?:ay)?|oh|btw|fyi)\b,?|please|and|also|but|so|then|let'?s|let us|remember(?: to| that)?|from now on,?|going forward,?|in (?:this|the) (?:project|repo),?|for (?:this|the) (?:project|repo),?|(?:to be clear|note|important|one more thing|reminder|fyi|ps)\s*[:,])\s+)*(?:never(?!\s+mind\b)|always(?!-)|don'?t|do not|doesn'?t need|must(?:n'?t| not)?|you must|you should(?:n'?t| not)?|make sure|ensure|only(?!\s+(?:the|a|an|one|two|three|\d+|some|this|that|these|those|its?|my|our|half)\b)|avoid|prefer|stop|no need to|keep|use\s+\S+(?:\s+\S+)?\s*(?:,\s*not|instead of|rather than|over)\b|stick (?:to|with))\b/i;
/** A constraint anywhere in the sentence: "X must not be agent specific", "important not to commit until…", "old clients won't be broken". */
const CONSTRAINT =
  /\b(?:(?:we|you) (?:don'?t|do not|won'?t) need\b|without (?:\w+ly )?\w+ing\b(?!\s+(?:and|or)\b)|must(?:n'?t| not| never| always| be| stay| remain| keep)|should(?:n'?t| not| never)|never(?!\s+mind\b)|always(?!-)|make sure|important(?:ly)? (?:not )?to|no need to|don'?t want (?:to|you to|it to)|without breaking|won'?t (?:be )?break|(?:won'?t|will not|must not) be broken|not (?:be )?broken)\b/i;
/** How to go about the work, for all of it: "add tests as you go", "write tests first", "make meaningful commits", "one commit per task". */
const PRACTICE =
  /\b(?:as you go|(?:write|create|add)\w* (?:the |some |failing |unit )?tests? first|test[- ]first|(?<![\w/.-])tdd(?![\w/.-])|(?:small|meaningful|atomic|separate|granular|logical|incremental|frequent|focused) commits|commit (?:often|frequently|after each|each (?:step|task|phase))|one (?:commit|pr|pull request) (?:per|for each))\b/i;
/** Said as a way to work: asked for ("make …", "please", "let's"), or how the project works ("we use", "always"). */
const AS_PRACTICE = /\b(?:make|add|write|create|keep|do|use|commit|follow|please|always|should|must|let'?s|we use|i want|i'?d like)\b/i;
/** A request put as a question ("can you commit this in meaningful commits"): work to do once, not a way of working. */
const ASKED = /^(?:(?:hey|hi|ok(?:ay)?|so|and|now|also)\b,?\s+)*(?:can|could|would|will) you\b/i;
/** A correction: the user says no to what the agent did or proposed. */
const CORRECTION = /^(?:no|nope|wrong|not (?:that|this|like that)|that'?s (?:wrong|not (?:it|right|what))|actually|instead|wait|stop)\b[\s,.!:;-]/i;

const MAX_CHARS = 300;
const TABLE_ROW = /^\|(?:[^|\n]*\|){2,}/;

/** A short message that only corrects or sets a rule ("No, don't touch src/gen either."): not a request of its own. */
export const isCorrectionOnly = (text: string): boolean => {
  const t = text.trim();
  if (t.length > 160) return false;
  if (/^(?:no|nope|wrong)\b[\s,.!:;-]/i.test(t) && /\b(?:don'?t|do not|never|keep|leave|not)\b/i.test(t)) return true;
  // One sentence that only forbids ("hey dont use cartrabbit.in", "never push to main"): a rule, no work of its own.
  const rule = PROHIBITION.exec(t);
  // Nothing asked after it: no second clause ("Don't use lodash, rewrite utils.ts", "avoid the ORM and rewrite the query").
  return rule !== null && !/[.!?]\s+\S/.test(t) && !/\?\s*$/.test(t) && !/[,;:]|\b(?:and|then|but|just|instead)\b/i.test(t.slice(rule[0].length));
};

/** A rule that forbids, after a greeting or a lead-in: not "don't forget to …" or "don't worry about …", which ask for work. */
const PROHIBITION =
  /^(?:(?:hey|hi|ok(?:ay)?|oh|btw|also|and|but|please|so)\b[,\s]+)*(?:don'?t|do not|never(?!\s+mind\b)|avoid)\b(?!\s+(?:forget|miss|stop|worry|bother|hesitate|just)\b)/i;

/** Words that hand over what follows: "below", "this log" (closing the paragraph), "here is" (anywhere). */
const HANDED = String.raw`below|following|this (?:doc|page|log|output|error|trace)\w*`;
const HERE = String.raw`here(?:'s| is| are)`;
const PASTE_WORDS = new RegExp(String.raw`\b(?:${HANDED}|${HERE})\b`, 'i');
/** A first paragraph that hands over what follows: "Does this doc page help?", "Here is the log:". */
const HANDS_OVER = new RegExp(String.raw`(?:[?:]|\b(?:${HANDED}|${HERE}\b.*))\s*$`, 'i');

/**
 * What follows looks pasted rather than written to the agent: code or a log (a fence, JSON or
 * HTML, timestamped or stack-trace lines), or a page of prose paragraphs with no list of the
 * user's own ("1. It must…" is the user writing rules).
 */
function looksPasted(rest: string): boolean {
  const lines = rest.split('\n').filter((l) => l.trim());
  if (/```/.test(rest) || /^\s*[[{<]/.test(rest)) return true;
  if (lines.filter((l) => /^\s*(?:\d{1,4}[-:/]\d{2}[-:/]\d{2}|at \S|File "|\[?\d{2}:\d{2}(?::\d{2})?)/.test(l)).length >= 3) return true;
  const listed = lines.filter((l) => /^\s*(?:[-*•]|\d+[.)])\s/.test(l)).length;
  return lines.length >= 3 && listed <= lines.length * 0.2;
}

/**
 * The user's own words of a message: when its first short paragraphs hand over a long block that
 * looks pasted (a doc page, a build log, an error, a HAR file), only those paragraphs. A pasted
 * page's "must" and "always" are its author's, not rules the user set.
 */
export function ownWords(text: string): string {
  for (const b of text.matchAll(/\n\s*\n/g)) {
    if (b.index > 600) break;
    const head = text.slice(0, b.index).trim();
    const rest = text.slice(b.index);
    // A colon that opens the user's own list ("each wrote one doc on their own branch:\n- …") hands nothing over.
    // ("Here is the style guide:" does hand a page over, list or not.)
    if (head.endsWith(':') && !PASTE_WORDS.test(head) && /^\s*(?:[-*•]|\d+[.)])\s/.test(rest.trimStart())) continue;
    if (rest.length >= 800 && HANDS_OVER.test(head) && looksPasted(rest)) return head;
  }
  return text;
}

/**
 * A sentence without markdown's strong emphasis: a pair around words ("Do **NOT** read"), or a
 * `**` that opens or closes the sentence (its pair in the next one); not in code (`__init__.py`,
 * `**kwargs`) nor in a name (__main__.py) or an operator (a ** b).
 */
function withoutEmphasis(s: string): string {
  const parts = s.split(/(`[^`]*`)/);
  return parts
    .map((part, i) => {
      if (i % 2) return part;
      let t = part.replace(/(^|[^\w*])(\*\*|__)(?=[^\s*_])(.*?[^\s*_])\2(?![\w*]|\.\w)/g, '$1$3');
      if (i === 0) t = t.replace(/^\*\*(?=\S)/, '');
      if (i === parts.length - 1) t = t.replace(/(?<=\S)\*\*$/, '');
      return t;
    })
    .join('');
}

function sentencesOf(text: string): string[] {
  return (
    text
      .replace(/```[\s\S]*?```/g, ' ')
      .split(/(?<=[.!?])\s+|\n+/)
      // Without a list's marks, a heading's, or markdown's emphasis: "4. **Do not push." is a rule.
      .map((s) => withoutEmphasis(s.replace(/^\s*(?:[-*•]|\d+[.)]|#{1,6})\s+/, '').trim()))
      .filter(Boolean)
  );
}

/** A heading over the user's rules: "## Constraints", "**Ground rules:**", "Restrictions:". */
const RULES_HEADING =
  /^\s*(?:#{1,6}\s+)?(?:\*\*|__)?(?:(?:hard|ground|house|strict|important|key)\s+)?(?:constraints?|rules?|restrictions?|guardrails?|don'?ts|do'?s and don'?ts|what not to do|limits)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$/i;

/** The items listed under a rules heading ("## Constraints\n- No ClMail tools."): each is a rule, however it is phrased. */
function listedRules(text: string): Set<string> {
  const items: string[] = [];
  let under = false;
  for (const line of text.split('\n')) {
    if (RULES_HEADING.test(line)) under = true;
    else if (/^\s*(?:#{1,6}\s|\*\*[^*]+\*\*:?\s*$)/.test(line)) under = false;
    else if (under && /^\s*(?:[-*•]|\d+[.)])\s+\S/.test(line)) items.push(line);
    else if (under && line.trim() && !/^\s{2,}\S/.test(line)) under = false;
  }
  // An item's first sentence is its rule; what follows it ("Round 2 comes later.") is a rule only when it reads as one.
  return new Set(items.flatMap((item) => sentencesOf(item).slice(0, 1)));
}

/**
 * Standing instructions and corrections from the user's messages, oldest first, verbatim up to
 * a sentence or two: rules ("always add a changelog entry", "use fetch, not axios"), a "No, …"
 * correction, and the redirect that follows an interruption.
 * @param extra user messages recovered from a compaction summary ("All user messages")
 */
export function userInstructions(events: TranscriptEvent[], extra: string[] = []): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    const t = s.replace(/\s+/g, ' ').trim();
    if (t.length >= 8 && !out.some((o) => o.toLowerCase() === t.toLowerCase()))
      out.push(t.length > MAX_CHARS ? `${t.slice(0, MAX_CHARS).replace(/\s+\S*$/, '')}…` : t);
  };
  const fromMessage = (text: string, redirect: boolean): void => {
    // A slash command ("/publish-session", "/review be strict") runs a command: only its arguments can hold a rule.
    const command = /^\/[\w:.-]+(?=\s|$)/.exec(text.trim());
    if (command) return void (text.trim().length > command[0].length && fromMessage(text.trim().slice(command[0].length), false));
    const clean = withoutPlaceholdersByLine(ownWords(text));
    if (isNoiseAsk(text) || isClosingMessage(clean) || isContinuation(clean)) return;
    const parts = sentencesOf(clean);
    // A question is not an instruction, even right after an interruption.
    // A redirect or correction is kept whole (up to the bound): its point may be in any sentence.
    if ((redirect || CORRECTION.test(clean)) && clean.length <= 600 && !/\?\s*$/.test(clean)) {
      add(clean);
      return;
    }
    const listed = listedRules(clean);
    // A row of a table (`| A6 | x is never written | High |`) is a finding pasted, not a rule the user set.
    for (const s of parts)
      if (
        s.length <= MAX_CHARS &&
        (RULE.test(s) || CONSTRAINT.test(s) || (PRACTICE.test(s) && AS_PRACTICE.test(s) && !ASKED.test(s)) || listed.has(s)) &&
        !s.endsWith('?') &&
        !TABLE_ROW.test(s)
      )
        add(s);
  };
  for (const m of extra) fromMessage(m, false);
  let interrupted = false;
  for (const e of events) {
    if (e.kind === 'interrupt') interrupted = true;
    else if (e.kind === 'ask') {
      fromMessage(e.text, interrupted);
      interrupted = false;
    }
  }
  return out;
}
