/**
 * A project's instruction file the agent read (CLAUDE.md, AGENTS.md, …) holds the project's
 * standing rules ("Always use `-n auto` when running tests"): the trail keeps those lines of it,
 * so a question about the project's rules finds them.
 */
import { isInstructionFile, RULE_CHARS, ruleLine, ruleMarks } from '../log/rules.js';
import { fileText, readLines } from './read-content.js';

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
