/**
 * A project's instruction files (CLAUDE.md, AGENTS.md, …) and the lines of them that set rules:
 * those that say so ("never", "must", "do not") and every line of a section titled as rules
 * ("## Always-Read Rules": "Start every repo change with `git fetch origin`").
 */
import { posix } from 'node:path';
import { bound } from './events.js';
import { unnumbered } from './numbered.js';

const INSTRUCTION_FILE = /^(?:CLAUDE(?:\.local)?\.md|AGENTS\.md|GEMINI\.md|CONVENTIONS\.md|\.cursorrules|copilot-instructions\.md)$/i;
/** A line that sets a rule. */
export const RULE_LINE = /\b(?:always|never|must|do not|don'?t|should(?:n'?t)?|prefer|avoid|make sure|ensure|required?|only)\b/i;
/** A heading over rules, whatever their words. */
const RULES_HEADING = /\b(?:rules?|guidelines?|conventions?|requirements?|constraints?|guardrails?|polic(?:y|ies)|dos and don'?ts)\b/i;
const HEADING = /^\s*#{1,6}\s+(.+)$/;

export const isInstructionFile = (path: string): boolean => INSTRUCTION_FILE.test(posix.basename(path.replace(/\\/g, '/')));

/** Each line of `lines` and whether it sets a rule (by its words, or under a heading of rules); headings are none. */
export function ruleMarks(lines: string[]): Array<{ line: string; rule: boolean; heading: boolean }> {
  let underRules = false;
  return lines.map((line) => {
    const heading = HEADING.exec(line);
    if (heading) {
      underRules = RULES_HEADING.test(heading[1]!);
      return { line, rule: false, heading: true };
    }
    return { line, rule: RULE_LINE.test(line) || (underRules && line.trim().length > 0), heading: false };
  });
}

/**
 * An instruction file's text bounded for a log's event: whole when short, else its headings and
 * rule lines first (what the trail keeps of it), not a head and a tail that lose the rules between.
 */
export function boundInstructions(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = ruleMarks(unnumbered(text).split('\n'))
    .filter((m) => m.rule || m.heading)
    .map((m) => m.line.trim());
  return bound(kept.join('\n'), max);
}
