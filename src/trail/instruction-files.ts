/**
 * A project's instruction file the agent read (CLAUDE.md, AGENTS.md, …) holds the project's
 * standing rules ("Always use `-n auto` when running tests"): the trail keeps those lines of it,
 * so a question about the project's rules finds them.
 */
import { posix } from 'node:path';
import { fileText, readLines } from './read-content.js';

const INSTRUCTION_FILE = /^(?:CLAUDE(?:\.local)?\.md|AGENTS\.md|GEMINI\.md|CONVENTIONS\.md|\.cursorrules|copilot-instructions\.md)$/i;
/** A line that sets a rule. */
const RULE_LINE = /\b(?:always|never|must|do not|don'?t|should(?:n'?t)?|prefer|avoid|make sure|ensure|required?|only)\b/i;
const MAX = 1200;

/** The rule lines of an instruction file as a Read returned it (numbered "  12→…"), or undefined for another file. */
export function rulesRead(path: string, output: string | undefined): string | undefined {
  if (!output || !INSTRUCTION_FILE.test(posix.basename(path.replace(/\\/g, '/')))) return undefined;
  const lines = [...new Set(readLines(fileText(output)).map((raw) => raw.replace(/^\s*(?:[-*]|\d+\.)\s+/, '').trim()))].filter(Boolean);
  // A short file is all rules ("When debugging, write the logs to a local file"): whole; a longer one by the lines that say so.
  const whole = lines.reduce((n, l) => n + l.length + 1, 0) <= MAX;
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (!whole && (line.length < 12 || line.length > 240 || !RULE_LINE.test(line))) continue;
    if (used + line.length > MAX) break;
    out.push(line);
    used += line.length + 1;
  }
  return out.length ? out.join('\n') : undefined;
}
