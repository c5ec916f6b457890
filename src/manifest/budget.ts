import { clip } from '../transcript/index.js';
import { MANIFEST_BUDGET_BYTES, type Manifest } from './schema.js';
import { manifestBytes } from './serialize.js';

const CHARS_PER_TOKEN = 3.5;

/** Manifest strings keep their own line breaks: clip without folding whitespace. */
const clipText = (s: string, max: number): string => clip(s, max, false);

/** Applies `clip` to every string in the manifest that a user or agent wrote (not ids or enums). */
function clipAll(m: Manifest, max: number): void {
  const c = (s: string | undefined) => (s === undefined ? s : clipText(s, max));
  const cl = (a: string[]) => a.map((s) => clipText(s, max));
  m.session_metadata.project = clipText(m.session_metadata.project, Math.max(max, 40));
  m.session_metadata.phase = c(m.session_metadata.phase);
  m.session_metadata.model = m.session_metadata.model && clipText(m.session_metadata.model, 60);
  m.session_metadata.session_id = clipText(m.session_metadata.session_id, 64);
  m.session_metadata.generated_by = clipText(m.session_metadata.generated_by, 60);
  const llm = m.session_metadata.llm;
  if (llm) m.session_metadata.llm = { ...llm, model: clipText(llm.model, 60), fallback: llm.fallback && clipText(llm.fallback, Math.min(max, 100)) };
  m.completed_tasks = cl(m.completed_tasks);
  m.pending_tasks = m.pending_tasks.map((t) => ({ ...t, task: clipText(t.task, max), context: c(t.context) }));
  const a = m.active_state;
  a.current_work = c(a.current_work);
  a.last_file_modified = a.last_file_modified && clipText(a.last_file_modified, Math.max(max, 80));
  if (a.last_command_run) a.last_command_run = { ...a.last_command_run, command: clipText(a.last_command_run.command, max) };
  a.environment_status = c(a.environment_status);
  const k = m.critical_context;
  k.key_decisions = cl(k.key_decisions);
  k.important_findings = cl(k.important_findings);
  k.blockers = cl(k.blockers);
  k.next_steps = cl(k.next_steps);
  const p = m.memory_pointers;
  p.state_files = p.state_files.map((s) => clipText(s, Math.max(max, 80)));
  p.modified_files = p.modified_files.map((s) => clipText(s, Math.max(max, 80)));
  p.transcript = clipText(p.transcript, 160);
  p.git_branch = p.git_branch && clipText(p.git_branch, 80);
  p.head = p.head && clipText(p.head, 40);
  m.bootstrap_instructions = cl(m.bootstrap_instructions);
}

type Reduction = (m: Manifest) => boolean;
const shiftIf = (a: unknown[], keep: number): boolean => (a.length > keep ? (a.shift(), true) : false);
const popIf = (a: unknown[], keep: number): boolean => (a.length > keep ? (a.pop(), true) : false);

/**
 * What to give up, least valuable first, interleaved with shorter strings: old completed work and
 * long contexts go before pending work, the branch or the next step. A reduction returns false
 * when it has nothing left to remove.
 */
const STAGES: Array<{ clip: number; reductions: Reduction[] }> = [
  { clip: 160, reductions: [] },
  {
    clip: 120,
    reductions: [
      (m) => shiftIf(m.completed_tasks, 3),
      (m) => shiftIf(m.critical_context.important_findings, 2),
      (m) => shiftIf(m.critical_context.key_decisions, 2),
      (m) => popIf(m.memory_pointers.modified_files, 6),
      (m) => {
        const t = m.pending_tasks.findLast((x) => x.context);
        return t ? (delete t.context, true) : false;
      },
    ],
  },
  {
    clip: 100,
    reductions: [
      (m) => shiftIf(m.completed_tasks, 1),
      (m) => popIf(m.critical_context.next_steps, 3),
      (m) => popIf(m.bootstrap_instructions, 3),
      (m) => shiftIf(m.critical_context.important_findings, 1),
      (m) => shiftIf(m.critical_context.key_decisions, 1),
      (m) => popIf(m.memory_pointers.modified_files, 4),
      // Blockers are oldest first: the newest failure is the one that matters.
      (m) => shiftIf(m.critical_context.blockers, 2),
    ],
  },
  {
    clip: 80,
    reductions: [
      (m) => popIf(m.memory_pointers.state_files, 1),
      (m) => {
        const i = m.pending_tasks.findLastIndex((t) => t.priority === 'LOW' && t.status !== 'in_progress');
        return i >= 0 && m.pending_tasks.length > 1 ? (m.pending_tasks.splice(i, 1), true) : false;
      },
      (m) => shiftIf(m.completed_tasks, 0),
      (m) => shiftIf(m.critical_context.important_findings, 0),
      (m) => shiftIf(m.critical_context.blockers, 1),
      (m) => popIf(m.pending_tasks, 3),
      (m) => popIf(m.critical_context.next_steps, 2),
    ],
  },
  { clip: 60, reductions: [(m) => popIf(m.pending_tasks, 2), (m) => popIf(m.memory_pointers.modified_files, 2), (m) => popIf(m.bootstrap_instructions, 2), (m) => shiftIf(m.critical_context.key_decisions, 0)] },
  { clip: 40, reductions: [] },
];

/**
 * Shrinks a manifest until its stored JSON fits `maxBytes`, by dropping whole items in priority
 * order and shortening long strings, never by cutting JSON. Returns a new manifest.
 */
export function fitToBudget(input: Manifest, maxBytes = MANIFEST_BUDGET_BYTES): Manifest {
  const m: Manifest = structuredClone(input);
  const fits = (): boolean => {
    setMetrics(m);
    return manifestBytes(m) <= maxBytes;
  };
  const reductions: Reduction[] = [];
  for (const stage of STAGES) {
    clipAll(m, stage.clip);
    if (fits()) return m;
    // Earlier stages' reductions stay available: each stage may also take more of them.
    reductions.push(...stage.reductions);
    for (const reduce of reductions) {
      while (!fits() && reduce(m));
      if (fits()) return m;
    }
  }
  // Last resort: keep only what a resumed session cannot do without.
  const a = m.active_state;
  const minimal: Manifest = {
    ...m,
    completed_tasks: [],
    pending_tasks: m.pending_tasks.slice(0, 1),
    active_state: { current_work: a.current_work, last_command_run: a.last_command_run, environment_status: a.environment_status },
    critical_context: { key_decisions: [], important_findings: [], blockers: m.critical_context.blockers.slice(-1), next_steps: m.critical_context.next_steps.slice(0, 1) },
    memory_pointers: { ...m.memory_pointers, state_files: [], modified_files: m.memory_pointers.modified_files.slice(0, 1) },
    bootstrap_instructions: m.bootstrap_instructions.slice(0, 1),
  };
  clipAll(minimal, 30);
  setMetrics(minimal);
  return minimal;
}

/** Fills the compression metrics from the manifest's own size (re-run after every change). */
function setMetrics(m: Manifest): void {
  const original = m.context_compression_metrics.original_tokens;
  const tokens = Math.max(1, Math.round(manifestBytes(m) / CHARS_PER_TOKEN));
  m.context_compression_metrics = { original_tokens: original, manifest_tokens: tokens, ratio: Math.round((original / tokens) * 10) / 10 };
}
