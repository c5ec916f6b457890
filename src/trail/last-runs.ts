/** The runs a question about the last run of the tests, the checks or the verified state at the end asks for; and those not run. */
import { settles } from '../extract/commands.js';
import { isTestCommand, isVerifyCommand, verifyKind } from '../extract/signals.js';

/** A question about the last run of the tests (or a build, a check, the verified state): the newest such run answers it, not an earlier one with more words in common. */
const ASKS_LAST_RUN =
  /^(?=[^]*\b(?:last|latest|final|most recent|current|still|(?:at|by|in) the end|end state)\b)(?=[^]*\b(?:tests?|test suite|test run|coverage|build|lint|type ?check|checks|verif(?:ied|y|ication)|fail(?:s|ed|ing|ures?)?|pass(?:es|ed|ing)?)\b)/i;

/**
 * Of the newest session (age 0), the newest run of the tests; asked of the checks or the verified
 * state, the newest run of each kind (the tests, a lint, a type check, a build). None for another question.
 */
export function lastRuns<T extends { id: number; age: number; command?: string }>(entries: readonly T[], question: string): T[] {
  if (!ASKS_LAST_RUN.test(question)) return [];
  const tests = /\b(?:tests?|test suite|test run|coverage)\b/i.test(question);
  const kindOf = (cmd: string): string | undefined => (isTestCommand(cmd) ? 'test' : !tests && isVerifyCommand(cmd) ? verifyKind(cmd) : undefined);
  const newest = new Map<string, T>();
  for (const d of entries) {
    const kind = d.age === 0 && d.command !== undefined ? kindOf(d.command) : undefined;
    if (kind) newest.set(kind, d);
  }
  // The tests first, then the other checks, newest first.
  return [...newest].sort(([a, x], [b, y]) => Number(b === 'test') - Number(a === 'test') || y.id - x.id).map(([, d]) => d);
}

/** Of the newest session, the commands and calls not run (turned down, denied) that did not run later either: what a question about what is left asks for too. */
export function notRunStill<T extends { kind: string; age: number; notRun?: boolean; command?: string; head: string }>(entries: readonly T[]): T[] {
  const current = entries.filter((d) => d.age === 0 && (d.kind === 'commands' || d.kind === 'tools'));
  const what = (d: T): string => d.command ?? d.head.replace(/ → [^]*$/, '');
  // Ran later: the same call, or a command of the same purpose (`git push` as `git push origin main`).
  const ranAs = (d: T, l: T): boolean => what(l) === what(d) || (d.command !== undefined && l.command !== undefined && settles(d.command, l.command));
  return current.filter((d, i) => d.notRun && !current.slice(i + 1).some((l) => !l.notRun && ranAs(d, l)));
}
