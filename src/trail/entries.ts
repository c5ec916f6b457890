/**
 * The trail's entries as recall reads them: bodies cut into passages, what a hit says before its
 * passage, files with every action and what their edits define, and the plan states that hold.
 */
import { sanitizeText } from '../manifest/sanitize.js';
import type { TrailEntry, TrailKind } from './build.js';
import { BROUGHT } from './git-said.js';
import { enclosingNames, isDocument, namesDefinedIn } from '../log/definitions.js';
import { clip as clipText } from '../log/events.js';
import { summaryOf } from './output.js';

/** The longest passage a hit shows of an entry's body (an output, an edit, a long message). */
export const PASSAGE_CHARS = 260;
/** The longest head (a command line, a file's actions) shown before a passage. */
const HEAD_CHARS = 160;

const clip = (s: string, max: number): string => clipText(s, max, false);

/**
 * An entry's body cut into passages a hit can show on its own: lines grouped up to PASSAGE_CHARS,
 * a longer line cut at word boundaries, prose at sentence ends.
 */
export function passages(body: string, max = PASSAGE_CHARS): string[] {
  const units: string[] = [];
  for (const raw of body.split('\n')) {
    const l = raw.replace(/\s+/g, ' ').trim();
    if (!l) continue;
    if (l.length <= max) {
      units.push(l);
      continue;
    }
    // Sentences first; a sentence still too long is cut at spaces.
    for (const sentence of l.split(/(?<=[.!?:;])\s+(?=[A-Z0-9`"'(*#-])/)) {
      let rest = sentence;
      while (rest.length > max) {
        const cut = rest.lastIndexOf(' ', max);
        const at = cut > max / 2 ? cut : max;
        units.push(rest.slice(0, at));
        rest = rest.slice(at).trimStart();
      }
      if (rest) units.push(rest);
    }
  }
  const out: string[] = [];
  for (const u of units) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + u.length <= max) out[out.length - 1] = `${last} ${u}`;
    else out.push(u);
  }
  return out;
}

/** A file a merge (a cherry-pick, a pull) brought into the work tree: others' work, not the session's own change. */
export const broughtBy = (e: TrailEntry): boolean => e.by?.startsWith(BROUGHT) === true;

/** The tools a session used besides edits and commands, most used first (six), with how many calls failed or never ran: "WebSearch ×1 (1 denied by the permission settings)". */
export function toolsUsed(tools: readonly TrailEntry[], name: (n: string) => string): string | undefined {
  const counts = new Map<string, { n: number; failed: number; rejected: number; denied: number }>();
  // Not the searches (Grep, Glob): looking around is no tool's work of the session's.
  for (const t of tools.filter((t) => !t.looked)) {
    const key = t.by ?? t.text.split(' ')[0]!;
    const seen = counts.get(key) ?? { n: 0, failed: 0, rejected: 0, denied: 0 };
    seen.n++;
    if (t.outcome === 'failed' || t.outcome === 'rejected' || t.outcome === 'denied') seen[t.outcome]++;
    counts.set(key, seen);
  }
  const said = [...counts]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 6)
    .map(([key, t]) => {
      const notes = [
        t.failed && `${t.failed} failed`,
        t.rejected && `${t.rejected} rejected by the user`,
        t.denied && `${t.denied} denied by the permission settings`,
      ].filter(Boolean);
      return `${name(key)} ×${t.n}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    });
  return said.length ? said.join(', ') : undefined;
}

/** A command's or a tool call's outcome as a hit says it. */
const outcomeWords = (o: TrailEntry['outcome']): string =>
  o === 'rejected' ? 'rejected by the user (not run)' : o === 'denied' ? 'denied by the permission settings (not run)' : (o ?? 'unknown');

/** A text with a line for each paragraph: a hard-wrapped paragraph's lines joined, blank lines between paragraphs the breaks. */
const paragraphs = (text: string): string =>
  sanitizeText(text, { newlines: true })
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.replace(/\s*\n\s*/g, ' '))
    .join('\n');

/** What a hit says before its passage, and the body its passages come from. */
export function parts(kind: TrailKind, e: TrailEntry): { head: string; body: string } {
  const t = sanitizeText(e.text);
  switch (kind) {
    case 'commands': {
      // How a run summed itself up (a test run's counts, a checker's all-clear) comes first, whatever words the question shares with the rest; once.
      const summary = summaryOf(e.output);
      const ended = summary && !e.error?.includes(summary.text) ? summary : undefined;
      const output = ended ? ended.rest : e.output;
      return {
        head: `command ${e.by ? `(run by ${e.by}) ` : ''}\`${clip(t, HEAD_CHARS)}\` → ${outcomeWords(e.outcome)}${e.exit !== undefined ? ` (exit ${e.exit})` : ''}${ended ? `, ended "${sanitizeText(ended.text)}"` : ''}`,
        body: sanitizeText(e.error ?? output ?? '', { newlines: true }),
      };
    }
    case 'tools':
      return { head: `tool ${clip(t, HEAD_CHARS)} → ${outcomeWords(e.outcome)}`, body: sanitizeText(e.error ?? e.output ?? '', { newlines: true }) };
    case 'session':
      return { head: `session ${t}`, body: '' };
    // What the user wrote keeps its paragraphs: one that fits is one passage, not the end of one and the start of the next.
    case 'asks':
      return { head: e.by === 'rewound' ? 'the user said (on a branch they later rewound)' : 'the user said', body: paragraphs(e.text) };
    case 'decisions':
      return { head: e.by === 'user' ? 'the user chose' : 'decision', body: t };
    case 'plans':
      return { head: 'plan', body: t };
    case 'compactions':
      return { head: 'compaction summary', body: sanitizeText(e.text, { newlines: true }) };
    // With what its message or description said below the subject, its wrapped lines joined.
    case 'commits':
      return { head: `commit: ${t}`, body: paragraphs(e.output ?? '') };
    case 'answers':
      return { head: e.by === 'rewound' ? 'the agent said (on a branch the user later rewound)' : 'the agent said', body: t };
    default:
      return { head: t, body: '' };
  }
}

/** What an edit wrote, or (`removed`) the lines it took out, joined by "; ": shown as "removed: …". */
interface Change {
  text: string;
  removed?: boolean;
}

/** The names an edit's text defines (or, with `within`, the definitions its lines went into), newest first, at most 8 (what "what changed in X" asks for). */
function newestNames(path: string, changes: Change[], within = false): string[] {
  const names: string[] = [];
  // Definitions a later edit took out: no longer in the file (an edit after that writing one again says so first).
  const gone = new Set<string>();
  for (const { text: change, removed } of [...changes].reverse()) {
    if (removed) {
      if (!within) for (const name of namesDefinedIn(path, change.replaceAll('; ', '\n'))) gone.add(name);
      continue;
    }
    for (const name of within ? (isDocument(path) ? [] : enclosingNames(change)) : namesDefinedIn(path, change))
      if (!names.includes(name) && !gone.has(name)) names.push(name);
  }
  return names.slice(0, 8).map((n) => sanitizeText(n));
}

/** A file's actions said at most: a command names itself (up to 120 characters), and twenty different ones would fill a 2 KB answer. */
const OPS_SAID = 6;

/**
 * A file's actions, each once where it was last done and how often: "read ×3, modified (Edit) ×3"
 * for three rounds of reading and editing, "created (Write), deleted" in their order; the last
 * OPS_SAID of them, and how many others were done before.
 */
function opsSaid(ops: string[]): string {
  const count = new Map<string, number>();
  for (const o of ops) count.set(o, (count.get(o) ?? 0) + 1);
  const last = [...new Set([...ops].reverse())].reverse();
  const said = last
    .slice(-OPS_SAID)
    .map((o) => `${sanitizeText(o)}${count.get(o)! > 1 ? ` ×${count.get(o)}` : ''}`)
    .join(', ');
  return last.length > OPS_SAID ? `${said} (and ${last.length - OPS_SAID} earlier)` : said;
}

/** A line as compared: its words, spaced once. */
const flat = (text: string): string => text.replace(/[\s;]+/g, ' ').trim();

/**
 * A file's changes without the lines a later edit of it removed again (a draft rewritten): what
 * the file says now is shown, not what it said before. Those lines still find the entry: the
 * removal that took them out holds them.
 */
function currentLines(changes: Change[]): string[] {
  // Only a change before the last removal can have lost a line.
  const lastRemoval = changes.findLastIndex((c) => c.removed);
  if (lastRemoval < 1) return changes.map((c) => (c.removed ? `removed: ${c.text}` : c.text));
  // Each line removed, and the last change that removed it (a removal lists its lines joined by "; ").
  const removedAt = new Map<string, number>();
  changes.forEach((c, i) => {
    if (c.removed) for (const line of c.text.split('; ')) removedAt.set(flat(line), i);
  });
  return changes.map(({ text: c, removed }, i) => {
    if (removed) return `removed: ${c}`;
    if (i > lastRemoval) return c;
    const lines = c.split('\n');
    const kept = lines.filter((line) => {
      const text = flat(line);
      return !(text.length >= 12 && (removedAt.get(text) ?? -1) > i);
    });
    return kept.length === lines.length ? c : kept.join('\n');
  });
}

/** Files by path, every action in order: "src/a.ts: created (edit), modified (`sed -i …`), deleted", what each edit wrote (without what a later edit took out again). */
export function fileEntries(entries: TrailEntry[]): Array<{ path: string; at?: string; head: string; changes: string[]; seen: string[]; readOnly: boolean }> {
  const byPath = new Map<string, { ops: string[]; at?: string; changes: Change[]; seen: string[] }>();
  for (const e of entries) {
    if (!e.path) continue;
    const f = byPath.get(e.path) ?? { ops: [], changes: [], seen: [] };
    // What its reads showed of it (see read-content.ts).
    if (e.op === 'read' && e.output) f.seen.push(sanitizeText(e.output, { newlines: true }));
    const op = `${e.op ?? 'touched'}${e.by && e.op !== 'read' ? ` (${e.by})` : ''}`;
    if (f.ops.at(-1) !== op) f.ops.push(op);
    // What an edit removed before what it wrote: a removal after a change is a later edit's.
    if (e.removed) f.changes.push({ text: sanitizeText(e.removed.replace(/\s*\n\s*/g, '; ')), removed: true });
    if (e.change) f.changes.push({ text: sanitizeText(e.change, { newlines: true }) });
    f.at = e.at ?? f.at;
    byPath.set(e.path, f);
  }
  return [...byPath].map(([path, f]) => {
    const names = newestNames(path, f.changes);
    const within = newestNames(path, f.changes, true).filter((n) => !names.includes(n));
    return {
      path,
      at: f.at,
      head: `file ${sanitizeText(path)}: ${opsSaid(f.ops)}${names.length ? `; edits define ${names.join(', ')}` : ''}${
        within.length ? `; edits in ${within.join(', ')}` : ''
      }`,
      changes: currentLines(f.changes),
      // What the agent read of a file it never changed: what the file says (of one it changed, the changes do).
      seen: f.ops.every((o) => o === 'read') ? f.seen : [],
      readOnly: f.ops.every((o) => o === 'read'),
    };
  });
}

/** A plan's items without their marks: "[x] Add tests [ ] Ship" → ["add tests", "ship"]. */
const planItems = (text: string): string[] =>
  text
    .split(/\[[ x~]\]/i)
    .map((i) => i.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter(Boolean);

/**
 * The plan states still worth showing: a state whose every item a later state lists again is only
 * an earlier mark of the same plan (the todo list is rewritten on every step), so only the latest holds.
 */
export function currentPlans(plans: TrailEntry[]): TrailEntry[] {
  const items = plans.map((p) => planItems(p.text));
  return plans.filter((_, i) => !items.slice(i + 1).some((later) => items[i]!.every((x) => later.includes(x))));
}

/**
 * The files and folders a question names, lower case: a file's name or a longer part of its path
 * (`pyproject.toml`, `src/cli/index.ts`), a path of two parts or more (`public/tokenizer`, a
 * folder or submodule). Tokens of path characters split at slashes (one pass over the question).
 */
export function namedInQuestion(question: string): string[] {
  return [...question.toLowerCase().matchAll(/[\w.-]+(?:\/[\w.-]+)*/g)]
    .map(([t]) => t.replace(/^[./]+/, '').replace(/[./]+$/, ''))
    .filter((t) => t.includes('/') || /\w\.\w+$/.test(t))
    .filter((t) => (t.split('/').at(-1) ?? '').length > 4);
}

/**
 * Whether one of the `names` a question gives (namedInQuestion) is `path`'s, not only words of
 * it: not `config.py` for "test_config.py", nor `src/cli/index.ts` for "src/store/index.ts".
 */
export function namesFile(names: string[], path: string): boolean {
  const p = `/${path.toLowerCase().replace(/\/$/, '')}`;
  return names.some((name) => p.endsWith(`/${name}`));
}

/** The newest passages that fit in `max` characters, in their order. */
export function newestWithin(passages: string[], max: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const p of [...passages].reverse()) {
    if (out.length && used + p.length > max) break;
    out.unshift(p);
    used += p.length;
  }
  return out;
}

/**
 * Files a formatter rewrote without naming them ("6 files reformatted, 10 files left unchanged",
 * ruff and black say so): the newest such run, so a list of changed files does not read as all.
 */
export function unnamedRewrites(commands: TrailEntry[]): string[] {
  const run = commands.findLast((c) => c.outcome === 'ok' && /\b[1-9]\d* files? reformatted\b/.test(c.output ?? ''));
  const n = run && /\b([1-9]\d*) files? reformatted\b/.exec(run.output ?? '')![1];
  return run && n
    ? [`${n} ${n === '1' ? 'file' : 'files'} reformatted by \`${clip(sanitizeText(run.text), 60)}\` (its output does not name them; some may be above)`]
    : [];
}

/** The first `max` UTF-8 bytes of a line, not half a character, and an ellipsis. */
export const firstBytes = (line: string, max: number): string =>
  `${Buffer.from(line)
    .subarray(0, Math.max(0, max))
    .toString('utf8')
    .replace(/\uFFFD$/, '')}…`;
