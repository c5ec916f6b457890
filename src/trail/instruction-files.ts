/**
 * A project's instruction file the agent read (CLAUDE.md, AGENTS.md, …) holds the project's
 * standing rules ("Always use `-n auto` when running tests"): the trail keeps those lines of it,
 * so a question about the project's rules finds them.
 */
import { isCodexMemory, isHookContext, isInstructionFile, joinWrapped, RULE_CHARS, ruleLine, ruleMarks } from '../log/rules.js';
import { fileText, readLines } from './read-content.js';
import type { TrailEntry } from './build.js';
import { BROUGHT } from './git-said.js';

/** The rules kept of one file, at most (the trail keeps no other field this long). */
export const RULES_CHARS = 3000;

/** The rule lines of an instruction file as a Read returned it (numbered "  12→…"), or undefined for another file. */
export function rulesRead(path: string, output: string | undefined): string | undefined {
  if (!output || !isInstructionFile(path)) return undefined;
  const marks = ruleMarks(joinWrapped(readLines(fileText(output))));
  const text = (m: (typeof marks)[number]): string => ruleLine(m.line.replace(/^\s*(?:[-*]|\d+\.)\s+/, '').trim(), m.listed);
  // Said twice, once; not a code block's or a comment's lines (a second closing fence kept, they stay code when read again).
  const seen = new Set<string>();
  const lines = marks
    .map((m) => ({ m, t: text(m) }))
    .filter(({ m, t }) => m.code || (!seen.has(t) && Boolean(seen.add(t))))
    .map(({ t }) => t)
    .filter(Boolean);
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

/** Binding words: a rule, not advice ("prefer", "avoid" are advice); some in Chinese, Japanese and Korean too. */
const BINDING = /\b(?:must|never|always|do not|don'?t|required|no exceptions)\b|必须|务必|不要|禁止|必ず|しないで|반드시|절대/i;
/** What a continuing session does next (commits, pull requests, tests): the rules it is most likely to break. */
const WORK =
  /\b(?:commits?|PRs?|pull requests?|push(?:es|ed|ing)?|branch(?:es)?|merg(?:e|es|ing)|rebase|stash|draft|tags?|releases?|comments?|tests?|lint|checks?|format)\b/i;
/** A line without its list marker (`- `, `1. `, `- [ ] `). */
const bare = (line: string): string => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '').trim();
/** Scripts written without spaces between words (Chinese, Japanese, Korean): their length, not their spaces, says whether a text says something. */
export const UNSPACED = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** A rule's text for telling two apart: its case and the punctuation at its end aside (a loop: a regex anchored at the end tries every start in a long run). */
function ruleKey(l: string): string {
  let end = l.length;
  while (end > 0 && ' \t.;:!,'.includes(l[end - 1]!)) end--;
  return l.slice(0, end).toLowerCase();
}

/** Instructions for recall only: notes on all the user's projects (Codex's memory summary), what a SessionStart hook gave (a persona, a decision log). */
const recallOnly = (path: string): boolean => isCodexMemory(path) || isHookContext(path);

/** 1 for an instruction file outside the repository (the user's own: a memory, their rules folder), 0 for the project's. */
const outside = (path: string): number => Number(/^(?:\/|~(?:\/|$)|[A-Za-z]:)/.test(path));

/** What a rule is about, and the commands that do it: the session that did it will do it again. */
const ACTS: Array<[RegExp, RegExp]> = [
  [/\bcommit/i, /\bgit\s+(?:-C\s+\S+\s+)?commit\b/],
  [/\b(?:PRs?|pull requests?)\b/i, /\bgh\s+pr\s+(?:create|edit|merge|ready)\b/],
  [/\bcomment/i, /\bgh\s+(?:pr|issue)\s+comment\b|\bgh\s+api\b.*(?:comments|[dD]iscussion)/],
  [/\bpush/i, /\bgit\s+(?:-C\s+\S+\s+)?push\b/],
  [/\b(?:tags?|releases?)\b/i, /\bgit\s+tag\s+(?:-[asm]\s|v?\d)|\bgh\s+release\s+create\b/],
];

/**
 * The rules of the instruction files the session read (`files`: each file's kept rules, its newest
 * read last), for a prompt: the rules on what the session did (the commands it `ran`: a commit, a
 * pull request, a comment) first, then the binding rules on committing, pull requests and tests,
 * then the other rules, as many as fit `maxBytes` (each at most `maxChars`), in their files'
 * order; the project's files' rules before those of files outside it. What the trail kept of a file is its rules (a short file whole: all of it is
 * instructions), less its headings, code blocks, comments, table rows and fragments.
 */
export function promptRules(files: Array<{ path: string; rules: string }>, maxBytes: number, maxChars: number, ran: string[] = []): string[] {
  return pickRules(files, maxBytes, maxChars, ran).map((r) => r.line);
}

/** promptRules, each rule with the file it is of. */
function pickRules(files: Array<{ path: string; rules: string }>, maxBytes: number, maxChars: number, ran: string[]): Array<{ line: string; path: string }> {
  const newest = new Map(files.map((f) => [f.path, f.rules]));
  const did = ACTS.filter(([, command]) => ran.some((c) => command.test(c))).map(([about]) => about);
  const weight = (l: string): number => (did.some((a) => a.test(l)) ? 4 : 0) + (WORK.test(l) ? 2 : 0) + (BINDING.test(l) ? 1 : 0);
  // A rule said twice (in two files, or with its full stop once) is shown once.
  const seen = new Set<string>();
  const rules = [...newest].flatMap(([path, r]) =>
    ruleMarks(r.split('\n'))
      .filter((m) => !m.heading && !m.code)
      .map((m) => ({ line: bare(m.line.replace(/<!--.*?-->/g, '')), path, outside: outside(path) }))
      .filter(
        ({ line: l }) =>
          (l.split(/\s+/).length >= 4 || (UNSPACED.test(l) && l.length >= 6)) &&
          !/^(?:<!--|\|)/.test(l) &&
          !seen.has(ruleKey(l)) &&
          Boolean(seen.add(ruleKey(l))),
      ),
  );
  // The project's rules before the user's own (a memory of all their projects, whose "commit and push"
  // may be another repository's): those fill what room is left.
  const picked = new Set<number>();
  let used = 0;
  for (const i of rules.map((_, i) => i).sort((a, b) => rules[a]!.outside - rules[b]!.outside || weight(rules[b]!.line) - weight(rules[a]!.line) || a - b)) {
    const size = Buffer.byteLength(rules[i]!.line.slice(0, maxChars)) + 3;
    if (used + size > maxBytes) continue;
    picked.add(i);
    used += size;
  }
  return rules.filter((_, i) => picked.has(i));
}

/** What a prompt shows of the rules at most. */
export const RULES_BRIEF_BYTES = 640;

/**
 * The brief's section of the rules of the instruction files the session read, those `said` elsewhere
 * left out, and those of a file the next agent `loadsItself`; undefined for none.
 */
export function rulesForBrief(
  { files, commands }: { files: TrailEntry[]; commands: TrailEntry[] },
  clip: (rule: string) => string,
  said: (rule: string) => boolean,
  loadsItself: (path: string) => boolean = () => false,
): { title: string; lines: string[] } | undefined {
  // A file the session changed after it read it: less the lines its edits removed (a rule the user had
  // it drop is no rule now); none of it when written anew or deleted (what it says now is not known here).
  const unchanged = (at: number, path: string, rules: string): string | undefined => {
    const later = files.filter((g, j) => j > at && g.path === path && g.op !== 'read');
    // Written whole by the agent or a subagent ("Write in a subagent"), by a command, or brought in by a merge.
    if (later.some((g) => g.op !== 'modified' || /^(?:Write\b|`)/.test(g.by ?? '') || g.by?.startsWith(BROUGHT))) return undefined;
    const gone = new Set(later.flatMap((g) => joinWrapped((g.removed ?? '').split('\n')).map(bare)));
    return rules
      .split('\n')
      .filter((l) => !gone.has(bare(l)))
      .join('\n');
  };
  // Not Codex's memory summary: notes on all the user's projects ("commit and push" may be another
  // repository's way), which Codex gives each session itself; nor what a SessionStart hook gave, which
  // the hook gives again. Recall finds them in the trail.
  const read = files
    .flatMap((f, at) => {
      if (f.op !== 'read' || !f.change || !isInstructionFile(f.path ?? '') || recallOnly(f.path!) || loadsItself(f.path!)) return [];
      const rules = unchanged(at, f.path!, f.change);
      return rules ? [{ path: f.path!, rules }] : [];
    })
    .sort((a, b) => outside(a.path) - outside(b.path));
  const ran = commands.filter((c) => c.outcome === 'ok').map((c) => c.text);
  const shown = pickRules(read, RULES_BRIEF_BYTES, 200, ran).filter((r) => !said(r.line));
  // Named by the files whose rules are shown.
  const names = [...new Set(shown.map((r) => r.path.split(/[\\/]/).pop()))].join(', ');
  return shown.length ? { title: `Rules of ${names} the session worked under:`, lines: shown.map((r) => clip(r.line)) } : undefined;
}
