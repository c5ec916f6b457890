/**
 * The checks a plan the user handed over lists (its "## Verification" section) that no command of
 * the session ran: manual testing, a dev server to start. The agent ran the unit tests and said
 * "all pass"; what the plan asked beyond them is still to do.
 */
import { commandPurpose, commandRuns } from '../extract/commands.js';
import { clip } from '../log/events.js';
import type { TranscriptEvent } from '../transcript/index.js';

/** A plan handed over to implement (Claude Code, leaving plan mode): not a PR description or an issue pasted. */
const HANDOVER = /^\s*Implement the following plan\b/i;
/** Its checks' heading, the whole heading: "## Verification", "### Test plan" (not "## Validation rules"). */
const HEADING = /^(#{1,4})[ \t]*(?:\d+[.)]?[ \t]*)?(?:verification|verify|testing|test plan|how to (?:test|verify)|validation)[ \t:]*$/im;
const ITEM = /^(\s*)(?:\d+[.)]|[-*•])\s+(.*)$/;
/** Claude Code's note after a plan it hands over ("If you need specific details from before exiting plan mode …"): not the plan's. */
const HARNESS_TAIL = /^If you need specific details from before exiting plan mode|^If this plan can be broken down/;
const ITEM_CHARS = 160;

/** The items of a plan's verification section (top level, each with its sub-items), or none. */
export function verificationItems(plan: string): string[] {
  const m = HEADING.exec(plan);
  if (!m) return [];
  const level = m[1]!.length;
  const items: string[][] = [];
  let indent: number | undefined;
  for (const line of plan.slice(m.index + m[0].length).split('\n')) {
    const heading = /^(#{1,6})\s/.exec(line);
    if ((heading && heading[1]!.length <= level) || HARNESS_TAIL.test(line)) break;
    const item = ITEM.exec(line);
    // A check ticked off in the plan itself (`[x] …`) is done.
    if (item && /^\[[xX]\]/.test(item[2]!)) continue;
    if (item && (indent === undefined || item[1]!.length <= indent)) {
      indent = item[1]!.length;
      items.push([item[2]!.trim()]);
    } else if (line.trim() && items.length) items.at(-1)!.push(line.trim().replace(/^(?:\d+[.)]|[-*•])\s+/, ''));
  }
  return items.map((i) => i.reduce((a, b) => `${a}${a.endsWith(':') ? ' ' : '; '}${b}`).replace(/\*\*/g, ''));
}

/** The commands an item names in backticks that look like commands (`bun dev`, `npm test`), not values (`WHERE`, `products[0].price > 500`). */
const commandsIn = (item: string): string[] =>
  [...item.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim()).filter((c) => /^[a-z][\w.-]*(?:\s+[\w./:@=-]+)*$/.test(c) && (/\s/.test(c) || ONE_WORD.test(c)));
const ONE_WORD = /^(?:pytest|make|tox|nox|jest|vitest|mypy|ruff|eslint|tsc|just)$/;
/** A check done by hand: in a browser, the UI, a dev server. */
const MANUAL = /\b(?:manual(?:ly)?|by hand|browser|click|right-click|visit|open (?:the )?(?:app|page|ui)|dev server|in the ui|visually|screenshot)\b/i;
/** The user saying they did a check themselves: "I tested it in the browser". */
const USER_TESTED = /\b(?:i|we)(?:'ve| have)? (?:just )?(?:tested|checked|verified|tried)\b/i;
/** A tool that can do such a check itself: a browser's. */
const BROWSER_TOOL = /browser|playwright|puppeteer|chrome|navigate|screenshot/i;

/**
 * The last plan the user handed over with a verification section: its items no later command ran
 * (by the tool and subcommand an item names in backticks), and its checks by hand when the
 * session used no browser.
 */
export function planChecksNotRun(events: TranscriptEvent[]): string[] {
  const at = events.findLastIndex((e) => e.kind === 'ask' && !e.rewound && !e.sidechain && HANDOVER.test(e.text));
  if (at < 0) return [];
  const items = verificationItems((events[at] as { text: string }).text);
  const after = events.slice(at + 1);
  // A subagent may have run them (its commands are in its own log), a plan approved later replaces this one: no claim.
  if (!items.length || after.some((e) => e.kind === 'tool' && /^(?:Task|Agent|ExitPlanMode)$/.test(e.name))) return [];
  const pm = (tool: string): string => tool.replace(/^(?:npm|pnpm|yarn|bun) /, 'pm ');
  const ran = new Set(commandRuns(after).flatMap((r) => (r.rejected || r.denied ? [] : [pm(commandPurpose(r.command).tool)])));
  // A check by hand: done when a browser tool was used, or the user says they tried it.
  const notByHand = !after.some((e) => (e.kind === 'tool' && BROWSER_TOOL.test(e.name)) || (e.kind === 'ask' && USER_TESTED.test(e.text)));
  // An item that names commands is open when none of them ran; one by hand when no one did it; any other, unknown.
  const open = (item: string): boolean => {
    const commands = commandsIn(item);
    return commands.length ? !commands.some((c) => ran.has(pm(commandPurpose(c).tool))) : MANUAL.test(item) && notByHand;
  };
  return items.filter(open).map((item) => clip(item, ITEM_CHARS));
}
