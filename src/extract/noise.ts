/** Text that is never work, a finding or a decision: harness lines, markers, placeholders. */
import { remembered } from '../memo.js';

/** What redactors leave behind: `[REDACTED]`, `[REDACTED:aws]`, `[REDACTED_MESSAGE len=12 sha=…]`, `[trimmed for fixture]`. */
const PLACEHOLDER = /\[(?:REDACTED|redacted|trimmed|omitted|removed|elided)(?:[_:\s][^\]\n]{0,80})?\]|<redacted>|\bREDACTED\b/g;
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source);
const HARNESS =
  /^(?:<[a-z][\w-]*>|\[Request interrupted by user|Caveat: The messages below|This session is being continued from a previous conversation|Please continue the conversation|While you were away|Tool loaded\.|API Error:)/i;
/** Claude Code's own slash commands typed as a message: `/exit`, `/clear`, `/compact keep the API notes`. */
const SLASH =
  /^\/(?:add-dir|agents|bashes|bug|clear|compact|config|context|cost|doctor|exit|export|fast|help|hooks|ide|keybindings|login|logout|mcp|memory|model|output-style|permissions|plugin|privacy-settings|release-notes|resume|rewind|status|statusline|terminal-setup|theme|todos|upgrade|usage|vim|quit)(?:\s|$)/i;
/** Status lines copied from documents or tool output: "Status: ❌ BLOCKED", "| a | b |", "✅ done". */
const STATUS_LINE = /^(?:\||[✅❌⚠️✓✗✔✘☐☑🔴🟢🟡]|(?:status|result|state)\s*:\s*[✅❌⚠️✓✗]?\s*[A-Z_ ]+$)/u;

/** The text without redaction placeholders, trimmed, its lines kept: where a list item or a heading ends. */
export const withoutPlaceholdersByLine = (text: string): string =>
  text
    .replace(PLACEHOLDER, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .trim();
/** The same on one line. */
export const withoutPlaceholders = remembered((text: string): string => withoutPlaceholdersByLine(text).replace(/\s+/g, ' '));

/** True for a user message that is a harness line, a slash command, a marker or only placeholders. */
export const isNoiseAsk = remembered((text: string): boolean => {
  const t = text.trim();
  if (HARNESS.test(t) || SLASH.test(t)) return true;
  return withoutPlaceholders(t).replace(/[\p{P}\p{S}\s]/gu, '').length < 2;
});

/** True for a sentence that cannot be a decision or finding: markup, status lines, placeholders, code. */
export function isNoiseSentence(s: string): boolean {
  const t = s.trim();
  if (isNoiseAsk(t) || STATUS_LINE.test(t)) return true;
  if (HAS_PLACEHOLDER.test(t)) return true;
  // Mostly code or paths: few letters among the characters.
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  return letters < t.length * 0.5;
}

/** Words of a message that says nothing a resuming agent needs: "ok", "continue", "yes please", "great work, thanks!". */
const TRIVIAL_WORDS = new Set(
  'ok okay yes yep sure thanks thank you great good go on ahead continue proceed do it lgtm gtg perfect nice cool excellent awesome work job well done please much very so'.split(
    ' ',
  ),
);
/** Only acknowledgement and thanks, in a few words. */
export const isTrivialAsk = (t: string): boolean => {
  const words = t
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return words.length > 0 && words.length <= 8 && words.every((w) => TRIVIAL_WORDS.has(w));
};
