/** Matching facts by their distinctive terms: identifiers, file names, long words. */

const STOP = new Set(
  'about above after again against all also although always among and another any are because been before being below between both but can cannot could did does doing done down during each either even every few for from further had has have having here how however into its itself just last like made make many may more most much must need next not now off once only other our out over own same should since some still such than that the their them then there these they this those though through too under until upon use used using very was were what when where whether which while who why will with within without would yet you your user users asked code file files work working task tasks session changes change added update updated implement implemented create created make made run ran test tests'.split(
    ' ',
  ),
);

/** Identifiers, file names and long words: what a faithful restatement of `text` must keep. */
export function keyTerms(text: string, max = 8): string[] {
  const raw = text.match(/`[^`]{2,60}`|[\p{L}\p{N}_][\p{L}\p{N}_./-]*[\p{L}\p{N}_]/gu) ?? [];
  const scored = raw
    .map((t) => t.replace(/^`|`$/g, '').toLowerCase())
    .filter((t) => !STOP.has(t) && (t.length >= 5 || /[./_\-\d]/.test(t)) && t.length <= 60)
    .map((t) => ({ t: t.includes('/') ? t.split('/').pop()! : t, w: /[./_\-\d]/.test(t) ? 2 : 1 }));
  const seen = new Set<string>();
  return scored
    .sort((a, b) => b.w - a.w)
    .filter(({ t }) => t.length >= 3 && !seen.has(t) && seen.add(t))
    .slice(0, max)
    .map(({ t }) => t);
}

/** True when `hay` states what `terms` describe: at least half of them (and at least one) occur. */
export function mentions(terms: string[], hay: string): boolean {
  const h = hay.toLowerCase();
  const hits = terms.filter((t) => h.includes(t)).length;
  return terms.length > 0 && hits >= Math.max(1, Math.ceil(terms.length / 2));
}
