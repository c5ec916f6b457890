/** How the search index splits, normalises and matches terms: the same rules for what is indexed and what is asked. */

/** How MiniSearch splits a text into terms by default (and queryTerms splits a query). */
export const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

const STOPWORDS = new Set(
  'a an and are as at be but by for from has have if in into is it its of on or so that the then this to was were will with'.split(' '),
);

/** Lower-case terms without the words every sentence has; paths split at / and . like any punctuation. */
export const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  // A tab would break the cache's term lines (manifests have none: sanitizing turns them into spaces).
  return t.length < 2 || STOPWORDS.has(t) || t.includes('\t') ? null : t;
};

/** How a search widens a query term (see searchIndex): a prefix from 3 letters on, one typo in 5. */
export const prefixFor = (term: string): boolean => term.length >= 3;
export const FUZZY = 0.2;
export const fuzzyFor = (term: string): number | false => (term.length >= 5 ? FUZZY : false);

/** Levenshtein distance, or max + 1 as soon as it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]!);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** Which index terms a search for `queryTerms` can reach: the same, by prefix, or within its typo distance. */
export function termMatcher(queryTerms: string[]): (term: string) => boolean {
  return (term) =>
    queryTerms.some((q) => {
      if (term === q || (prefixFor(q) && term.startsWith(q))) return true;
      const fuzzy = fuzzyFor(q);
      if (fuzzy === false) return false;
      const max = Math.min(6, Math.round(q.length * fuzzy));
      return editDistance(term, q, max) <= max;
    });
}
