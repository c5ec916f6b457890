import { SessionStore } from '../../src/store/index.js';
import type { Manifest } from '../../src/manifest/index.js';
import { openRepo } from '../../src/store/index.js';

/** A valid manifest with the given content; everything else is filler. */
export function manifestOf(
  sessionId: string,
  parts: Partial<{
    pending: string[];
    done: string[];
    instructions: string[];
    decisions: string[];
    findings: string[];
    blockers: string[];
    files: string[];
    command: string;
    branch: string;
  }> = {},
): Manifest {
  return {
    schema_version: 2,
    session_metadata: {
      project: 'demo',
      timestamp: '2026-01-01T00:00:00Z',
      agent: 'claude-code',
      session_id: sessionId,
      context_usage_before: { tokens: 1000, window: 200000, percent: 1, level: 'NORMAL' },
      generated_by: 'deterministic',
    },
    completed_tasks: parts.done ?? [],
    pending_tasks: (parts.pending ?? []).map((task) => ({ task, priority: 'HIGH', status: 'pending' })),
    active_state: { last_command_run: parts.command ? { command: parts.command, outcome: 'ok' } : undefined },
    critical_context: {
      user_instructions: parts.instructions ?? [],
      key_decisions: parts.decisions ?? [],
      important_findings: parts.findings ?? [],
      blockers: parts.blockers ?? [],
      next_steps: [],
    },
    memory_pointers: {
      state_files: [],
      transcript: '/tmp/t.jsonl',
      modified_files: parts.files ?? [],
      deleted_files: [],
      reference_files: [],
      git_branch: parts.branch ?? 'main',
    },
    bootstrap_instructions: [],
    context_compression_metrics: { original_tokens: 1, manifest_tokens: 1, ratio: 1 },
  };
}

/** Stores a manifest as a snapshot, as a save would. */
export function saveManifest(dir: string, m: Manifest): string {
  const store = new SessionStore(openRepo(dir));
  return store.save(JSON.stringify(m), {
    sessionId: m.session_metadata.session_id,
    subject: `session ${m.session_metadata.session_id}`,
    trailers: { Branch: m.memory_pointers.git_branch },
  });
}
