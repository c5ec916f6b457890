import type { Manifest } from '../manifest/index.js';

/** What kind of manifest item a hit is, in the words `git session show` uses. */
export type ItemKind = 'task' | 'done' | 'instruction' | 'decision' | 'finding' | 'blocker' | 'next step' | 'work' | 'command' | 'file';

export interface ManifestItem {
  kind: ItemKind;
  text: string;
}

/** The searchable items of one manifest: its tasks, instructions, decisions, findings, blockers, commands and files. */
export function manifestItems(m: Manifest): ManifestItem[] {
  const out: ManifestItem[] = [];
  const add = (kind: ItemKind, texts: Array<string | undefined>) => {
    for (const t of texts) if (t && t.trim()) out.push({ kind, text: t.trim() });
  };
  const c = m.critical_context;
  const p = m.memory_pointers;
  add(
    'task',
    m.pending_tasks.map((t) => t.task),
  );
  add('done', m.completed_tasks);
  add('instruction', c.user_instructions);
  add('decision', c.key_decisions);
  add('finding', c.important_findings);
  add('blocker', c.blockers);
  add('next step', c.next_steps);
  add('work', [m.active_state.current_work, m.session_metadata.phase]);
  add('command', [m.active_state.last_command_run?.command]);
  add('file', [...new Set([m.active_state.last_file_modified, ...p.modified_files, ...p.reference_files])]);
  // One item once per manifest, even when two sections say the same thing.
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.kind}\0${i.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
