/** A question that asks again what the user asked: the agent's reply to the user is its answer. */
import type { questionWords } from './passage-words.js';

type QuestionWords = ReturnType<typeof questionWords>;

/** A user's message that asks: a sentence of it ends in "?" (not code's `a?.b`), and it is no plan or spec pasted whole. */
const ASKS_CHARS = 1200;
const isQuestion = (passages: string[]): boolean => passages.some((p) => /\?(?:\s|$)/.test(p)) && passages.reduce((n, p) => n + p.length, 0) <= ASKS_CHARS;

/** The share of a question's words the user's message must hold for the question to be asking it again. */
const ASKED_AGAIN = 0.5;

interface Asked {
  id: number;
  kind: string;
  age: number;
  at?: string;
  weight: number;
  passages: string[];
}

/**
 * The agent's reply to the best hit when that hit is a user's question holding at least half of
 * the question's words ("What was behind the intermittent 'couldn't start in time' error?" after "I
 * sometimes get an error claude couldn't start in time, can you look at any logs?"): the first
 * answer ending a turn of the same session after it (by time: a log too long to keep every time
 * has none). The message only repeats the question.
 */
function replyAskedAgain<E extends Asked>(best: E | undefined, entries: E[], question: QuestionWords): E | undefined {
  if (best?.kind !== 'asks' || !question.asked.length || !isQuestion(best.passages)) return undefined;
  const words = question.wordsOf(best.passages.join(' '));
  if (question.asked.filter((q) => question.has(words, q)).length < ASKED_AGAIN * question.asked.length) return undefined;
  // Which answer came after it, only its time says (the trail keeps each kind in its own list).
  const at = best.at;
  if (!at) return undefined;
  // Before the user said anything else: a turn they cut short has no reply, the next request's is not one.
  const next = entries.find((d) => d.kind === 'asks' && d.age === best.age && d !== best && d.at !== undefined && d.at > at)?.at;
  return entries.find((d) => d.kind === 'answers' && d.age === best.age && d.weight === 1 && d.at !== undefined && d.at >= at && (!next || d.at < next));
}

/** Puts that reply first in the ranked hits (best first), and returns it. */
export function replyFirst<E extends Asked>(scored: { d: E; score: number }[], entries: E[], question: QuestionWords): E | undefined {
  const reply = replyAskedAgain(scored[0]?.d, entries, question);
  if (!reply) return undefined;
  const score = scored[0]!.score * 1.01;
  const at = scored.findIndex((x) => x.d === reply);
  if (at >= 0) scored.splice(at, 1);
  scored.unshift({ d: reply, score });
  return reply;
}
