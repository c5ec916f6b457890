/**
 * Failures the session met and got past: what failed, how, and what came between it and the run
 * of the same purpose that passed (a `git pull --rebase` before the push went through, the files
 * edited before the tests passed). What the next session would otherwise try again, or ask.
 */
import { isLookAround, settles } from '../extract/commands.js';
import { firstErrorLine, isVerifyCommand, withoutCd } from '../extract/signals.js';
import type { Trail, TrailEntry } from './build.js';

/** A failure got past, as the brief and recall say it. */
export interface SettledFailure {
  at?: string;
  command: string;
  /** Its first error line. */
  error: string;
  /** The commands that ran between it and the run that passed, and the files changed there. */
  between: string[];
  changed: string[];
  /** The run that passed. */
  passed: string;
}

/** A command's words without its options and a leading `cd dir &&`. */
const words = (cmd: string): string[] =>
  withoutCd(cmd)
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-'));

/**
 * `later` runs what `failed` ran: the same words (options aside), or, of a check, the same check
 * over the whole project (`npm test` after `npm test -- a.test.ts`). Not the same program on
 * something else (`python --version` after `python migrate.py`, a push of another ref).
 */
function reruns(failed: string, later: string, a = words(failed), b = words(later)): boolean {
  if (a.length === b.length && a.every((w, i) => w === b[i])) return true;
  // The words first: a check's pattern scans the whole of a long command.
  return b.length >= 2 && b.length < a.length && b.every((w, i) => w === a[i]) && isVerifyCommand(failed) && isVerifyCommand(later) && settles(failed, later);
}

/** Commands and files named between a failure and its passing run, at most. */
const BETWEEN = 3;

/**
 * The failures a later run of the same purpose settled, newest first: of several failures in a
 * row, the last, whose fix is what came between it and the pass.
 */
export function settledFailures(commands: readonly TrailEntry[], files: readonly TrailEntry[]): SettledFailure[] {
  const out: SettledFailure[] = [];
  // Each command's words split once, not once for every failure before it.
  const split: Array<string[] | undefined> = [];
  const wordsAt = (k: number): string[] => (split[k] ??= words(commands[k]!.text));
  const rerunsAt = (i: number, k: number): boolean => reruns(commands[i]!.text, commands[k]!.text, wordsAt(i), wordsAt(k));
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.outcome !== 'failed' || c.by || isLookAround(c.text)) continue;
    const j = commands.findIndex((d, k) => k > i && (d.outcome === 'ok' || d.outcome === 'failed') && rerunsAt(i, k));
    // Passed, and did not fail again after.
    if (j < 0 || commands[j]!.outcome !== 'ok' || commands.some((d, k) => k > j && d.outcome === 'failed' && rerunsAt(i, k))) continue;
    const between = commands
      .slice(i + 1, j)
      .filter((d) => d.outcome === 'ok' && !isLookAround(d.text))
      .map((d) => d.text);
    const from = c.at ?? '';
    const to = commands[j]!.at ?? '';
    const changed = [...new Set(files.filter((f) => f.op && f.op !== 'read' && f.path && f.at && from && to && f.at > from && f.at < to).map((f) => f.path!))];
    // The line that names the error, else how the run ended ("127 tests, 12 failures"), else its first line.
    const summary = (c.error ?? '').split('\n').findLast((l) => /\b\d+ (?:failures?|failed|failing|errors?)\b/.test(l));
    const error = (firstErrorLine(c.error ?? '', true) ?? c.output ?? summary ?? firstErrorLine(c.error ?? '') ?? '').trim();
    out.push({ at: c.at, command: c.text, error, between: between.slice(-BETWEEN), changed: changed.slice(-BETWEEN), passed: commands[j]!.text });
  }
  return out.reverse();
}

/** One line: "`git push` failed (! [rejected] … (fetch first)); passed after `git pull --rebase origin main`". */
export function settledLine(f: SettledFailure, clip: (s: string, max: number) => string): string {
  const cmd = (s: string): string => `\`${clip(s.replace(/\s+/g, ' '), 80)}\``;
  const after = [...f.between.map(cmd), ...(f.changed.length ? [`edits to ${f.changed.map((p) => p.slice(p.lastIndexOf('/') + 1)).join(', ')}`] : [])];
  const again = f.passed.replace(/\s+/g, ' ') === f.command.replace(/\s+/g, ' ') ? 'passed' : `passed as ${cmd(f.passed)}`;
  return `${cmd(f.command)} failed${f.error ? ` (${clip(f.error.replace(/\s+/g, ' '), 120)})` : ''}; ${again}${after.length ? ` after ${after.join(', ')}` : ''}`;
}

/**
 * What the agent said right after each call (a command, a tool's), before its next call and
 * before the user spoke again: how it read the output ("`split()` on an empty string returns
 * [''], not []"; "All 5 vulns are in the same package: `mcp` 1.6.0"), by the call's entry. Of a
 * failure, up to its next command or tool call (the agent looks around before it says what failed);
 * of another output, up to the next call of any kind (a file read or edited too).
 */
export function readingsOf(trail: Pick<Trail, 'commands' | 'tools' | 'answers' | 'asks' | 'files'>): Map<TrailEntry, string> {
  const out = new Map<TrailEntry, string>();
  const timed = (list: readonly TrailEntry[]): TrailEntry[] => list.filter((e) => e.at).sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0));
  const calls = timed([...trail.commands, ...trail.tools]);
  const ends = timed([...calls, ...trail.files]);
  // The steps that end what a failure's words may read: not the searches it looked around with.
  const steps = calls.filter((c) => !c.looked);
  // Words the user rewound away were never read by what came after.
  const [asks, answers] = [timed(trail.asks), timed(trail.answers.filter((x) => x.by !== 'rewound'))];
  // One walk: each list's first entry after the call, the calls in time order.
  let [i, e, a, s] = [0, 0, 0, 0];
  for (const c of calls) {
    const after = (list: TrailEntry[], k: number): number => {
      while (k < list.length && list[k]!.at! <= c.at!) k++;
      return k;
    };
    [i, e, a, s] = [after(steps, i), after(ends, e), after(asks, a), after(answers, s)];
    const next = (c.outcome === 'failed' ? steps[i] : ends[e])?.at ?? '\uffff';
    const said = answers[s];
    // Of another output, words that say which call they came after must name this one (a search or a read in between is another).
    const own = c.outcome === 'failed' || said?.afterCall === undefined || said.afterCall === c.at;
    if (said && own && said.at! < next && said.at! < (asks[a]?.at ?? '\uffff')) out.set(c, said.text);
  }
  return out;
}

/** A reading's first `max` characters, cut where a word ends. */
export function readingWithin(text: string, max: number): string {
  const cut = text.lastIndexOf(' ', max);
  return text.length > max ? `${text.slice(0, cut > max / 2 ? cut : max)} …` : text;
}
