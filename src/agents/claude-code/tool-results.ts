/**
 * What a tool's result says beyond its text: the answers to the agent's question with options
 * (AskUserQuestion), and what a subagent cost (Task, Agent).
 */
import { bound, OUTPUT_CHARS, type TranscriptEvent } from '../../log/events.js';
import { boundInstructions, isInstructionFile } from '../../log/rules.js';
import { obj, str, type Json } from '../../log/json.js';

/** The answers of an AskUserQuestion: `"question"="answer"` pairs after "User has answered your questions:". */
export const ANSWERED = /"((?:[^"\\]|\\.)+)"="((?:[^"\\]|\\.)+)"/g;
/**
 * How the result of an answered AskUserQuestion begins: 2.0; 2.1 since about 2.1.100; and since
 * about 2.1.220 when an answer is not one of the options (the user typed it).
 */
export const ANSWERED_HEAD = /^(?:User has answered your questions:|Your questions have been answered:|The user answered:)/;

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
function optionMeaning(options: unknown[], picked: string[]): string | undefined {
  const meaning = (label: string): string | undefined => str(obj(options.find((o) => str(obj(o)?.label) === label))?.description);
  const parts = picked.map(meaning);
  return parts.length && parts.every(Boolean) ? parts.join('; ') : undefined;
}

/**
 * The labels the answer picked, in its order: the one it is, or several joined by ", " (a label
 * may itself hold ", ": "Both, cache first"); the answer split at ", " when the labels do not make it up.
 */
function pickedLabels(options: unknown[], answer: string): string[] {
  const labels = options.flatMap((o) => str(obj(o)?.label) ?? []);
  if (labels.includes(answer)) return [answer];
  const within = `, ${answer}, `;
  const picked = labels.filter((l) => within.includes(`, ${l}, `)).sort((a, b) => within.indexOf(`, ${a}, `) - within.indexOf(`, ${b}, `));
  return picked.join(', ') === answer ? picked : answer.split(', ');
}

/** The options the question offered, as its call gave them. */
function optionsOf(call: TranscriptEvent | undefined, question: string): unknown[] {
  const asked = call?.kind === 'tool' && Array.isArray(call.input.questions) ? call.input.questions.map(obj) : [];
  const options = asked.find((q) => str(q?.question) === question)?.options;
  return Array.isArray(options) ? options : [];
}

/** The user's choice of an option for `question` of `call`, as an event: with what the option does and the ones not picked. */
export function choiceOf(
  call: TranscriptEvent | undefined,
  question: string,
  answer: string,
  at: string | undefined,
  sidechain: boolean | undefined,
): TranscriptEvent {
  return { kind: 'choice', question: bound(question, 400), answer: bound(answer, 400), ...optionFacts(call, question, answer), at, sidechain };
}

/** Claude Code's words when the user asks to talk the agent's questions over ("Chat about this"), and the questions listed after them (quoted as asked: not escaped). */
const CLARIFY = 'The user wants to clarify these questions.';
const CLARIFIED = /^- "(.+)"[ \t]*\n((?:[ \t]+\S.*(?:\n|$))*)/gm;

/**
 * What a "Chat about this" rejection holds of the user's own: the answers they had picked
 * ("Answer: v0.3.4") and the notes they typed ("User notes: …"). Undefined for another rejection.
 */
export function clarified(said: string): { answers: Array<[string, string]>; notes: string[] } | undefined {
  if (!said.startsWith(CLARIFY)) return undefined;
  const answers: Array<[string, string]> = [];
  const notes: string[] = [];
  for (const m of said.matchAll(CLARIFIED)) {
    const answer = /^[ \t]+Answer: *(\S.*)$/m.exec(m[2]!)?.[1]?.trim();
    const note = /^[ \t]+User notes: *(\S.*)$/m.exec(m[2]!)?.[1]?.trim();
    if (answer) answers.push([m[1]!, answer]);
    if (note) notes.push(note);
  }
  return { answers, notes };
}

/** A choice's facts besides its answer: what the picked option said it does, and the options not picked (what the choice was over), bounded. */
function optionFacts(call: TranscriptEvent | undefined, question: string, answer: string): { meaning?: string; others?: string[] } {
  const options = optionsOf(call, question);
  const picked = pickedLabels(options, answer);
  const meaning = optionMeaning(options, picked);
  const others = options
    .flatMap((o) => str(obj(o)?.label) ?? [])
    .filter((label) => !picked.includes(label))
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
  if (typeof tokens !== 'number') return output;
  // Under the report's own trailer (from its last `agentId:` line), or under one made from the result's agentId (2.0.37–2.0.55 write none).
  const last = output.startsWith('agentId: ') ? 0 : output.lastIndexOf('\nagentId: ');
  const id = str(result!.agentId);
  if (last >= 0 ? output.slice(last).includes('<usage>') : !id) return output;
  const head = last >= 0 ? output : `${output}\nagentId: ${id}`;
  const lines = [`total_tokens: ${tokens}`];
  if (typeof result!.totalToolUseCount === 'number') lines.push(`tool_uses: ${result!.totalToolUseCount}`);
  if (typeof result!.totalDurationMs === 'number') lines.push(`duration_ms: ${result!.totalDurationMs}`);
  return `${head}\n<usage>${lines.join('\n')}</usage>`;
}

/** A tool's output bounded for its event: a long read of an instruction file by its rules (they sit between its edges), another by its head and tail. */
export function boundOutput(full: string, call: TranscriptEvent | undefined): string {
  const instructions = call?.kind === 'tool' && call.name === 'Read' && isInstructionFile(String(call.input.file_path ?? ''));
  return instructions ? boundInstructions(full, OUTPUT_CHARS) : bound(full, OUTPUT_CHARS);
}
