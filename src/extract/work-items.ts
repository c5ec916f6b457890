/** The work of a session: todo/plan lists, tracker items driven from the shell, and compaction summaries. */
import type { TodoItem, TranscriptEvent } from '../transcript/index.js';
import type { CommandRun } from './commands.js';
import { turnOutcome } from './completion.js';
import { documentsOnly } from './documents.js';
import { keyTerms, mentions } from './terms.js';

export interface WorkItem {
  text: string;
  status: 'pending' | 'in_progress' | 'completed';
  priority?: 'HIGH' | 'MEDIUM' | 'LOW';
  activeForm?: string;
  /** Where the item came from, said once in the manifest: "todo", "bd", "summary". */
  source: 'todo' | 'tracker' | 'summary';
  /** Position of the newest event that told us about it. */
  index: number;
}

const STOP = new Set('the a an and or of to in on for with by from at is are be this that it its into as up out all any new add use'.split(' '));
/** A light stem, so that "wiring" and "wire", "tests" and "test" meet. */
const stem = (w: string): string => (w.length > 4 && !/[./#-]/.test(w) ? w.replace(/(?:ing|ed|es|s)$/, '').replace(/e$/, '') : w);

/** Normalised words of a text, for matching items by meaning rather than by exact string. */
export function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[`'"*_()[\]{}<>]/g, ' ')
      .split(/[^\p{L}\p{N}.#/-]+/u)
      .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map(stem),
  );
}

/**
 * True when two item texts say the same thing: they share an identifier (`app-42`, `#12`,
 * `spotter-fum.3`), or one says all the other says (more words, same object). Two items that each
 * name something the other does not ("…the auth module" and "…the billing module") differ.
 */
export function sameItem(a: string, b: string): boolean {
  const wa = words(a);
  const wb = words(b);
  const ids = [...wa].filter((w) => /[a-z]-[a-z0-9]+|#\d+|\d+\.\d+/.test(w) && /\d|-/.test(w));
  if (ids.some((w) => wb.has(w))) return true;
  const small = wa.size <= wb.size ? wa : wb;
  const large = small === wa ? wb : wa;
  if (small.size === 0) return false;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared === small.size && shared >= Math.min(2, small.size);
}

function fromTodos(items: TodoItem[], index: number): WorkItem[] {
  return items.map((t) => ({
    text: t.text,
    status: t.status,
    priority: t.priority?.toUpperCase() as WorkItem['priority'],
    activeForm: t.activeForm,
    source: 'todo',
    index,
  }));
}

const BD_SHOW = /^\s*[○◐●✓✗◌]?\s*([a-z][\w-]*-[\w.]+)(?:\s+\[[A-Z]+\])?\s+·\s+(.+?)\s+\[[^\]]*?\b(?:P(\d))?[^\]]*?·\s*([A-Z_ ]+)\]\s*$/m;
const BD_READY_LINE = /^\s*\d+\.\s+\[[^\]]*?P(\d)\]\s+\[(\w+)\]\s+([a-z][\w-]*-[\w.]+):\s+(.+)$/gm;
const BD_CREATED = /Created issue:\s+([a-z][\w-]*-[\w.]+)(?::\s*(.+))?/;
const GH_ISSUE_TITLE = /^title:\s+(.+)$/m;
const GH_ISSUE_STATE = /^state:\s+(\w+)/m;
const GH_ISSUE_NUMBER = /^number:\s+(\d+)/m;

const bdPriority = (p?: string): WorkItem['priority'] => (p === undefined ? undefined : Number(p) <= 1 ? 'HIGH' : Number(p) === 2 ? 'MEDIUM' : 'LOW');

/**
 * Items of an issue tracker the agent drives from the shell, by their plain-text output: beads
 * (`bd show/update/close/create/ready`) and `gh issue view`. An item counts as the session's work
 * once the agent showed, claimed, created or closed it; `bd ready` adds the ready children of
 * such an item (`epic.3` of `epic`).
 */
export function trackerItems(runs: CommandRun[]): WorkItem[] {
  const items = new Map<string, WorkItem & { id: string }>();
  const ready = new Map<string, { title: string; priority?: WorkItem['priority']; index: number }>();
  const touch = (id: string, patch: Partial<WorkItem>, index: number): void => {
    const cur = items.get(id) ?? { id, text: id, status: 'pending' as const, source: 'tracker' as const, index };
    items.set(id, { ...cur, ...patch, index });
  };
  for (const r of runs) {
    if (r.outcome === 'failed') continue;
    const cmd = r.command.replace(/^\s*cd\s+\S+\s*&&\s*/, '');
    const bd = /^bd\s+(show|update|close|create|ready|reopen)\b([\s\S]*)$/.exec(cmd);
    if (bd) {
      const [, verb, args] = bd;
      // Ids are the positional arguments before the first option: a --reason may name others.
      const ids = (args ?? '').trim().split(/\s+/).filter(Boolean);
      const firstOption = ids.findIndex((a) => a.startsWith('-'));
      const positional = (firstOption < 0 ? ids : ids.slice(0, firstOption)).filter((a) => /^[a-z][\w-]*-[\w.]+$/.test(a));
      const id = positional[0];
      if (verb === 'show') {
        const m = BD_SHOW.exec(r.output);
        if (m) {
          const closed = /CLOSED|DONE/.test(m[4]!);
          const inProgress = /IN.?PROGRESS/.test(m[4]!);
          touch(
            m[1]!,
            {
              text: `${m[1]}: ${m[2]}`,
              priority: bdPriority(m[3]),
              status: closed ? 'completed' : inProgress ? 'in_progress' : (items.get(m[1]!)?.status ?? 'pending'),
            },
            r.index,
          );
        }
      } else if (verb === 'update' && id) {
        const status = /--status[= ]+(\w+)/.exec(args ?? '')?.[1];
        touch(id, status ? { status: /progress/.test(status) ? 'in_progress' : /closed|done/.test(status) ? 'completed' : 'pending' } : {}, r.index);
      } else if (verb === 'close' && id) {
        for (const each of positional) touch(each, { status: 'completed' }, r.index);
      } else if (verb === 'reopen' && id) touch(id, { status: 'pending' }, r.index);
      else if (verb === 'create') {
        const m = BD_CREATED.exec(r.output);
        const title =
          m?.[2] ??
          /^\s*Title:\s*(.+)$/m.exec(r.output)?.[1] ??
          /--title[= ]+(?:"([^"]+)"|'([^']+)')/
            .exec(args ?? '')
            ?.slice(1)
            .find(Boolean) ??
          /^\s*(?:"([^"]+)"|'([^']+)')/
            .exec(args ?? '')
            ?.slice(1)
            .find(Boolean);
        const priority = /Priority:\s*P(\d)/.exec(r.output)?.[1] ?? /--priority[= ]+P?(\d)/.exec(args ?? '')?.[1];
        if (m?.[1]) touch(m[1], { text: title ? `${m[1]}: ${title.trim()}` : m[1], priority: bdPriority(priority) }, r.index);
      } else if (verb === 'ready') {
        for (const m of r.output.matchAll(BD_READY_LINE)) ready.set(m[3]!, { title: m[4]!.trim(), priority: bdPriority(m[1]), index: r.index });
      }
      continue;
    }
    const gh = /^gh\s+issue\s+(view|close|reopen)\s+#?(\d+)/.exec(cmd);
    if (gh) {
      const id = `#${gh[2]}`;
      if (gh[1] === 'view') {
        const title = GH_ISSUE_TITLE.exec(r.output)?.[1];
        const state = GH_ISSUE_STATE.exec(r.output)?.[1] ?? '';
        if (title && (!GH_ISSUE_NUMBER.exec(r.output) || GH_ISSUE_NUMBER.exec(r.output)?.[1] === gh[2]))
          touch(id, { text: `${id}: ${title.trim()}`, status: /CLOSED/i.test(state) ? 'completed' : (items.get(id)?.status ?? 'pending') }, r.index);
      } else touch(id, { status: gh[1] === 'close' ? 'completed' : 'pending' }, r.index);
    }
  }
  // Ready children of an item the session works on are its remaining work.
  for (const [id, r] of ready) {
    const parent = [...items.keys()].some((p) => id.startsWith(`${p}.`));
    const cur = items.get(id);
    if (cur && cur.text === id) cur.text = `${id}: ${r.title}`;
    if (parent && !cur) items.set(id, { id, text: `${id}: ${r.title}`, status: 'pending', priority: r.priority, source: 'tracker', index: r.index });
  }
  // A parent whose children are listed stands for them: keep it only while none is known.
  const list = [...items.values()].filter((i) => !(i.status !== 'completed' && [...items.keys()].some((k) => k.startsWith(`${i.id}.`))));
  return list.map(({ id: _id, ...rest }) => rest);
}

export interface SummarySections {
  pending: string[];
  currentWork?: string;
  nextStep?: string;
  userMessages: string[];
  errors: string[];
  files: string[];
}

const HEADING = /^\s*(?:#{1,4}\s*)?(?:\d+\.\s*)?(?:\*\*)?([A-Z][A-Za-z /&]+?)(?:\*\*)?:?(?:\*\*)?\s*$/;

/** The sections of an agent's compaction summary (Claude Code's numbered "Pending Tasks:", "Current Work:", …). */
export function summarySections(summary: string): SummarySections {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of summary.split('\n')) {
    const h = HEADING.exec(line);
    if (h && line.trim().length < 60) {
      current = [];
      sections.set(h[1]!.toLowerCase().trim(), current);
    } else current?.push(line);
  }
  // The numbered sections come after the analysis, which may reuse a heading word: the last wins.
  const get = (...names: string[]): string[] => [...sections].findLast(([k]) => names.some((n) => k.includes(n)))?.[1] ?? [];
  const bullets = (lines: string[]): string[] => {
    const out: string[] = [];
    for (const l of lines) {
      const m = /^(\s*)(?:[-*•]|\d+\.)\s+(.+)$/.exec(l);
      if (m && m[1]!.length <= 3) out.push(m[2]!.replace(/\*\*/g, '').trim());
      else if (m && out.length) continue;
    }
    return out;
  };
  const para = (lines: string[]): string | undefined =>
    lines
      .map((l) => l.trim())
      .join('\n')
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\*\*/g, '')
      .replace(/\s+/g, ' ')
      .trim() || undefined;
  const pending = bullets(get('pending task')).filter((t) => !/^(?:none|n\/a|no pending)/i.test(t) && !/\((?:completed|done|closed)\b/i.test(t));
  // Messages are quoted; unquoted bullets there describe (plan approvals, reminders) and are not the user's words.
  const userBullets = bullets(get('user message'));
  const quoted = userBullets.filter((m) => /^["“].*["”]$/s.test(m));
  const userMessages = (quoted.length ? quoted : userBullets.filter((m) => !/^\(.*\)$/.test(m))).map((m) => m.replace(/^["“]|["”]$/g, ''));
  const files = [
    ...get('files')
      .join('\n')
      .matchAll(/`([^`\s]+\.[A-Za-z]\w{0,7})`/g),
  ].map((m) => m[1]!);
  return {
    pending,
    currentWork: para(get('current work')),
    nextStep: para(get('next step')),
    userMessages,
    errors: bullets(get('error')),
    files: [...new Set(files)],
  };
}

/** The newest compaction summary in the main conversation, with its position. */
export function lastSummary(events: TranscriptEvent[]): { sections: SummarySections; index: number } | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'compaction' && e.summary) return { sections: summarySections(e.summary), index: i };
  }
  return undefined;
}

/**
 * All work items of the session, newest knowledge first applied: the latest todo/plan list, the
 * tracker items, and the open items of the last compaction summary that nothing later settled.
 */
export function workItems(events: TranscriptEvent[], runs: CommandRun[]): WorkItem[] {
  let todoIndex = -1;
  for (let i = events.length - 1; i >= 0; i--)
    if (events[i]!.kind === 'todos') {
      todoIndex = i;
      break;
    }
  const todoEvent = todoIndex >= 0 ? (events[todoIndex] as Extract<TranscriptEvent, { kind: 'todos' }>) : undefined;
  const items: WorkItem[] = todoEvent ? fromTodos(todoEvent.items, todoIndex) : [];
  // A completed item is dated by the list that first showed it completed, so "newest first" is the
  // order the work was finished in, not the order of the list.
  const doneAt = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.kind !== 'todos') return;
    for (const t of e.items) {
      if (t.status !== 'completed') doneAt.delete(t.text);
      else if (!doneAt.has(t.text)) doneAt.set(t.text, i);
    }
  });
  for (const item of items) if (item.status === 'completed') item.index = doneAt.get(item.text) ?? item.index;
  // Codex's task_complete after the last plan update, reporting done, closes the plan's open steps.
  const closed = events.slice(todoIndex + 1).findLast((e): e is Extract<TranscriptEvent, { kind: 'turn-end' }> => e.kind === 'turn-end');
  if (todoEvent && closed && turnOutcome(closed.text) === 'done') for (const i of items) i.status = 'completed';
  for (const t of trackerItems(runs)) {
    const same = items.find((i) => sameItem(i.text, t.text));
    if (!same) items.push(t);
    else if (t.index > same.index) Object.assign(same, { status: t.status, index: t.index, priority: same.priority ?? t.priority });
  }
  const summary = lastSummary(events);
  if (summary) {
    // The agent's later reports of finished work ("I've simplified the Phase 4.1 section"), read when a pending item asks.
    let reports: string[] | undefined;
    let since: TranscriptEvent[] | undefined;
    let runsSince: CommandRun[] | undefined;
    const reported = (terms: string[]): boolean =>
      (reports ??= events.slice(summary.index + 1).flatMap((e) => (e.kind === 'say' && turnOutcome(e.text) === 'done' ? [e.text] : []))).some((r) =>
        mentions(terms, r),
      );
    for (const text of summary.sections.pending) {
      if (items.some((i) => sameItem(i.text, text))) continue;
      const terms = keyTerms(text);
      if (terms.length >= 2 && reported(terms)) {
        // Reported done, but code asked for and only documents written since: said so.
        const caveat = documentsOnly(text, (since ??= events.slice(summary.index + 1)), (runsSince ??= runs.filter((r) => r.index > summary.index)));
        items.push({ text: caveat ? `(${caveat}) ${text}` : text, status: 'completed', source: 'summary', index: summary.index });
        continue;
      }
      const inProgress = /\bin.?progress\b/i.test(text);
      items.push({
        text: text.replace(/\s*\((?:in.?progress|open|pending)[^)]*\)/i, ''),
        status: inProgress ? 'in_progress' : 'pending',
        source: 'summary',
        index: summary.index,
      });
    }
  }
  return items;
}
