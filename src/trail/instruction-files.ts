/**
 * A project's instruction file the agent read (CLAUDE.md, AGENTS.md, …) holds the project's
 * standing rules ("Always use `-n auto` when running tests"): the trail keeps those lines of it,
 * so a question about the project's rules finds them.
 */
import { isInstructionFile, RULE_CHARS, ruleLine, ruleMarks } from '../log/rules.js';
import { fileText, readLines } from './read-content.js';
import type { TrailEntry } from './build.js';

/** The rules kept of one file, at most (the trail keeps no other field this long). */
export const RULES_CHARS = 3000;

/** The rule lines of an instruction file as a Read returned it (numbered "  12→…"), or undefined for another file. */
export function rulesRead(path: string, output: string | undefined): string | undefined {
  if (!output || !isInstructionFile(path)) return undefined;
  const marks = ruleMarks(readLines(fileText(output)));
  const text = (m: (typeof marks)[number]): string => ruleLine(m.line.replace(/^\s*(?:[-*]|\d+\.)\s+/, '').trim(), m.listed);
  const lines = [...new Set(marks.map(text))].filter(Boolean);
  const rules = new Set(marks.filter((m) => m.rule).map(text));
  // A short file is all rules ("When debugging, write the logs to a local file"): whole; a longer one by the lines that say so.
  const whole = lines.reduce((n, l) => n + l.length + 1, 0) <= RULES_CHARS;
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (!whole && (line.length < 12 || line.length > RULE_CHARS || !rules.has(line))) continue;
    if (used + line.length > RULES_CHARS) break;
    out.push(line);
    used += line.length + 1;
  }
  return out.length ? out.join('\n') : undefined;
}

/** Binding words: a rule, not advice ("prefer", "avoid" are advice). */
const BINDING = /\b(?:must|never|always|do not|don'?t|required|no exceptions)\b/i;
/** What a continuing session does next (commits, pull requests, tests): the rules it is most likely to break. */
const WORK =
  /\b(?:commits?|PRs?|pull requests?|push(?:es|ed|ing)?|branch(?:es)?|merg(?:e|es|ing)|rebase|stash|draft|tags?|releases?|comments?|tests?|lint|checks?|format)\b/i;

/**
 * The rules of the instruction files the session read (`files`: each file's kept rules, its newest
 * read last), for a prompt: the binding rules on committing, pull requests and tests first, then the
 * other rules, as many as fit `maxBytes` (each at most `maxChars`), in their files' order.
 */
export function promptRules(files: Array<{ path: string; rules: string }>, maxBytes: number, maxChars: number): string[] {
  const newest = new Map(files.map((f) => [f.path, f.rules]));
  const weight = (l: string): number => (WORK.test(l) ? 2 : 0) + (BINDING.test(l) ? 1 : 0);
  // A line that sets a rule, or names the work steps (a checklist's "Run `vp check` and `vp test`"); not a heading, a comment or a fragment.
  const lines = [...newest.values()]
    .flatMap((r) => ruleMarks(r.split('\n')).filter((m) => !m.heading && (m.rule || weight(m.line) >= 2)))
    .map((m) => m.line.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '').trim())
    .filter((l, i, all) => l.split(/\s+/).length >= 4 && !/^<!--/.test(l) && all.indexOf(l) === i);
  const picked = new Set<number>();
  let used = 0;
  for (const i of lines.map((_, i) => i).sort((a, b) => weight(lines[b]!) - weight(lines[a]!) || a - b)) {
    const size = Buffer.byteLength(lines[i]!.slice(0, maxChars)) + 3;
    if (used + size > maxBytes) continue;
    picked.add(i);
    used += size;
  }
  return lines.filter((_, i) => picked.has(i));
}

/** What a prompt shows of the rules at most. */
export const RULES_BRIEF_BYTES = 640;

/**
 * The brief's section of the rules of the instruction files the session read, those `said` elsewhere
 * left out, and those of a file the next agent `loadsItself`; undefined for none.
 */
export function rulesForBrief(
  files: TrailEntry[],
  clip: (rule: string) => string,
  said: (rule: string) => boolean,
  loadsItself: (path: string) => boolean = () => false,
): { title: string; lines: string[] } | undefined {
  const read = files
    .filter((f) => f.op === 'read' && f.change && isInstructionFile(f.path ?? '') && !loadsItself(f.path!))
    .map((f) => ({ path: f.path!, rules: f.change! }));
  const lines = promptRules(read, RULES_BRIEF_BYTES, 200)
    .filter((r) => !said(r))
    .map(clip);
  const names = [...new Set(read.map((f) => f.path.split('/').pop()))].join(', ');
  return lines.length ? { title: `Rules of ${names} the session worked under:`, lines } : undefined;
}
