/**
 * Claude Code's rewinds: the user goes back to an earlier point (Esc Esc, /rewind, editing an
 * earlier prompt) and the new prompt's `parentUuid` is a line from before prompts already sent.
 * Those prompts were taken back with their branch: they are marked, so that what the user said
 * there is neither a standing instruction nor the request in hand.
 */
import type { TranscriptEvent } from '../../log/events.js';
import { str, type Json } from '../../log/json.js';
import { heapBounded } from '../../memory.js';

/** Main-chain message lines' times by uuid, and the time of the last prompt typed (plain data: kept with a reading). */
export interface Rewinds {
  times: Map<string, string>;
  lastPrompt: string | undefined;
}

/** Keeps a main-chain message line's time by its uuid (not while a huge log is read with memory bounded). */
export function noteLine(r: Rewinds, line: Json, at: string | undefined): void {
  const id = str(line.uuid);
  if (id && at && line.isSidechain !== true && (line.type === 'user' || line.type === 'assistant' || line.type === 'system') && !heapBounded())
    r.times.set(id, at);
}

/**
 * A prompt typed on `line` arrives (not one a queue gave before, nor the same prompt written
 * again). When its parent line is older than the last prompt typed, the conversation forked
 * there: the main-chain prompts after the parent were rewound.
 */
export function markRewound(r: Rewinds, line: Json, events: TranscriptEvent[]): void {
  const parent = str(line.parentUuid);
  // Times as numbers: "…00Z" and "…00.000Z" are one time.
  const from = Date.parse((parent === undefined ? undefined : r.times.get(parent)) ?? '');
  const last = Date.parse(r.lastPrompt ?? '');
  r.lastPrompt = str(line.timestamp) ?? r.lastPrompt;
  if (!(from < last)) return;
  // Events far back have lost their times (shrinkOlder), prompts keep theirs.
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const at = Date.parse(e.at ?? '');
    if (Number.isNaN(at)) continue;
    if (at <= from) break;
    if (e.kind === 'ask' && !e.sidechain) e.rewound = true;
  }
}
