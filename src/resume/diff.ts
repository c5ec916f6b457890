import type { Manifest } from '../manifest/index.js';
import { safe } from './render.js';

/** A pending task with its priority as stored (a diff shows a change of it). */
const ranked = (t: Manifest['pending_tasks'][number]): string => `[${t.priority}${t.status === 'in_progress' ? ', in progress' : ''}] ${safe(t.task)}`;

/**
 * What changed between two manifests, section by section: `+` items added, `-` removed, `~`
 * values changed. Timestamps and metrics are left out: they change every time.
 */
export function diffManifests(a: Manifest, b: Manifest): string[] {
  const out: string[] = [];
  const items = (name: string, x: string[], y: string[]) => {
    for (const i of x) if (!y.includes(i)) out.push(`- ${name}: ${safe(i)}`);
    for (const i of y) if (!x.includes(i)) out.push(`+ ${name}: ${safe(i)}`);
  };
  const value = (name: string, x: unknown, y: unknown) => {
    const sx = x === undefined ? '(none)' : typeof x === 'string' ? x : JSON.stringify(x);
    const sy = y === undefined ? '(none)' : typeof y === 'string' ? y : JSON.stringify(y);
    if (sx !== sy) out.push(`~ ${name}: ${safe(sx)} → ${safe(sy)}`);
  };
  const ua = a.session_metadata.context_usage_before;
  const ub = b.session_metadata.context_usage_before;
  value('context', `${ua.level} ${ua.percent}%`, `${ub.level} ${ub.percent}%`);
  value('phase', a.session_metadata.phase, b.session_metadata.phase);
  items('completed', a.completed_tasks, b.completed_tasks);
  items('pending', a.pending_tasks.map(ranked), b.pending_tasks.map(ranked));
  items('instruction', a.critical_context.user_instructions, b.critical_context.user_instructions);
  value('current work', a.active_state.current_work, b.active_state.current_work);
  value('last file', a.active_state.last_file_modified, b.active_state.last_file_modified);
  const command = (c: Manifest['active_state']['last_command_run']) =>
    c && `\`${c.command}\` → ${c.outcome}${c.exit_code !== undefined ? ` (exit ${c.exit_code})` : ''}`;
  value('last command', command(a.active_state.last_command_run), command(b.active_state.last_command_run));
  value('status', a.active_state.environment_status, b.active_state.environment_status);
  for (const k of ['key_decisions', 'important_findings', 'blockers', 'next_steps'] as const)
    items(k.replace('_', ' '), a.critical_context[k], b.critical_context[k]);
  items('file', a.memory_pointers.modified_files, b.memory_pointers.modified_files);
  items('deleted file', a.memory_pointers.deleted_files, b.memory_pointers.deleted_files);
  value('branch', a.memory_pointers.git_branch, b.memory_pointers.git_branch);
  value('head', a.memory_pointers.head, b.memory_pointers.head);
  return out;
}
