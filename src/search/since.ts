/**
 * A `since` date checked before git reads it: git's approxidate turns anything it cannot read
 * ("garbage", 2026-13-45) into a date without a word, so a typo silently filtered out every hit.
 */
import { UsageError } from '../errors.js';
import type { Repo } from '../store/git.js';
import { gitDate } from '../store/repo-facts.js';

const UNITS = 'second|seconds|sec|secs|minute|minutes|min|mins|hour|hours|day|days|week|weeks|month|months|year|years';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
/** Words that name a point in time by themselves. */
const ANCHORS = new Set(`yesterday|today|now|noon|midnight|${WEEKDAYS}|${MONTHS}`.split('|'));
/** Words git reads in a date beside numbers and anchors. */
const WORDS = new Set([...ANCHORS, ...`${UNITS}|ago|last|at|am|pm|t|z|utc|gmt|the|of`.split('|')]);

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Why `text` is not a date git-session reads, or undefined when it is one. */
export function sinceProblem(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return 'it is empty';
  const unknown = (t.match(/[a-z]+/g) ?? []).filter((w) => !WORDS.has(w));
  if (unknown.length) return `${JSON.stringify(unknown[0]!.slice(0, 40))} is not a date word`;
  if (!/\d/.test(t) && !(t.match(/[a-z]+/g) ?? []).some((w) => ANCHORS.has(w))) return 'it names no date';
  for (const m of t.matchAll(/(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/g)) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12) return `${m[0]} has no month ${month}`;
    if (day < 1 || day > daysIn(year, month)) return `${m[0]} has no day ${day} (${year}-${String(month).padStart(2, '0')} has ${daysIn(year, month)} days)`;
  }
  for (const m of t.matchAll(/\b(\d{1,2}):(\d{2})(?::(\d{2}))?\b/g)) {
    if (Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return `${m[0]} is not a time of day`;
  }
  return undefined;
}

/**
 * A `since` date as git reads one (`2024-05-01`, `2 weeks ago`, `yesterday`), in seconds.
 * @param label the argument's name in the caller's terms (`--since` on the command line, `since` over MCP)
 * @throws UsageError when it is not a date, saying why
 */
export function parseSince(repo: Repo, text: string, label = '--since'): number {
  const why = sinceProblem(text);
  const seconds = why ? undefined : gitDate(repo, text);
  if (seconds === undefined) {
    const shown = text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}…` : JSON.stringify(text);
    throw new UsageError(
      `${label} ${shown} is not a date${why ? ` (${why})` : ''}; use a date such as 2024-05-01 or a time ago such as "2 weeks ago" or yesterday.`,
    );
  }
  return seconds;
}
