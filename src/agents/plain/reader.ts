import type { TranscriptEvent } from '../../log/events.js';
import { bound, TEXT_CHARS } from '../../log/events.js';

/** A line of binary junk in a text log: NUL bytes or bytes that were not UTF-8. */
export const isJunkLine = (line: string): boolean => line.includes('\u0000') || line.includes('\ufffd');

/**
 * Reads a plain text or markdown log (aider's `.aider.chat.history.md` and the like): no usage and
 * no tool structure, only asks (`#### ` lines) and the rest as assistant text.
 */
export function plainEvents(text: string): TranscriptEvent[] {
  const events: TranscriptEvent[] = [];
  let said: string[] = [];
  const flush = (): void => {
    const t = said.join('\n').trim();
    if (t) events.push({ kind: 'say', text: bound(t, TEXT_CHARS) });
    said = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('#### ')) {
      flush();
      events.push({ kind: 'ask', text: bound(line.slice(5), TEXT_CHARS) });
    } else if (!line.startsWith('> ')) said.push(line);
  }
  flush();
  return events;
}
