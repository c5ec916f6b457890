/**
 * A pure function of one string, remembered for the process: a save reads every event twice (the
 * manifest, then the trail) and some passes compare each sentence with every later one, so the same
 * commands, messages and sentences go through the same regular expressions again and again.
 * Bounded for a long-running process (the MCP server, `watch`): the memory is forgotten, not
 * grown, past `max` strings, and keeps nothing while a big log is read (memory.ts). What it
 * returns is shared: a caller never changes it.
 */
import { heapBounded } from './memory.js';

export function remembered<T>(fn: (s: string) => T, max = 50_000): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    // A log of hundreds of megabytes is read with memory bounded: nothing is remembered then.
    if (heapBounded()) {
      if (memo.size) memo.clear();
      return fn(s);
    }
    let v = memo.get(s);
    if (v === undefined && !memo.has(s)) {
      if (memo.size >= max) memo.clear();
      memo.set(s, (v = fn(s)));
    }
    return v as T;
  };
}
