import { MANIFEST_BUDGET_BYTES, type Manifest } from './schema.js';
import { manifestBytes, sectionBytes } from './serialize.js';
import { shorten, shortenPath } from './text.js';

const CHARS_PER_TOKEN = 3.5;

/**
 * What the 2 KB budget keeps, most valuable first. When space is short it gives up the end of
 * this list first, and every limit is counted in UTF-8 bytes of the stored form:
 *   1. every pending task        2. the user's instructions   3. unsettled blockers
 *   4. current work              5. last meaningful command   6. decisions
 *   7. completed tasks (newest first, with a count)          8. files
 * Findings, bootstrap steps and all but one next step derive from the above and go before
 * files; the first next step goes after decisions. The last non-command action is kept only when
 * everything fits with it.
 * A pending task is never dropped while a completed task or a file path remains.
 */
type Step = (m: Manifest) => boolean;

/** Shortens every item of a list in place; true when any changed. */
const shortenAll = (a: string[], cap: number, short: (s: string, cap: number) => string = shorten): boolean => {
  let changed = false;
  a.forEach((s, i) => {
    const t = short(s, cap);
    if (t !== s) ((a[i] = t), (changed = true));
  });
  return changed;
};
const texts = (a: string[], cap: number): boolean => shortenAll(a, cap);
/** A blocker ("`cmd` fails: error") shortened in its command first: the error is what it is there for. */
const shortenBlocker = (s: string, cap: number): string => {
  const m = /^((?:a subagent's )?`)([^`]*)(` fails[^]*)$/.exec(s);
  if (!m || Buffer.byteLength(s) <= cap) return shorten(s, cap);
  const tail = shorten(m[3]!, Math.max(Math.floor(cap / 2), cap - 48));
  return shorten(`${m[1]}${shorten(m[2]!, Math.max(24, cap - Buffer.byteLength(m[1]! + tail)))}${tail}`, cap);
};
const paths = (a: string[], cap: number): boolean => shortenAll(a, cap, shortenPath);
/** Drops from the end until `keep` remain; one item per call so the loop re-checks the size. */
const dropLast = (a: unknown[], keep: number): boolean => (a.length > keep ? (a.pop(), true) : false);
const dropFirst = (a: unknown[], keep: number): boolean => (a.length > keep ? (a.shift(), true) : false);
/** The first steps down to `keep`: a step that only says what to read goes before the step that says what to do. */
const dropSteps = (steps: string[], keep: number): boolean => {
  if (steps.length <= keep) return false;
  const read = steps.findLastIndex((s) => s.startsWith('Read '));
  steps.splice(read >= 0 && steps.length - 1 > read ? read : steps.length - 1, 1);
  return true;
};

function field<K extends keyof Manifest['active_state']>(m: Manifest, k: K, cap: number): boolean {
  const v = m.active_state[k];
  if (typeof v !== 'string') return false;
  const t = k === 'last_file_modified' ? shortenPath(v, cap) : shorten(v, cap);
  if (t === v) return false;
  (m.active_state[k] as string) = t;
  return true;
}

/** Shortens every item of the groups that rank below `rank` and the group itself to `cap` bytes. */
function shortenGroups(
  m: Manifest,
  caps: Partial<Record<'pending' | 'context' | 'instructions' | 'blockers' | 'current' | 'command' | 'decisions' | 'completed' | 'files' | 'derived', number>>,
): boolean {
  let changed = false;
  const c = m.critical_context;
  const p = m.memory_pointers;
  if (caps.pending !== undefined)
    for (const t of m.pending_tasks) {
      const s = shorten(t.task, caps.pending);
      if (s !== t.task) ((t.task = s), (changed = true));
    }
  if (caps.context !== undefined)
    for (const t of m.pending_tasks) {
      if (t.context === undefined) continue;
      const s = shorten(t.context, caps.context);
      if (s !== t.context) ((changed = true), s ? (t.context = s) : delete t.context);
    }
  if (caps.instructions !== undefined) changed = texts(c.user_instructions, caps.instructions) || changed;
  if (caps.blockers !== undefined) changed = shortenAll(c.blockers, caps.blockers, shortenBlocker) || changed;
  if (caps.current !== undefined) changed = field(m, 'current_work', caps.current) || changed;
  if (caps.command !== undefined && m.active_state.last_command_run) {
    const cmd = m.active_state.last_command_run.command;
    const s = shorten(cmd, caps.command);
    if (s !== cmd) ((m.active_state.last_command_run.command = s), (changed = true));
    changed = field(m, 'environment_status', caps.command) || changed;
  }
  if (caps.command !== undefined) changed = field(m, 'last_action', caps.command) || changed;
  if (caps.decisions !== undefined) changed = texts(c.key_decisions, caps.decisions) || changed;
  if (caps.completed !== undefined) changed = texts(m.completed_tasks, caps.completed) || changed;
  if (caps.files !== undefined) {
    for (const a of [p.modified_files, p.deleted_files, p.reference_files, p.state_files]) changed = paths(a, caps.files) || changed;
    changed = field(m, 'last_file_modified', caps.files) || changed;
  }
  if (caps.derived !== undefined) for (const a of [c.next_steps, c.important_findings, m.bootstrap_instructions]) changed = texts(a, caps.derived) || changed;
  return changed;
}

/** Counts what the lists held before anything was dropped, so the reader knows more existed. */
function dropCompleted(m: Manifest, keep: number): boolean {
  if (m.completed_tasks.length <= keep) return false;
  m.completed_total ??= m.completed_tasks.length;
  return dropLast(m.completed_tasks, keep);
}

function dropPending(m: Manifest, keep: number): boolean {
  if (m.pending_tasks.length <= keep) return false;
  m.pending_total ??= m.pending_tasks.length;
  // LOW before MEDIUM before HIGH, the newest of a rank first; in-progress work is never dropped before the rest.
  for (const rank of ['LOW', 'MEDIUM', 'HIGH'] as const) {
    const i = m.pending_tasks.findLastIndex((t) => t.priority === rank && t.status !== 'in_progress');
    if (i >= 0) return (m.pending_tasks.splice(i, 1), true);
  }
  return dropLast(m.pending_tasks, keep);
}

const STEPS: Step[] = [
  // 1. Generous bounds for everything.
  (m) =>
    shortenGroups(m, {
      pending: 240,
      context: 120,
      instructions: 240,
      blockers: 200,
      current: 240,
      command: 200,
      decisions: 160,
      completed: 120,
      files: 120,
      derived: 160,
    }),
  // 2. Extras of the low groups; the last non-command action only when there is room for it.
  (m) => (m.active_state.last_action !== undefined ? (delete m.active_state.last_action, true) : false),
  (m) => dropLast(m.bootstrap_instructions, 3),
  (m) => dropLast(m.critical_context.next_steps, 3),
  (m) => dropFirst(m.critical_context.important_findings, 2),
  (m) => dropLast(m.memory_pointers.reference_files, 3),
  (m) => dropLast(m.memory_pointers.modified_files, 8),
  (m) => dropLast(m.memory_pointers.deleted_files, 4),
  (m) => dropLast(m.memory_pointers.state_files, 3),
  (m) => dropCompleted(m, 5),
  (m) => shortenGroups(m, { completed: 90, files: 90, derived: 120, context: 80 }),
  (m) => dropFirst(m.critical_context.important_findings, 0),
  (m) => dropLast(m.critical_context.next_steps, 1),
  (m) => dropLast(m.bootstrap_instructions, 2),
  (m) => dropLast(m.memory_pointers.reference_files, 1),
  (m) => dropLast(m.memory_pointers.modified_files, 4),
  (m) => dropLast(m.memory_pointers.deleted_files, 2),
  (m) => dropCompleted(m, 3),
  (m) => dropFirst(m.critical_context.key_decisions, 3),
  // 3. The middle groups shortened, the low ones reduced to a token presence.
  (m) => shortenGroups(m, { decisions: 120, completed: 70, files: 70, derived: 90, context: 60, command: 160, current: 180, blockers: 160 }),
  (m) => dropLast(m.memory_pointers.state_files, 1),
  (m) => dropLast(m.memory_pointers.reference_files, 0),
  (m) => dropLast(m.memory_pointers.deleted_files, 0),
  (m) => dropLast(m.memory_pointers.modified_files, 1),
  (m) => dropCompleted(m, 1),
  (m) => dropSteps(m.bootstrap_instructions, 1),
  (m) => dropFirst(m.critical_context.key_decisions, 1),
  (m) => shortenGroups(m, { decisions: 90, completed: 50, files: 50, derived: 70, context: 40, command: 120, current: 140, blockers: 140 }),
  (m) => dropLast(m.memory_pointers.state_files, 0),
  (m) => dropFirst(m.critical_context.key_decisions, 0),
  // The one next step is more use to a resumed session than old completed work or decisions.
  (m) => dropLast(m.critical_context.next_steps, 0),
  (m) => dropLast(m.bootstrap_instructions, 0),
  (m) => {
    const t = m.pending_tasks.findLast((x) => x.context !== undefined);
    return t ? (delete t.context, true) : false;
  },
  // 4. Only now the high groups: instructions, blockers, then pending work.
  (m) => shortenGroups(m, { pending: 160, instructions: 160, blockers: 120, current: 110, command: 90 }),
  (m) => dropFirst(m.critical_context.user_instructions, 4),
  (m) => dropFirst(m.critical_context.blockers, 2),
  (m) => shortenGroups(m, { pending: 110, instructions: 110, blockers: 100, current: 90, command: 80, files: 40 }),
  // The newest finished work goes only after the high groups were shortened once: a session that
  // built, tested and committed something must not read as one that did nothing.
  (m) => dropCompleted(m, 0),
  (m) => shortenGroups(m, { pending: 80, instructions: 80, blockers: 80, current: 80, command: 70 }),
  (m) => dropFirst(m.critical_context.user_instructions, 2),
  (m) => dropFirst(m.critical_context.blockers, 1),
  (m) => shortenGroups(m, { pending: 60, instructions: 60, blockers: 60, current: 60, command: 50 }),
  (m) => dropFirst(m.critical_context.user_instructions, 1),
  (m) => shortenGroups(m, { pending: 40, instructions: 40, blockers: 40, current: 40, command: 40 }),
  (m) => dropLast(m.memory_pointers.modified_files, 0),
  (m) => dropPending(m, 1),
];

/** Every string a manifest holds, clamped to `cap` bytes, every list to `keep` items: a size no input can exceed. */
function clampEverything(m: Manifest, cap: number, keep: number): void {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return shorten(v, cap);
    if (Array.isArray(v)) return v.slice(0, keep).map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const clamped = walk(m) as Manifest;
  // Ids and enums stay whole: a shortened enum would not validate.
  clamped.session_metadata.agent = m.session_metadata.agent;
  clamped.session_metadata.session_id = shorten(m.session_metadata.session_id, 64);
  clamped.session_metadata.timestamp = m.session_metadata.timestamp;
  clamped.session_metadata.context_usage_before = m.session_metadata.context_usage_before;
  clamped.pending_tasks = clamped.pending_tasks.map((t, i) => ({ ...t, priority: m.pending_tasks[i]!.priority, status: m.pending_tasks[i]!.status }));
  if (m.active_state.last_command_run && clamped.active_state.last_command_run)
    clamped.active_state.last_command_run.outcome = m.active_state.last_command_run.outcome;
  Object.assign(m, clamped);
}

/**
 * Shrinks a manifest until its stored form fits `maxBytes` UTF-8 bytes, in the priority order
 * above, by shortening strings at word (or grapheme) boundaries and dropping whole items, never
 * by cutting JSON. A manifest that already fits comes back with the same content.
 */
export function fitToBudget(input: Manifest, maxBytes = MANIFEST_BUDGET_BYTES): Manifest {
  const m: Manifest = structuredClone(input);
  // The stored size is measured whole only after a step changed the manifest (a step says so):
  // setting the metrics, done several times per measure, changes only their own few bytes.
  let rest: number | undefined;
  const size = (): number => {
    const metrics = sectionBytes(m.context_compression_metrics);
    rest ??= manifestBytes(m) - metrics;
    return rest + metrics;
  };
  const step = (s: Step): boolean => {
    const changed = s(m);
    if (changed) rest = undefined;
    return changed;
  };
  // The metrics describe the manifest's own size, so setting them can change that size (a
  // ratio of 273.5 vs 274): judge both states so the answer cannot flip between two calls.
  const fits = (): boolean => {
    setMetrics(m, size);
    const first = size();
    // Far over: setting the metrics again changes a few digits, not this answer (a shrinking
    // manifest is measured here dozens of times).
    if (first > maxBytes + METRICS_SLACK_BYTES) return false;
    setMetrics(m, size);
    return Math.max(first, size()) <= maxBytes;
  };
  if (fits()) return m;
  for (const s of STEPS) {
    while (!fits() && step(s));
    if (fits()) return m;
  }
  // Last resort for hostile sizes (a 1,000-character session id, a huge project name): every
  // string to a few words, every list to one item.
  for (const [cap, keep] of [
    [60, 1],
    [24, 1],
    [12, 0],
  ] as const) {
    clampEverything(m, cap, keep);
    rest = undefined;
    if (fits()) return m;
  }
  // Still over: its metrics set as every fitting manifest's are.
  setMetrics(m, size);
  setMetrics(m, size);
  return m;
}

/**
 * How much setting the metrics can change a manifest's size: two numbers (tokens, ratio) of a
 * few digits each.
 */
const METRICS_SLACK_BYTES = 32;

/** Fills the compression metrics from the manifest's own size, `bytes()` (re-run after every change). */
function setMetrics(m: Manifest, bytes: () => number): void {
  const original = m.context_compression_metrics.original_tokens;
  const tokens = Math.max(1, Math.round(bytes() / CHARS_PER_TOKEN));
  m.context_compression_metrics = { original_tokens: original, manifest_tokens: tokens, ratio: Math.round((original / tokens) * 10) / 10 };
}
