/** Which passages of a long entry recall shows: the best, then those with what it lacks of the question. */

/** A passage that adds this share of the best passage's weight in words of the question the ones before it lack is shown with them. */
const COVERS = 0.3;

/**
 * Passages, best first, reordered so that after the best come those holding what it lacks of the
 * question ("which test failed, and what caused it": the failure, then the cause), each marked
 * `covers`; the rest after them, best first.
 */
export function covering<P extends { hits: string[]; score: number; covers: boolean }>(best: P[], idf: Map<string, number>): P[] {
  const out: P[] = [];
  const covered = new Set<string>();
  const rest = [...best];
  while (rest.length) {
    let at = 0;
    let gain = -1;
    rest.forEach((p, i) => {
      const g = p.hits.reduce((n, q) => n + (covered.has(q) ? 0 : idf.get(q)!), 0);
      if (g > gain) [at, gain] = [i, g];
    });
    if (out.length && gain < COVERS * out[0]!.score) break;
    const [p] = rest.splice(at, 1);
    p!.covers = out.length > 0;
    out.push(p!);
    for (const q of p!.hits) covered.add(q);
  }
  return [...out, ...rest];
}
