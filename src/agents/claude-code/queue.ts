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
 * One operation on the queue. A prompt queued is the user's words when it is queued (the agent
 * gets it mid-turn: a `remove`, or at the next turn: a `dequeue`); one pulled back into the input
 * box (`popAll`) was never sent, and is taken back out (what the user sends instead comes as a
 * prompt of its own).
 */
export function queueOperation(line: Json, at: string | undefined, q: PromptQueue): void {
  if (line.operation === 'dequeue' || line.operation === 'remove') q.waiting.shift();
  if (line.operation === 'popAll') {
    for (const text of q.waiting.splice(0)) {
      if (!text) continue;
      q.queued.delete(text);
      const i = q.events.findLastIndex((e) => e.kind === 'ask' && e.text === bound(text, TEXT_CHARS));
      if (i >= 0) q.events.splice(i, 1);
    }
  }
  if (line.operation !== 'enqueue') return;
  const text = (typeof line.content === 'string' ? line.content : textOfContent(line.content)).trim();
  const asked = Boolean(text) && isHumanAsk(text) && !text.startsWith('<');
  // In the queue's order, whether it made an ask or not: a dequeue or a remove takes the first out.
  q.waiting.push(asked ? text : '');
  if (!asked) return;
  q.queued.add(text);
  q.events.push({ kind: 'ask', text: bound(text, TEXT_CHARS), at, sidechain: false });
}
