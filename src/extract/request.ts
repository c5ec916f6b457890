/** The user's last real request, and whether the agent finished it (and all of it). */
import type { TranscriptEvent } from '../transcript/index.js';
import { isBookkeeping } from '../log/events.js';
import { sharesWork, type CommandRun } from './commands.js';
import {
  announcedNext,
  asksBack,
  endsAskingForInput,
  isClosingMessage,
  isCommitCommand,
  isContinuation,
  reportedShortfall,
  turnOutcome,
} from './completion.js';
import { documentsOnly } from './documents.js';
import { isCorrectionOnly } from './instructions.js';
import { isNoiseAsk, isTrivialAsk, withoutPlaceholders } from './noise.js';
import { deniedCalls, endsOnOpenCall, rejectedAtEnd } from './signals.js';
import { sentences } from './prose.js';
import { askGist, oneLine } from './text.js';
import type { WorkItem } from './work-items.js';

type Ev<K extends TranscriptEvent['kind']> = Extract<TranscriptEvent, { kind: K }>;

/** A request phrased as a question ("could we reuse X?") is work; a question for information is not. */
export const isRequest = (t: string): boolean =>
  !/\?\s*$/.test(t.trim()) || /^(?:(?:so|ok(?:ay)?|and|also|hey)[,\s]+)*(?:can|could|would|will)\s+(?:you|we)\b|\bplease\b/i.test(t.trim());

export interface OpenAsk {
  text: string;
  index: number;
  context?: string;
  finished: boolean;
  /** Finished, but not all of it: what the agent said it could not do, or that only documents changed. */
  caveat?: string;
  /** Open because the user rejected the agent's last calls. */
  rejected?: true;
  /** Open, and the agent's last turn ended asking the user something: their answer comes first. */
  waiting?: true;
  /** Open, and the log ends on a call without its result. */
  inFlight?: true;
}

/**
 * The user's last real request and whether the agent finished it: thanks and approvals are not
 * requests; a successful commit after it, a closed turn that reports done, a todo list completed
 * after it, or Codex's task_complete finish it. A turn cut off mid-work, or one that ends by asking
 * the user something, leaves it open.
 */
export function lastRequest(events: TranscriptEvent[], runs: CommandRun[], items: WorkItem[]): OpenAsk | undefined {
  let i = events.length - 1;
  let closedAfter = false;
  for (; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind !== 'ask' || isNoiseAsk(e.text)) continue;
    // "Keep going.": the request before it stands, still open.
    if (isContinuation(withoutPlaceholders(e.text))) continue;
    if (isClosingMessage(withoutPlaceholders(e.text))) {
      closedAfter = true;
      continue;
    }
    // A question for information ("are they still being written?") asks nothing of the work:
    // the request before it is the one that stands, answered or not.
    // So does a correction that only restates a rule ("No, don't touch src/gen").
    if ((!isRequest(e.text) || isCorrectionOnly(e.text)) && events.slice(0, i).some((x) => x.kind === 'ask' && !isNoiseAsk(x.text))) continue;
    break;
  }
  if (i < 0) return undefined;
  const ask = events[i] as Ev<'ask'>;
  const after = events.slice(i + 1);
  const text = withAnswered(askGist(ask.text), events.slice(0, i));
  if (closedAfter) return { text, index: i, finished: true };
  // Work items opened or updated for the request and still open: it is not done, whatever was
  // committed on the way. A turn that ended asking the user something (to test it in the browser
  // and report back) waits on their answer first.
  if (items.some((t) => t.status !== 'completed' && t.index > i)) {
    const asked = handedBack(after);
    return { text, index: i, finished: false, ...(asked ? { context: `waiting for the user: ${oneLine(asked, 160)}`, waiting: true } : {}) };
  }
  if (runs.some((r) => r.index > i && r.outcome === 'ok' && isCommitCommand(r.command))) {
    // Committed, and what the agent said last may still offer the next step or wait for the user.
    const said = after.findLast((e): e is Ev<'say'> => e.kind === 'say');
    const offer = said && after.indexOf(said) > after.findLastIndex((e) => e.kind === 'command') ? offerIn(said.text) : undefined;
    return { text, index: i, finished: true, ...(offer ? { context: `the agent offered: ${oneLine(offer, 160)}` } : {}) };
  }
  const todos = after.findLast((e): e is Ev<'todos'> => e.kind === 'todos');
  if (todos?.items.length) {
    // A list made for the request says whether it is done: all completed, or work remains.
    if (todos.items.every((t) => t.status === 'completed')) return { text, index: i, finished: true };
    return { text, index: i, finished: false };
  }
  const turnEnd = after.findLast((e): e is Ev<'turn-end'> => e.kind === 'turn-end');
  // What the user ran themselves after the turn (bash mode) is no work of the agent's.
  const theirs = new Set(after.flatMap((e) => (e.kind === 'command' && e.byUser ? [e.id] : [])));
  const work = after.filter(
    (e) =>
      e.kind === 'say' ||
      e.kind === 'tool' ||
      (e.kind === 'command' && !theirs.has(e.id)) ||
      (e.kind === 'result' && !theirs.has(e.id)) ||
      e.kind === 'edit' ||
      e.kind === 'turn-end',
  );
  const last = work.at(-1);
  if (!last) return { text, index: i, finished: false, context: 'not started' };
  // A turn's end that carries no words of its own ends on what the agent said last.
  const lastWords =
    turnEnd?.text ?? (last.kind === 'say' || last.kind === 'turn-end' ? work.findLast((e): e is Ev<'say'> => e.kind === 'say')?.text : undefined);
  const turnClosed = Boolean(turnEnd) || last.kind === 'say';
  if (!turnClosed) {
    // The user said no to the agent's last calls: what they wanted instead is theirs to say.
    if (rejectedAtEnd(after).length)
      return { text, index: i, finished: false, context: "the user rejected the agent's last calls and stopped it", rejected: true };
    // The log ends while a call ran: whether it took effect is for the next session to check.
    if (endsOnOpenCall(after)) return { text, index: i, finished: false, context: 'the log ends mid-call', inFlight: true };
    return { text, index: i, finished: false, context: 'interrupted mid-work' };
  }
  const outcome = turnOutcome(lastWords);
  if (outcome === 'asked') {
    const question = offerIn(lastWords ?? '');
    return { text, index: i, finished: false, context: question ? `waiting for the user: ${oneLine(question, 160)}` : 'waiting for the user' };
  }
  if (outcome === 'failed') return { text, index: i, finished: false, context: 'the agent reported it is not done' };
  if (outcome === 'continuing') return { text, index: i, finished: false, context: `the agent's next step: ${oneLine(announcedNext(lastWords) ?? '', 160)}` };
  const offer = offerIn(lastWords ?? '');
  const shortfall = reportedShortfall(lastWords);
  // Answered while calls it made for it were refused: what it says did not come from them.
  const denied = deniedCalls(after, undefined, sharesWork);
  const caveat = shortfall
    ? `not all done: "${oneLine(shortfall, 140)}"`
    : denied.length
      ? `answered without ${denied.length === 1 ? 'a call' : `${denied.length} calls`} the permission settings denied`
      : documentsOnly(
          ask.text,
          after,
          runs.filter((r) => r.index > i),
        );
  return { text, index: i, finished: true, context: offer ? `the agent offered: ${oneLine(offer, 160)}` : undefined, ...(caveat ? { caveat } : {}) };
}

/**
 * What the agent asked the user when its last turn closed on a question or a request to try
 * something and report back ("let me know if you see any errors"); undefined when the log goes on
 * after its last words (a call, a user message) or they ask nothing.
 */
function handedBack(after: TranscriptEvent[]): string | undefined {
  const said = lastWords(after);
  return said && (offerIn(said.text) ?? sentences(said.text.trim().slice(-600)).findLast((s) => asksBack(s)));
}

/** The agent's words the events end on (after its turn closed too), not the harness's; undefined when a call or a user message came after them. */
function lastWords(events: TranscriptEvent[]): Ev<'say'> | undefined {
  const last = events.findLast((e) => !isBookkeeping(e));
  const said = last?.kind === 'say' ? last : last?.kind === 'turn-end' ? events.findLast((e): e is Ev<'say'> => e.kind === 'say') : undefined;
  return said?.harness ? undefined : said;
}

/** The sentence of an agent's last words that offers the next step or asks the user for something. */
const offerIn = (words: string): string | undefined => endsAskingForInput(words) ?? sentences(words).findLast((s) => s.endsWith('?'));

/** "Yes, please (do it)" in a few other languages: French, German, Spanish, Portuguese, Italian, Japanese, Chinese, Korean. */
const AGREES_IN_OTHER_WORDS =
  /^(?:oui|ja|s[ií]|sim|d'accord|vale|はい|ええ|うん|好的?|是的?|可以|行|네|예|좋아요?)(?:[\s,、，。!！]+(?:bitte|merci|s'il (?:te|vous) pla[iî]t|vas-y|fais-le|mach (?:das|es)|por favor|hazlo|dale|fa(?:ça|llo)|お願いします|お願い|やって(?:ください)?|请|做吧|开始吧|해\s?주세요|부탁해요?|진행해\s?주세요))*[\s.!！。]*$/i;

/**
 * A short answer ("go", "yes, please do", "ok do b") with what it agreed to: the offer or question
 * the agent's words just before it ended on. Only words of agreement, or agreement that points at
 * what was offered in a few words ("yes, that one"); not a request of its own ("ok now add tests").
 */
function withAnswered(text: string, before: TranscriptEvent[]): string {
  // Every word agrees ("yes go for it", "y do it") or points at an option ("ok both", "go with b").
  const words = text
    .toLowerCase()
    .split(/[\s,.!]+/)
    .filter(Boolean);
  const agrees =
    isTrivialAsk(text) ||
    AGREES_IN_OTHER_WORDS.test(text.trim()) ||
    (/^(?:y(?:es|ep|eah)?|ok(?:ay)?|sure|go|do)$/.test(words[0] ?? '') &&
      words.length <= 6 &&
      words.every((w) => isTrivialAsk(w) || /^(?:y|yeah|for|it|with|that|this|one|both|all|those|these|the|option|[a-d1-4])$/.test(w)));
  if (text.length > 40 || !agrees) return text;
  const said = lastWords(before);
  const end = said && sentences(said.text.trim()).at(-1);
  const asked = said && (endsAskingForInput(said.text) ?? (end?.endsWith('?') ? end : undefined));
  return asked ? `${text} (to: ${oneLine(asked, 140)})` : text;
}
