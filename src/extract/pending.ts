/** The manifest's pending tasks: open work items, the user's open request, items filed for later. */
import type { PendingTask } from '../manifest/index.js';
import type { TranscriptEvent } from '../transcript/index.js';
import { sentences } from './prose.js';
import type { OpenAsk } from './request.js';
import { oneLine } from './text.js';
import { sameItem, type WorkItem } from './work-items.js';

const PRIORITY_RANK = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/** What an item filed for later says of itself in the manifest. */
export const FILED_FOR_LATER = 'filed by the agent for later; not started';

/**
 * Tracker items the agent said it left for later after it last touched them ("Discovered & filed:
 * `spotter-fum.5`", an epic closed with "spotter-fum.5 filed for follow-up"): an issue filed on the
 * way is the backlog's, not the next step.
 */
export function filedForLater(items: WorkItem[], events: TranscriptEvent[]): Set<WorkItem> {
  const open = items.filter((t) => t.source === 'tracker' && t.status === 'pending');
  if (!open.length) return new Set();
  const from = Math.min(...open.map((t) => t.index));
  // Only texts after the first such item that say "filed", "follow-up" … are cut into sentences.
  const said = events.flatMap((e, i) => {
    const text = i < from ? undefined : e.kind === 'say' && !e.harness ? e.text : e.kind === 'command' ? e.command : undefined;
    return text && LATER.test(text) ? sentences(text).flatMap((s) => (LATER.test(s) ? [{ s, i }] : [])) : [];
  });
  return new Set(
    open.filter((t) => {
      const id = /^([^:\s]+):/.exec(t.text)?.[1];
      const named = id && new RegExp(`(?<![\\w.-])${id.replace(/\./g, '\\.')}(?![\\w-]|\\.\\w)`);
      return named && said.some(({ s, i }) => i >= t.index && named.test(s));
    }),
  );
}

const LATER = /\b(?:filed|follow[- ]?ups?|backlog|for later|deferred)\b/i;

export function pendingTasks(items: WorkItem[], ask: OpenAsk | undefined, later: Set<WorkItem>): PendingTask[] {
  const open = items.filter((t) => t.status !== 'completed');
  const tasks: PendingTask[] = open.map((t, i) => ({
    task: oneLine(t.text),
    priority: t.priority ?? (t.status === 'in_progress' ? 'HIGH' : i < 2 ? 'MEDIUM' : 'LOW'),
    status: t.status === 'in_progress' ? 'in_progress' : 'pending',
    ...(t.source === 'summary' ? { context: "from the agent's compaction summary" } : later.has(t) ? { context: FILED_FOR_LATER } : {}),
  }));
  // An open request newer than every work item is the work in hand.
  const newest = Math.max(-1, ...items.map((t) => t.index));
  if (ask && !ask.finished && ask.index > newest && !tasks.some((t) => sameItem(t.task, ask.text))) {
    tasks.unshift({
      task: ask.text,
      priority: 'HIGH',
      status: tasks.some((t) => t.status === 'in_progress') ? 'pending' : 'in_progress',
      context: ask.context ? `asked by the user; ${ask.context}` : 'asked by the user',
    });
  }
  // An open request the work items already cover stays visible as the reason for the first of them.
  else if (ask && !ask.finished && tasks.length && !tasks.some((t) => t.context?.startsWith('asked by the user'))) {
    const first = tasks.find((t) => t.status === 'in_progress') ?? tasks[0]!;
    // The agent's last turn asked the user something (to test it and report back): that answer comes first.
    if (ask.waiting && ask.context && !first.context) first.context = ask.context;
    else first.context ??= `for the user's request: ${oneLine(ask.text, 200)}`;
  }
  return tasks.sort((a, b) => (a.status === b.status ? PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] : a.status === 'in_progress' ? -1 : 1));
}
