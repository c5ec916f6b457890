/**
 * What a tool's result says beyond its text: the answers to the agent's question with options
 * (AskUserQuestion), and what a subagent cost (Task, Agent).
 */
import { bound, type TranscriptEvent } from '../../log/events.js';
import { obj, str, type Json } from '../../log/json.js';

/** The answers of an AskUserQuestion: `"question"="answer"` pairs after "User has answered your questions:". */
export const ANSWERED = /"((?:[^"\\]|\\.)+)"="((?:[^"\\]|\\.)+)"/g;
/** How the result of an answered AskUserQuestion begins (2.0, and 2.1 since about 2.1.100). */
export const ANSWERED_HEAD = /^(?:User has answered your questions:|Your questions have been answered:)/;

/** The question and answer pairs of an answered AskUserQuestion: its result's `answers` when it has them, else read from its text. */
export function answersOf(result: Json | undefined, output: string): Array<[string, string]> {
  const answers = obj(result?.answers);
  const given = answers ? Object.entries(answers).flatMap(([q, a]): Array<[string, string]> => (typeof a === 'string' ? [[q, a]] : [])) : [];
  return given.length ? given : [...output.matchAll(ANSWERED)].map((m) => [m[1]!.replace(/\\"/g, '"'), m[2]!.replace(/\\"/g, '"')]);
}

/**
 * What the options the user picked said they do, from the question's call (AskUserQuestion's
 * `questions[].options[]`): "Option C: Extra field" alone says nothing to a later session.
 * Several options picked are said as "A, B"; undefined when an option has no description.
 */
export function optionMeaning(call: TranscriptEvent | undefined, question: string, answer: string): string | undefined {
  const options = optionsOf(call, question);
  const meaning = (label: string): string | undefined => str(obj(options.find((o) => str(obj(o)?.label) === label))?.description);
  const parts = (meaning(answer) ? [answer] : answer.split(', ')).map(meaning);
  return parts.every(Boolean) ? parts.join('; ') : undefined;
}

/** The options the question offered, as its call gave them. */
function optionsOf(call: TranscriptEvent | undefined, question: string): unknown[] {
  const asked = call?.kind === 'tool' && Array.isArray(call.input.questions) ? call.input.questions.map(obj) : [];
  const options = asked.find((q) => str(q?.question) === question)?.options;
  return Array.isArray(options) ? options : [];
}

/** A choice's facts besides its answer: what the picked option said it does, and the options not picked (what the choice was over), bounded. */
export function optionFacts(call: TranscriptEvent | undefined, question: string, answer: string): { meaning?: string; others?: string[] } {
  const meaning = optionMeaning(call, question, answer);
  const picked = new Set([answer, ...answer.split(', ')]);
  const others = optionsOf(call, question)
    .flatMap((o) => str(obj(o)?.label) ?? [])
    .filter((label) => !picked.has(label))
    .slice(0, 4)
    .map((label) => bound(label, 80));
  return { ...(meaning ? { meaning: bound(meaning, 300) } : {}), ...(others.length ? { others } : {}) };
}

/**
 * A subagent's report with what it cost, as Claude Code 2.1 writes under it (`<usage>total_tokens: …`),
 * when only the call's result says so (2.0: `toolUseResult.totalTokens`, `totalToolUseCount`, `totalDurationMs`).
 */
export function withUsage(output: string, result: Json | undefined): string {
  const tokens = result?.totalTokens;
  if (typeof tokens !== 'number' || output.includes('<usage>') || !/^agentId: /m.test(output)) return output;
  const lines = [`total_tokens: ${tokens}`];
  if (typeof result!.totalToolUseCount === 'number') lines.push(`tool_uses: ${result!.totalToolUseCount}`);
  if (typeof result!.totalDurationMs === 'number') lines.push(`duration_ms: ${result!.totalDurationMs}`);
  return `${output}\n<usage>${lines.join('\n')}</usage>`;
}
