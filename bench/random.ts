/**
 * A small seeded generator (mulberry32): every run of a bench (or a test) builds the same data.
 * Apart from lib.ts, which sets up a bench's HOME when it is imported.
 */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
