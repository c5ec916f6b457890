/**
 * Scores a manifest against a hand-labelled key (test/fixtures/corpus-keys, format in its
 * README): every listed fact must be stated by the field it belongs to, every "not" fact must
 * not be. Shared by the corpus-keys test and the refinement bench.
 */
import type { Manifest } from '../manifest/index.js';

export interface KeyFact {
  fact: string;
  terms?: string[];
  path?: string;
  outcome?: string;
}
export interface CorpusKey {
  pending: KeyFact[];
  completed: KeyFact[];
  not_current: KeyFact[];
  last_command: KeyFact | null;
  blockers: KeyFact[];
  not_blockers: KeyFact[];
  instructions: KeyFact[];
  files: KeyFact[];
}

/** Every term (a|b: either) occurs in the text, case-insensitive. */
const states = (text: string, terms: string[]): boolean => terms.every((t) => t.split('|').some((alt) => text.toLowerCase().includes(alt.toLowerCase())));
const anyStates = (texts: string[], terms: string[]): boolean => texts.some((t) => states(t, terms));

export function scoreAgainstKey(m: Manifest, key: CorpusKey): { total: number; missed: string[] } {
  const missed: string[] = [];
  let total = 0;
  const check = (section: string, ok: boolean, f: KeyFact): void => {
    total++;
    if (!ok) missed.push(`${section}: ${f.fact}`);
  };
  const current = [...m.pending_tasks.map((t) => t.task), m.active_state.current_work ?? ''];
  for (const f of key.pending) check('pending', anyStates(current, f.terms!), f);
  for (const f of key.completed) check('completed', anyStates(m.completed_tasks, f.terms!), f);
  for (const f of key.not_current) check('not current', !anyStates(current, f.terms!), f);
  const last = m.active_state.last_command_run;
  if (key.last_command === null) check('last command', last === undefined || last.outcome === 'unknown', { fact: 'no meaningful command ran' });
  else
    check(
      'last command',
      Boolean(
        last &&
        states(last.command, key.last_command.terms!) &&
        (!key.last_command.outcome || last.outcome === key.last_command.outcome || last.outcome === 'unknown'),
      ),
      key.last_command,
    );
  for (const f of key.blockers) check('blocker', anyStates(m.critical_context.blockers, f.terms!), f);
  for (const f of key.not_blockers) check('not blocker', !anyStates(m.critical_context.blockers, f.terms!), f);
  for (const f of key.instructions) check('instruction', anyStates(m.critical_context.user_instructions, f.terms!), f);
  const pointers = [
    ...m.memory_pointers.modified_files,
    ...m.memory_pointers.reference_files,
    ...m.memory_pointers.state_files,
    m.active_state.last_file_modified ?? '',
  ].filter(Boolean);
  for (const f of key.files)
    check(
      'file',
      pointers.some((p) => p.endsWith(f.path!) || f.path!.endsWith(p.replace(/^…\//, ''))),
      f,
    );
  return { total, missed };
}
