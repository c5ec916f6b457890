/**
 * The trail's part of a bootstrap prompt: what the 2 KB manifest leaves out and a resuming agent
 * asks first, within a byte budget of its own. The user's own words (the constraints and choices
 * the manifest's sentences may miss), the files the session changed with what they define, the
 * decisions beyond the manifest's newest two, and how the agent's last message ended.
 */
import { clipSaid as clip } from './said.js';
// Not the stage's index.ts, which loads the redactor: resume renders and never redacts.
import { sanitizeText } from '../manifest/sanitize.js';
import type { Manifest } from '../manifest/schema.js';
import type { Trail, TrailEntry } from './build.js';
import { UNNAMED_EDIT } from './tools.js';
import { toolsUsed, unnamedRewrites } from './entries.js';
import { isTrivialAsk, withoutPlaceholders } from '../extract/noise.js';
import { UNDONE } from '../extract/undone.js';
import { setupChangesIn } from '../extract/git-setup.js';
import { changedFiles } from './changed-files.js';
import { settledFailures, settledLine } from './settled.js';
import { isHarnessFile } from './read-content.js';
import { outputValues } from './values.js';
import { RULES_BRIEF_BYTES, rulesForBrief, UNSPACED } from './instruction-files.js';

/** The most the trail adds to a prompt. */
export const BRIEF_BYTES = 8900;
const ASK_CHARS = 240;
/** What the user's own words may take of the brief. */
const ASKS_BYTES = 2100;
/** The agent's last message: at least this much of it, and at most LAST_MESSAGE_CHARS when the brief has room. */
const ANSWER_CHARS = 360;
const LAST_MESSAGE_CHARS = 2400;
/** Of a longer one, its opening takes this share of the room, its end the rest. */
const OPENING_SHARE = 0.3;
/** What the lines after the last message (values printed, files read) are left of the brief. */
const AFTER_ANSWER_BYTES = 480;
const READ_BYTES = 360;
const VALUE_BYTES = 320;
/** The files the session changed, with what their edits define. */
const CHANGED_BYTES = 1200;
/** The agent's recap while the user was away. */
const RECAP_BRIEF_CHARS = 600;
/** How each earlier turn ended: its first EARLIER_CHARS (a report leads with what the turn did), all of them at most EARLIER_BYTES. */
const EARLIER_CHARS = 800;
const EARLIER_BYTES = 4500;
/** The failures the session got past, and how: what is left of the brief, at most this. */
const SETTLED_BYTES = 420;
/** The share of a text's words the manifest must hold for the text to count as said. */
const SAID_SHARE = 0.8;
/** A choice of the user's as the manifest and the trail say it: the option picked, and the question from its start. */
const CHOICE = /^the user chose "([^"]+)".*? for: (?:… )?(.{16,}?)…?$/i;
/** A file or a code name in a text: a path (`lib/a/b.ex`, `test/support/`), a file name (`tmux.ex`), a snake_case name; not `10 req/s` or `e.g.`. */
const NAMED = /(?:[\w.-]+\/)+[\w-]*\.\w+|(?:[\w.-]+\/){2,}|\b\w{2,}\.[a-z]{1,5}\b|\b[a-z]+_[a-z_]+\w*\b/g;
/** A text that says something: three words, or six characters of a script without spaces, besides redaction placeholders. */
function saysSomething(text: string): boolean {
  const t = withoutPlaceholders(text).trim();
  return t.split(/\s+/).length >= 3 || (UNSPACED.test(t) && t.length >= 6);
}
/** The end of `text` in at most `max` characters and `max` UTF-8 bytes, "…" first when cut. */
function lastBytes(text: string, max: number): string {
  let from = text.length <= max ? 0 : text.length - max + 1;
  const cut = (): string => (from ? `…${text.slice(from)}` : text);
  while (Buffer.byteLength(cut()) > max) from += Math.max(1, Math.ceil((Buffer.byteLength(cut()) - max) / 4));
  // Not inside a character written as two code units (an emoji).
  if (/^[\udc00-\udfff]/.test(text.slice(from))) from++;
  return cut();
}
/** A part cut from the start or the end of `text` that does not begin or end within a word (`clip`'s "…" kept), when a word's edge is near. */
function atWord(text: string, part: string, side: 'start' | 'end'): string {
  if (side === 'start') {
    const space = part.indexOf(' ');
    return /\s/.test(text[text.length - part.length - 1] ?? ' ') || space < 0 || space >= 40 ? part : part.slice(space + 1);
  }
  const kept = part.length - 1;
  const space = part.lastIndexOf(' ', kept);
  return !part.endsWith('…') || /\s/.test(text[kept] ?? ' ') || space < kept - 40 ? part : `${part.slice(0, space)}…`;
}
/** `clip` to at most `max` UTF-8 bytes (a Chinese character is three, an emoji four): the most characters that fit. */
function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(clip(s, max)) <= max) return clip(s, max);
  let [lo, hi] = [1, max];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(clip(s, mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return clip(s, lo);
}
/** Words of a text, for telling whether the manifest already says it. */
const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** One line: `title` and as many of `items` as fit in `maxBytes`, in order; how many it shows. */
function listWithin(title: string, items: string[], separator: string, maxBytes: number): { line: string; shown: number } {
  let line = title;
  let shown = 0;
  for (const item of items) {
    const next = `${line}${shown ? separator : ''}${item}`;
    if (Buffer.byteLength(next) > maxBytes) break;
    line = next;
    shown++;
  }
  return { line, shown };
}

/** The title of the brief's list of changed files (the prompt gives no other list of them when it is there). */
export const CHANGED_FILES = 'Files the session changed';

/**
 * The lines the trail adds to a prompt, at most `maxBytes`: each section only with what the
 * manifest does not already say, the newest first where there is too much.
 */
export function trailBrief(trail: Trail, m: Manifest, maxBytes = BRIEF_BYTES, loadsItself?: (path: string) => boolean): string[] {
  const manifestText = JSON.stringify(m);
  const manifestWords = new Set(norm(manifestText).split(' '));
  /**
   * Most of its words are in the manifest already, and every file or name it gives
   * (`lib/session_registry.ex`, `get_pane_id/1`) too: saying it again adds nothing.
   */
  const said = (text: string): boolean => {
    const words = [
      ...new Set(
        norm(text)
          .split(' ')
          .filter((w) => w.length >= 4),
      ),
    ];
    const names = text.match(NAMED) ?? [];
    return words.length > 0 && words.filter((w) => manifestWords.has(w)).length >= words.length * SAID_SHARE && names.every((n) => manifestText.includes(n));
  };
  // The manifest's texts cut short ("Investigate why … containing…"): a message that starts with one is shown from where it was cut.
  const starts = manifestText.match(/"(?:[^"\\]|\\.){60,}…"/g)?.map((q) => (JSON.parse(q) as string).slice(0, -1).trimEnd()) ?? [];
  const afterStart = (t: string): string => {
    const start = starts.find((p) => t.startsWith(p));
    return start ? `…${t.slice(start.length).trimStart()}` : t;
  };
  const out: string[] = [];
  let bytes = 0;
  const add = (lines: string[]): void => {
    for (const l of lines) {
      const size = Buffer.byteLength(l) + 1;
      if (bytes + size > maxBytes) return;
      out.push(l);
      bytes += size;
    }
  };
  /** A titled list of what fits `budget`; those cut, and `cut` more cut before, are counted in its title. */
  const section = (title: string, items: string[], budget: number, cut = 0): void => {
    // Within what is left of the brief too: the brief cutting a list would not count what it lost.
    const room = Math.min(budget, maxBytes - bytes);
    const kept: string[] = [];
    let used = Buffer.byteLength(title) + 1;
    for (const i of items) {
      const size = Buffer.byteLength(i) + 3;
      if (used + size > room) break;
      kept.push(`- ${i}`);
      used += size;
    }
    // Those that did not fit are counted, so the list does not read as all there was; within the brief, the count takes room too.
    const titled = (): string => {
      const left = items.length - kept.length + cut;
      return left > 0 ? title.replace(/\):$/, `; ${left} more not shown):`) : title;
    };
    while (kept.length && used - Buffer.byteLength(title) + Buffer.byteLength(titled()) > maxBytes - bytes) used -= Buffer.byteLength(kept.pop()!) + 1;
    if (kept.length) add([titled(), ...kept]);
  };
  // The user's words, newest first when they do not all fit, shown in the order they were said.
  // Each at most ASK_CHARS, or its share of the section when there are few (a subagent's one task, its files listed at the end).
  const wanted = trail.asks
    .filter((a) => a.by !== 'rewound')
    .map((a) => sanitizeText(a.text).trim())
    // A message sent again (a retry, word for word or with more at its end) is said once, where it was said last.
    .filter((t, i, all) => saysSomething(t) && !isTrivialAsk(t) && !said(t) && !all.some((u, j) => j > i && (u === t || (t.length >= 40 && u.startsWith(t)))))
    .map(afterStart);
  const asks = wanted.map((t) => clipBytes(t, Math.max(ASK_CHARS, Math.floor(ASKS_BYTES / wanted.length) - 6)));
  const recent: string[] = [];
  let askBytes = 0;
  for (const a of [...asks].reverse()) {
    if (askBytes + Buffer.byteLength(a) + 5 > ASKS_BYTES) continue;
    recent.unshift(`"${a}"`);
    askBytes += Buffer.byteLength(a) + 5;
  }
  // The section's budget is the words' and its title's: a long task of a subagent's, cut to the words' share, is shown.
  const asksTitle = "The user's own words (oldest first):";
  section(asksTitle, recent, ASKS_BYTES + Buffer.byteLength(asksTitle) + 1, asks.length - recent.length);
  const fact = (key: string): string | undefined => trail.session.find((e) => e.text.startsWith(`${key}: `))?.text.slice(key.length + 2);
  const changedList = [...changedFiles(trail.files, fact('working directory')), ...unnamedRewrites(trail.commands)];
  section(`${CHANGED_FILES} (newest first):`, changedList, CHANGED_BYTES);
  // None at all (no edit whose files the log hides, no subagent's, no commit): the results are in its messages.
  const hidden = trail.commits.length || trail.tools.some((t) => t.text.includes(UNNAMED_EDIT) || /^(?:Task|Agent)$/.test(t.by ?? ''));
  if (!changedList.length && !hidden) add([`${CHANGED_FILES}: none that its log shows`]);
  // A choice of the user's the manifest gives (the same option picked, for the same question) is said, though in other words.
  const given = (m.critical_context?.key_decisions ?? []).flatMap((d) => {
    const k = CHOICE.exec(d);
    return k ? [{ option: k[1]!.toLowerCase(), question: k[2]!.toLowerCase() }] : [];
  });
  const choiceSaid = (t: string): boolean => {
    const c = CHOICE.exec(t);
    const [option, question] = [c?.[1]?.toLowerCase(), c?.[2]?.toLowerCase() ?? ''];
    return given.some((g) => g.option === option && (question.startsWith(g.question) || g.question.startsWith(question)));
  };
  const decisions = trail.decisions
    // One the manifest gives cut short is given too.
    .filter((d) => !said(d.text) && !starts.some((p) => d.text.startsWith(p)) && !choiceSaid(d.text) && !d.text.endsWith(UNDONE))
    .map((d) => `${d.by === 'user' && !/^the user chose\b/i.test(d.text) ? 'the user chose: ' : ''}${clip(d.text, 200)}`);
  section('Other decisions (newest first):', decisions.reverse(), 360);
  // The rules of the instruction files it read (AGENTS.md): another agent may not load that file (`loadsItself`: the next one does).
  const rules = rulesForBrief(trail, (r) => clip(sanitizeText(r), 200), said, loadsItself);
  if (rules) section(rules.title, rules.lines, RULES_BRIEF_BYTES + 80);
  // The session's facts, its commits and the tools it used besides edits and commands, one line each.
  const facts = [
    fact('agent'),
    fact('model'),
    fact('started on commit') && `started on ${fact('started on commit')!.slice(0, 10)}`,
    fact('permissions'),
    fact('ended') && `ended ${fact('ended')}`,
    fact('context compacted') && `context compacted ${fact('context compacted')}`,
    fact('pull request') && `pull request ${fact('pull request')}`,
  ].filter(Boolean);
  if (facts.length) add([`Session: ${facts.map((f) => clip(f!, f!.startsWith('ended ') ? 260 : 110)).join(' · ')}`]);
  // Where the work stood when the user stepped away, and the next action, as the agent put it.
  const recap = fact('recap');
  if (recap && !said(recap)) add([`The agent's recap while the user was away: ${clip(recap, RECAP_BRIEF_CHARS)}`]);
  // Such a process ends with the agent's process: a new session must check it is still there.
  const running = fact('left running in the background');
  if (running) add([`Left running in the background (gone if the agent was restarted: check before relying on it): ${clip(running, 280)}`]);
  // What the plan it was handed asked to check, beyond what the session ran: still to do, or to ask about.
  const checks = fact('plan checks not run');
  if (checks) add([`The plan's checks no command of the session ran: ${clip(checks, 420)}`]);
  const commits = trail.commits
    .slice(-3)
    .reverse()
    .map((c) => clip(c.text, 120));
  const more = trail.commits.length > commits.length ? `, the last ${commits.length} of ${trail.commits.length}` : '';
  if (commits.length) add([`Commits and pushes (newest first${more}): ${commits.join('; ')}`]);
  // git's setup the session changed (a setting, a remote): it holds beyond the repository's files, for the next session too.
  const setup = [...new Set(trail.commands.filter((c) => c.outcome === 'ok').flatMap((c) => setupChangesIn(c.text)))].slice(-3).reverse();
  if (setup.length) add([`git setup changed (newest first): ${setup.map((c) => `\`${clip(c, 120)}\``).join('; ')}`]);
  const tools = toolsUsed(trail.tools, (name) => clip(name, 60));
  if (tools) add([`Other tools used: ${tools}`]);
  // Why a tool last failed (a browser policy, a missing permission): what the next session would try first.
  const failures = new Map<string, string>();
  for (const t of [...trail.tools].reverse()) {
    const error = t.outcome === 'failed' && t.error ? t.error.replace(/\s+/g, ' ').trim() : '';
    if (error && !said(error) && !failures.has(error.slice(0, 80)) && failures.size < 2)
      failures.set(error.slice(0, 80), `${clip(t.by ?? 'tool', 40)}: ${clip(error, 200)}`);
  }
  section('Tool failures (newest first):', [...failures.values()], 460);
  const last = trail.answers.at(-1);
  if (last) {
    const text = sanitizeText(last.text).trim();
    // As much of it as the brief has room for, leaving room for the lines after it (in bytes, as the brief counts: Chinese or Japanese takes three a character).
    const chars = Math.max(ANSWER_CHARS, Math.min(LAST_MESSAGE_CHARS, maxBytes - bytes - AFTER_ANSWER_BYTES));
    // A long one: its opening (what it found or did) and, with most of the room, its end (what it concludes, proposes or asks next).
    const opening = Math.floor(chars * OPENING_SHARE);
    const cut = Buffer.byteLength(text) > chars;
    const end = cut ? `${atWord(text, clipBytes(text, opening), 'end')} ${atWord(text, lastBytes(text, chars - opening - 1).slice(1), 'start')}` : text;
    // The trail keeps a long message's start: its end is then not the message's (the manifest's next steps hold where it asked what next).
    // The user said more after it (a new request the agent was still on): the message is older than the work in hand.
    const newer = trail.asks.filter((a) => a.at && last.at && a.at > last.at).length;
    const before = newer ? `, before the user's last ${newer === 1 ? 'message' : `${newer} messages`},` : '';
    const label = text.endsWith('…') ? `From the agent's last message${before}` : `The agent's last message${before}${cut ? ', its start and end' : ' ended'}`;
    if (!said(end)) add([`${label}: ${end}`]);
  }
  // Values the commands printed (an installed version, a URL a server or a PR is at, a test count).
  const values = listWithin('Values the commands printed (newest first): ', outputValues(trail.commands), '; ', VALUE_BYTES);
  if (values.shown) add([values.line]);
  // The files it read and did not change, newest first: where its knowledge came from.
  const changed = new Set(trail.files.filter((f) => f.op !== 'read').map((f) => f.path));
  const read = [
    ...new Set(
      trail.files
        .filter((f) => f.op === 'read' && f.path && !changed.has(f.path) && !isHarnessFile(f.path))
        .map((f) => f.path!)
        .reverse(),
    ),
  ];
  const files = listWithin(
    'Files read, not changed (newest first): ',
    read.map((p) => clip(p, 200)),
    ', ',
    READ_BYTES,
  );
  if (files.shown) add([`${files.line}${read.length > files.shown ? ', …' : ''}`]);
  // Failures it got past, and how: what the next session would otherwise try again.
  section(
    'Failures got past on the way (newest first):',
    settledFailures(trail.commands, trail.files).map((f) => settledLine(f, clip)),
    SETTLED_BYTES,
  );
  // How the earlier turns ended, newest first: what each did, found or decided, as the agent reported it to the user.
  const turnEnds = trail.answers
    .filter((a) => !a.by && a !== last)
    .map((a) => clip(a.text, EARLIER_CHARS))
    .filter((t) => saysSomething(t) && !said(t));
  section('How the earlier turns ended (newest first):', turnEnds.reverse(), EARLIER_BYTES);
  return out;
}
