/** One line of work across sessions: the open tasks of the session this one continued. */
import type { Manifest, PendingTask } from '../manifest/index.js';
import { sameItem } from './work-items.js';

const CARRIED = /^carried from session /;

/**
 * The manifest with the open tasks of the session it continued added after its own, minus those
 * this session has (open or completed) and those the user dropped — matched by meaning, so a
 * chain of any length neither loses an open task nor grows. Pure.
 * @param previous the newest manifest of the session this one was resumed from
 * @param dropped task texts dropped with `git session done`
 */
export function carryForward(current: Manifest, previous: Manifest, dropped: string[]): Manifest {
  const m = structuredClone(current);
  const from = previous.session_metadata.session_id;
  m.session_metadata.resumed_from = from;
  const known = [...m.pending_tasks.map((t) => t.task), ...m.completed_tasks];
  const carried: PendingTask[] = [];
  for (const t of previous.pending_tasks) {
    if ([...known, ...carried.map((c) => c.task)].some((k) => sameItem(k, t.task)) || dropped.some((d) => sameItem(d, t.task))) continue;
    // A task carried along a chain keeps the session it started in.
    const origin = t.context && CARRIED.test(t.context) ? t.context : `carried from session ${from.slice(0, 8)}`;
    carried.push({ task: t.task, priority: t.priority, status: 'pending', context: origin });
  }
  m.pending_tasks.push(...carried);
  if (carried.length && m.pending_tasks.length === carried.length && !m.bootstrap_instructions.some((b) => /pending task 1/.test(b))) {
    m.bootstrap_instructions = m.bootstrap_instructions.map((b) => (b === 'Nothing is open: ask the user what is next' ? `Continue the carried task 1${carried.length > 1 ? ` of ${carried.length}` : ''}` : b));
  }
  return m;
}
