/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` prints it, without
 * loading ICU (its first call cost 18–24 ms of a command that prints one figure).
 */
export function thousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}
