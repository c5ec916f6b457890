import type { Manifest } from '../../src/manifest/index.js';

/** A small manifest of a session in progress, changed by `patch`. */
export function manifest(patch: (m: Manifest) => void = () => {}): Manifest {
  const m: Manifest = {
    schema_version: 2,
    session_metadata: {
      project: 'app',
      phase: 'implementing',
      timestamp: '2026-11-24T12:00:00.000Z',
      agent: 'claude-code',
      session_id: 's1',
      context_usage_before: { tokens: 100_000, window: 200_000, percent: 50, level: 'NORMAL' },
      generated_by: 'deterministic',
    },
    completed_tasks: ['Add the parser'],
    pending_tasks: [{ task: 'Wire the parser', priority: 'HIGH', status: 'in_progress' }],
    active_state: { current_work: 'Wiring the parser', last_command_run: { command: 'npm test', outcome: 'failed', exit_code: 1 } },
    critical_context: {
      user_instructions: ['Never edit src/gen'],
      key_decisions: [],
      important_findings: [],
      blockers: ['`npm test` fails: 1 failed'],
      next_steps: [],
    },
    memory_pointers: {
      state_files: [],
      transcript: '~/t.jsonl',
      modified_files: ['src/parser.ts'],
      deleted_files: [],
      reference_files: [],
      git_branch: 'main',
      head: 'a'.repeat(40),
    },
    bootstrap_instructions: [],
    context_compression_metrics: { original_tokens: 100_000, manifest_tokens: 300, ratio: 333 },
  };
  patch(m);
  return m;
}
