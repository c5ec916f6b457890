/** One line of work across sessions: the open tasks and standing instructions of the session this one continued. */
import type { Manifest, PendingTask } from '../manifest/index.js';
import { keyTerms, mentions } from './terms.js';
import { sameItem } from './work-items.js';

/** The user lifting a rule: "you can commit to main now", "no longer needed", "ignore what I said about …". */
const REVOKES =
  /\b(?:you (?:can|may) (?:now |again )?|it'?s (?:now )?(?:ok(?:ay)?|fine|alright) (?:now )?to|(?:is|are) (?:now )?(?:allowed|ok(?:ay)?|fine)\b|no longer|not (?:needed|necessary|required) any ?more|don'?t (?:need|have) to (?:\w+ )?any ?more|stop (?:following|applying)|forget (?:about |what i said)|ignore (?:my|the|that) (?:earlier|previous|old|last)|scratch that|(?:lift|drop|revoke|cancel)(?:ed|ing)? (?:the|that|my) (?:rule|instruction))/i;

/** True when the session reported the task finished: the agent said it is done in those words, or a commit names it. */
export function finishedBy(task: string, reports: string[]): boolean {
  const terms = keyTerms(task);
  return (
    terms.length > 0 &&
    reports.some((r) => {
      const hay = r.toLowerCase();
      return terms.filter((t) => hay.includes(t)).length >= Math.ceil((terms.length * 2) / 3);
    })
  );
}

/** True when one of the user's later messages lifts the instruction (a revoking phrase about the same things). */
export function revokedBy(instruction: string, asks: string[]): boolean {
  const terms = keyTerms(instruction);
  return asks.some((a) => REVOKES.test(a) && mentions(terms, a));
}

const CARRIED = /^carried from session /;

/**
 * The manifest with the open tasks of the session it continued added after its own, minus those
 * this session has (open or completed) and those the user dropped — matched by meaning, so a
 * chain of any length neither loses an open task nor grows — and that session's standing
 * instructions before its own, until the user lifts one. Pure.
 * @param previous the newest manifest of the session this one was resumed from
 * @param dropped task and instruction texts dropped with `git session done`
 * @param asks this session's user messages, where a rule may be lifted
 * @param reports this session's reports of finished work (the agent saying it is done, its commits): a carried task they name is done, not open
 */
export function carryForward(current: Manifest, previous: Manifest, dropped: string[], asks: string[] = [], reports: string[] = []): Manifest {
  const m = structuredClone(current);
  const from = previous.session_metadata.session_id;
  m.session_metadata.resumed_from = from;
  const known = [...m.pending_tasks.map((t) => t.task), ...m.completed_tasks];
  const carried: PendingTask[] = [];
  for (const t of previous.pending_tasks) {
    if ([...known, ...carried.map((c) => c.task)].some((k) => sameItem(k, t.task)) || dropped.some((d) => sameItem(d, t.task))) continue;
    if (finishedBy(t.task, reports)) {
      m.completed_tasks.unshift(t.task);
      continue;
    }
    // A task carried along a chain keeps the session it started in.
    const origin = t.context && CARRIED.test(t.context) ? t.context : `carried from session ${from.slice(0, 8)}`;
    carried.push({ task: t.task, priority: t.priority, status: 'pending', context: origin });
  }
  m.pending_tasks.push(...carried);
  const own = m.critical_context.user_instructions;
  const kept = previous.critical_context.user_instructions.filter(
    (i) => !own.some((o) => o.toLowerCase() === i.toLowerCase() || sameItem(o, i)) && !dropped.some((d) => d === i || sameItem(d, i)) && !revokedBy(i, asks),
  );
  m.critical_context.user_instructions = [...kept, ...own];
  if (carried.length && m.pending_tasks.length === carried.length && !m.bootstrap_instructions.some((b) => /pending task 1/.test(b))) {
    const step = `Continue the carried task 1${carried.length > 1 ? ` of ${carried.length}` : ''}`;
    const open = m.bootstrap_instructions.indexOf('Nothing is open: ask the user what is next');
    // In its place, or (a failure left unsettled, no such step) after what to read first.
    if (open >= 0) m.bootstrap_instructions[open] = step;
    else m.bootstrap_instructions.splice(m.bootstrap_instructions.filter((b) => b.startsWith('Read ')).length, 0, step);
  }
  return m;
}
