/**
 * A project's instruction files (CLAUDE.md, AGENTS.md, …) and the lines of them that set rules:
 * those that say so ("never", "must", "do not") and every line of a section titled as rules
 * ("## Always-Read Rules": "Start every repo change with `git fetch origin`").
 */
import { bound } from './events.js';
import { HARNESS_NOTE, unnumbered } from './numbered.js';

/** As the agents name them (a `docs/gemini.md` is a document), Claude Code's `.claude/rules/*.md` too. */
const INSTRUCTION_FILE =
  /(?:^|\/)(?:CLAUDE(?:\.local)?\.md|AGENTS\.md|GEMINI\.md|CONVENTIONS\.md|\.cursorrules|copilot-instructions\.md|\.claude\/rules\/.+\.md)$/;
/** The name what a SessionStart hook gave the agent is read under (agents/claude-code/memory.ts): an instruction file that is no file. */
export const HOOK_CONTEXT = 'SessionStart hook context';

/** Codex's memory summary of the user (`<codex home>/memories/memory_summary.md`, given before the first prompt), either slash. */
export const isCodexMemory = (path: string): boolean => /(?:^|\/)memories\/memory_summary\.md$/.test(path.replace(/\\/g, '/'));
/** What a SessionStart hook gave, read under HOOK_CONTEXT (below the session's folder when it ran in a subfolder). */
export const isHookContext = (path: string): boolean => path === HOOK_CONTEXT || path.endsWith(`/${HOOK_CONTEXT}`);
/** A line that sets a rule. */
export const RULE_LINE = /\b(?:always|never|must|do not|don'?t|should(?:n'?t)?|prefer|avoid|make sure|ensure|required?|only)\b/i;
/** A heading over rules, whatever their words. */
const RULES_HEADING = /\b(?:rules?|guidelines?|conventions?|requirements?|constraints?|guardrails?|polic(?:y|ies)|preferences|dos and don'?ts)\b/i;
/** A heading, one way to match (its words start at the first non-space): no backtracking on a line of spaces. */
const HEADING = /^[ \t]*#{1,6}[ \t]+(\S[^\n]*)$/;
/** A list item: what a section of rules lists, not its prose or code. */
const ITEM = /^\s*(?:[-*+]|\d+[.)])\s+\S/;
const FENCE = /^\s*(?:```|~~~)/;

/**
 * Lines with a paragraph's soft-wrapped lines joined ("The provider is no-egress: never add code
 * that fetches remote sources," / "git, or network resources."): a line that starts in lower case
 * continues one that ends without a sentence's end, outside code blocks, HTML comments, lists'
 * markers, headings and tables, while the rule stays within `max` characters (a longer paragraph
 * stays in its lines: a rule is a line at most RULE_CHARS).
 */
export function joinWrapped(lines: string[], max = RULE_CHARS): string[] {
  const out: string[] = [];
  let code = false;
  let comment = false;
  let joinable = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fence = !comment && FENCE.test(line);
    if (fence) code = !code;
    const inComment: boolean = comment || (!code && /<!--(?![^]*-->)/.test(line));
    comment = inComment && !line.includes('-->');
    const joins = !code && !inComment && joinable && /^\s*[a-z`(]/.test(line) && !ITEM.test(line) && out.at(-1)!.length + line.trim().length < max;
    if (joins) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
    joinable =
      !code && !fence && !inComment && !HEADING.test(line) && !/^\s*\|/.test(line) && /\S/.test(line) && !/[.:;!?。」)]\s*$|<!--|-->/.test(out.at(-1)!);
  }
  return out;
}

/** An instruction file: one the agents name so, Codex's memory summary, or what a SessionStart hook gave. */
export function isInstructionFile(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return INSTRUCTION_FILE.test(p) || isCodexMemory(p) || isHookContext(p);
}

/**
 * Each line of `lines` (a CR at its end dropped) and whether it sets a rule: by its words, or as an
 * item of a list under a heading of rules. Headings are none; a code block's lines, and an HTML
 * comment's over several lines, are code (its `# comment` no heading, its words no rule).
 */
export function ruleMarks(lines: string[]): Array<{ line: string; rule: boolean; heading: boolean; listed?: boolean; code?: boolean }> {
  let underRules = false;
  let code = false;
  let comment = false;
  return lines.map((raw) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A code block's lines (an example `git commit -m …`) and an HTML comment's (a note to maintainers) set no rule.
    const fence = FENCE.test(line);
    if (fence) code = !code;
    const opens = !code && !fence && !comment && /<!--(?![^]*-->)/.test(line);
    const closes = comment && line.includes('-->');
    if (code || fence || comment || opens) {
      comment = (comment && !closes) || opens;
      return { line, rule: false, heading: false, code: true };
    }
    const heading = line.length <= 300 ? HEADING.exec(line) : null;
    if (heading) {
      underRules = RULES_HEADING.test(heading[1]!);
      return { line, rule: false, heading: true };
    }
    const listed = underRules && !code && ITEM.test(line);
    return { line, rule: RULE_LINE.test(line) || listed, heading: false, listed };
  });
}

/** A rule is a line at most this long: a longer one is a paragraph that mentions a rule word. */
export const RULE_CHARS = 240;

/** A rule of a section of rules, at most RULE_CHARS: one written on one long line ("- Tests: always run … This matters because …") keeps its start. */
export const ruleLine = (line: string, listed = false): string =>
  listed && line.length > RULE_CHARS ? `${line.slice(0, Math.max(line.lastIndexOf(' ', RULE_CHARS - 2), RULE_CHARS / 2))} …` : line;

/**
 * An instruction file's text bounded for a log's event: whole when short, else its headings and
 * rule lines first (what the trail keeps of it), not a head and a tail that lose the rules between;
 * a paragraph (a long line) is no rule, and would push the rules after it out, unless a section
 * of rules lists it (then its start is kept).
 */
export function boundInstructions(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = ruleMarks(joinWrapped(unnumbered(text).replace(HARNESS_NOTE, '').split('\n')))
    .filter((m) => (m.rule && (m.listed || m.line.trim().length <= RULE_CHARS)) || m.heading)
    .map((m) => ruleLine(m.line.trim(), m.listed));
  return bound(kept.join('\n'), max);
}
