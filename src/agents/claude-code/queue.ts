/** Claude Code's prompt queue (`queue-operation` lines): what the user typed while the agent worked. */
import type { TranscriptEvent } from '../../log/events.js';
import { bound, TEXT_CHARS } from '../../log/events.js';
import type { Json } from '../../log/json.js';
import { isHumanAsk, textOfContent } from './lines.js';

export interface PromptQueue {
  readonly events: TranscriptEvent[];
  /** Prompts seen queued, whose user line (if one comes) is not a second prompt. */
  readonly queued: Set<string>;
  /** The prompts in the queue now, oldest first ('' for one that made no ask). */
  readonly waiting: string[];
}

/**
 * A background task's notice queued for the agent (2.1.x: `{"task_id":"b94c367","description":"bun run test …",
 * "task_type":"local_bash"}`), not words the user typed.
 */
function isTaskNotice(text: string): boolean {
  if (!text.startsWith('{') || !text.includes('"task_id"')) return false;
  try {
    const v: unknown = JSON.parse(text);
    return Boolean(v) && typeof v === 'object' && 'task_id' in (v as object);
  } catch {
    return false;
  }
}

/** The prompt a queue line carries, trimmed ('' for none). */
const contentOf = (line: Json): string => (typeof line.content === 'string' ? line.content : textOfContent(line.content)).trim();

/**
 * One operation on the queue. A prompt queued is the user's words when it is queued (the agent
 * gets it mid-turn: a `remove`, or at the next turn: a `dequeue`); one pulled back into the input
 * box (`popAll`) was never sent, and is taken back out (what the user sends instead comes as a
 * prompt of its own). Claude Code writes a popAll line for each prompt it pulls back, naming it,
 * and leaves a task's notification queued: the one named is taken out, else all that wait.
 */
export function queueOperation(line: Json, at: string | undefined, q: PromptQueue): void {
  if (line.operation === 'dequeue' || line.operation === 'remove') q.waiting.shift();
  if (line.operation === 'popAll') {
    const named = line.content === undefined ? undefined : contentOf(line);
    const place = named === undefined ? -1 : q.waiting.indexOf(named);
    // One named but not seen waiting (the queue's mirror lost its place) is still taken out when it was queued.
    const pulled = named === undefined ? q.waiting.splice(0) : place >= 0 ? q.waiting.splice(place, 1) : q.queued.has(named) ? [named] : [];
    for (const text of pulled) {
      if (!text) continue;
      q.queued.delete(text);
      const i = q.events.findLastIndex((e) => e.kind === 'ask' && e.text === bound(text, TEXT_CHARS));
      if (i >= 0) q.events.splice(i, 1);
    }
  }
  if (line.operation !== 'enqueue') return;
  const text = contentOf(line);
  const asked = Boolean(text) && isHumanAsk(text) && !text.startsWith('<') && !isTaskNotice(text);
  // In the queue's order, whether it made an ask or not: a dequeue or a remove takes the first out.
  q.waiting.push(asked ? text : '');
  if (!asked) return;
  q.queued.add(text);
  q.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at, sidechain: false });
}
