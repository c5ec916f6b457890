/**
 * Events in the order they happened. Claude Code 1.0 writes a subagent's lines into the session's
 * log as one block when the subagent finishes, so two subagents run side by side overlap in time
 * but not in the file: a build one of them fixed reads as failing after the fix.
 */

/** `events` stably sorted by their times (an event without one keeps the time of the one before it); the same array when already in order. */
export function inTimeOrder<T extends { at?: string }>(events: T[]): T[] {
  const keys: number[] = [];
  let key = -Infinity;
  let ordered = true;
  for (const e of events) {
    const t = e.at === undefined ? Number.NaN : Date.parse(e.at);
    if (!Number.isNaN(t)) {
      if (t < key) ordered = false;
      key = t;
    }
    keys.push(key);
  }
  if (ordered) return events;
  return events
    .map((e, i) => ({ e, k: keys[i]!, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map(({ e }) => e);
}
