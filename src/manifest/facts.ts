import type { Manifest } from './schema.js';

/**
 * What a manifest states, counted per kind: how many items of each list it keeps, whether the
 * single facts are there, and how many bytes the texts the extractor owns (pending tasks,
 * instructions, blockers) still have after the budget shortened them. Bootstrap steps are left
 * out: they are derived from the tasks and files.
 */
export function factCounts(m: Manifest): Record<string, number> {
  const c = m.critical_context;
  const p = m.memory_pointers;
  const bytes = (a: string[]): number => a.reduce((n, s) => n + Buffer.byteLength(s), 0);
  return {
    pending_tasks: m.pending_tasks.length,
    pending_text: bytes(m.pending_tasks.map((t) => t.task)),
    completed_tasks: m.completed_tasks.length,
    user_instructions: c.user_instructions.length,
    instructions_text: bytes(c.user_instructions),
    blockers: c.blockers.length,
    blockers_text: bytes(c.blockers),
    key_decisions: c.key_decisions.length,
    important_findings: c.important_findings.length,
    next_steps: c.next_steps.length,
    current_work: m.active_state.current_work ? 1 : 0,
    last_command: m.active_state.last_command_run ? 1 : 0,
    last_file: m.active_state.last_file_modified ? 1 : 0,
    modified_files: p.modified_files.length,
    deleted_files: p.deleted_files.length,
    reference_files: p.reference_files.length,
    state_files: p.state_files.length,
  };
}

/** The kinds of fact `candidate` states less of than `base` does: empty when it keeps them all. */
export function lostFacts(candidate: Manifest, base: Manifest): string[] {
  const a = factCounts(candidate);
  const b = factCounts(base);
  return Object.keys(b).filter((k) => a[k]! < b[k]!);
}
