/** When a user message is not work, and when the work it asked for is done. */
import { sentences } from './prose.js';

/**
 * "Keep going.", "continue", "go on", "proceed", "try again": the user asks the agent to go on with what it was
 * doing (after an interruption, the same request again). Not a task, not an instruction, and it does not close the request before it.
 */
const CONTINUATION =
  /^(?:(?:ok(?:ay)?|yes|yep|yeah|sure|great|good|alright|thanks?|perfect|cool)[,.!\s]+)*(?:please\s+)?(?:keep going|keep at it|keep on|go on|go ahead|carry on|continue|proceed|resume|next|do it|do that|sounds good,? (?:go|continue)|try (?:it |that |this )?again|retry|(?:do it )?again|one more time)(?:\s+(?:please|then|now|with (?:it|that|the (?:next|rest)(?: (?:step|one|task)s?)?)))*[.!\s]*$/i;

export function isContinuation(text: string): boolean {
  const t = text.trim();
  return t.length <= 60 && CONTINUATION.test(t);
}

/**
 * Thanks, approval, or the end of the session, and nothing else: "Excellent work, thank you!",
 * "LGTM", "commit!", "ok push it", "bye". Such a message is never a task.
 */
const CLOSING_WORDS =
  /^(?:(?:ok(?:ay)?|great|perfect|excellent|awesome|nice|cool|good|wonderful|amazing|fantastic|brilliant|sweet|yes|yep|yeah|sure|fine|alright|all right|lgtm|looks good(?: to me)?|well done|good job|great job|nice work|great work|excellent work|good work|thanks?(?: you)?(?: so much| a lot| very much)?|thx|ty|cheers|much appreciated|appreciated|bye|goodbye|good ?night|see you|done|that'?s (?:it|all|great|perfect)|ship it|commit(?: it| this| that| and push| & push)?|push(?: it)?|commit and push|merge(?: it)?|go ahead|proceed|approved?|sounds good|works(?: now)?|it works)[\s,.!:;)(-]*|(?:[\p{Emoji_Presentation}\p{Extended_Pictographic}]\s*))+$/iu;

export function isClosingMessage(text: string): boolean {
  const t = text.trim();
  return t.length <= 80 && CLOSING_WORDS.test(t) && !isContinuation(t);
}

/** The agent saying it finished: "All tests pass", "Done.", "I've implemented …", "Committed as abc123". */
const REPORTS_DONE =
  /\b(?:done|completed?|finished|implemented|fixed|resolved|added|created|updated|committed|pushed|merged|all (?:\d+ )?(?:tests?|checks?|specs?) (?:now )?pass(?:ing|ed)?|tests? (?:now )?pass(?:ing|es)?|successfully|is (?:now )?(?:working|in place|ready)|have been (?:\w+ed))\b/i;
/** A sentence that hands the turn back asking for something: "Paste the screenshots when ready, and I'll turn this into a script", "Ready for round 2 when you send the merge confirmation." */
const ASKS_FOR_INPUT =
  /^(?:please\s+)?(?:(?:send|paste|share|provide|upload|attach)\b.{0,240}?\b(?:when (?:you(?:['’]re| are) )?ready|(?:and|then) I(?:['’]ll| will))\b|(?:I(?:['’]m| am) )?ready (?:for|to)\b.{1,160}?\bwhen(?:ever)? you\b|when you(?:['’]re ready| send| share| paste| have)\b.{0,200}?\bI(?:['’]ll| will)\b|(?:I(?:['’]m| am) )?waiting (?:for|on) (?:you|your)\b)/i;

/**
 * The sentence asking the user for something that a message ends on, if it does: one further up
 * (a flow's step "Paste your API key when ready", a template quoted) hands nothing back.
 */
export function endsAskingForInput(words: string): string | undefined {
  const last = sentences(words).at(-1);
  return last && ASKS_FOR_INPUT.test(last) ? last : undefined;
}

/** The agent handing the turn back with a question or a report of failure. */
const ASKS_BACK = /\?\s*$|\b(?:would you like|do you want|should i|shall i|let me know|which (?:one|option) )/i;
/** A text that hands the turn back asking the user something. */
export const asksBack = (text: string): boolean => ASKS_BACK.test(text);
const REPORTS_FAILURE =
  /\b(?:still (?:fail|broken|error)|could not|couldn[’']?t|can[’']?t|cannot|unable to|(?:was|were) not able to|wasn[’']?t able to|blocked|rejected|denied|not (?:yet )?(?:working|fixed|done))\b/i;

/**
 * The sentence of a finished turn's last words that says part of the request could not be done
 * ("I couldn't inspect the open tab: the browser policy blocked it"), if any.
 */
export function reportedShortfall(lastWords: string | undefined): string | undefined {
  if (!lastWords) return undefined;
  return lastWords
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[\s*#>-]+/, '').trim())
    .find(
      (s) =>
        s.length > 12 &&
        /^(?:i|we|the|it|this|that|both|but|however|unfortunately|note)\b/i.test(s) &&
        REPORTS_FAILURE.test(s) &&
        !/\b(?:no longer|not blocked|unblocked)\b/i.test(s),
    );
}

/**
 * The agent announcing more work of its own on the same request: "Next I will add the parser",
 * "I'll now wire it up", "I will add multiply to calc.js next", "still need to update the docs".
 * Its first step may be done, the request is not.
 */
const ANNOUNCES_MORE =
  /(?:^|[.!;]\s+)(?:next,?\s+(?:i(?:'ll| will| am going to|'m going to)|we(?:'ll| will))|(?:i|we)(?:'ll| will) (?:now|next|then) |(?:i|we)(?:'ll| will| am going to|'m going to) (?:[^.!?\n]|\.(?=\w)){1,100}?\b(?:next|now)(?! time)\b|then (?:i|we)(?:'ll| will) |after that,? (?:i|we)(?:'ll| will) |(?:i|we) (?:still )?(?:need|have) to |still to do\b|(?:what(?:'s| is) )?(?:left|remaining)(?: to do)?:)/i;

/** The sentence in the agent's last words that announces its next step, if any. */
export function announcedNext(lastWords: string | undefined): string | undefined {
  if (!lastWords) return undefined;
  const tail = lastWords.trim().slice(-600);
  const m = ANNOUNCES_MORE.exec(tail);
  if (!m) return undefined;
  return tail
    .slice(m.index + Math.max(0, m[0].search(/[A-Za-z]/)))
    .split(/(?<=[.!?])\s+/)[0]!
    .trim();
}

/** Where the last match of `re` starts in `text`, or -1. */
function lastMatch(re: RegExp, text: string): number {
  let at = -1;
  for (const m of text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))) at = m.index!;
  return at;
}

/** How the agent ended its turn, judged from its last words. */
export function turnOutcome(lastWords: string | undefined): 'done' | 'asked' | 'failed' | 'continuing' | 'unclear' {
  if (!lastWords) return 'unclear';
  const tail = lastWords.trim().slice(-600);
  const done = REPORTS_DONE.test(lastWords);
  // "I couldn't open the page. Here is the scenario from the source instead. Done.": the failure is
  // a part of the request, and the turn ends reporting the rest done (reportedShortfall keeps it).
  const failedAt = lastMatch(REPORTS_FAILURE, tail);
  if (failedAt >= 0 && lastMatch(REPORTS_DONE, tail) <= failedAt) return 'failed';
  // "Created the skeleton. Next I will add parsing." is work under way, not finished.
  const asksBack = ASKS_BACK.test(tail) || endsAskingForInput(tail) !== undefined;
  if (announcedNext(tail) && !asksBack) return 'continuing';
  // "Created the spec. Ready to start phase 1?" is finished work offering the next step.
  if (asksBack) return done ? 'done' : 'asked';
  return done ? 'done' : 'unclear';
}

/** A command that records finished work: a successful commit, push or merge. */
export const isCommitCommand = (cmd: string): boolean =>
  /(?:^|[\s;&|(])(?:git\s+(?:-C\s+\S+\s+)?(?:commit|push)|gh\s+pr\s+(?:create|merge))(?![\w-])/.test(cmd) ||
  // A merge records work unless it only stages it (--squash, --no-commit).
  [...cmd.matchAll(/(?:^|[\s;&|(])git\s+(?:-C\s+\S+\s+)?merge(?![\w-])([^;&|]*)/g)].some((m) => !/\s--(?:squash|no-commit)\b/.test(m[1]!));
