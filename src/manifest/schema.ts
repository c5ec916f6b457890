import { z } from 'zod';

/** Version 2: user instructions, deleted and reference files, totals; version 1 snapshots still read. */
export const SCHEMA_VERSION = 2;
export { MANIFEST_BUDGET_BYTES } from './limits.js';

// Bounds protect readers from a hostile manifest fetched from a remote; real ones are far smaller.
const text = z.string().max(1000);
const list = z.array(text).max(100);

export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;

export const PendingTaskSchema = z.object({
  task: text,
  priority: z.enum(PRIORITIES),
  status: z.enum(['in_progress', 'pending']),
  context: text.optional(),
});

export const ManifestSchema = z.object({
  schema_version: z.union([z.literal(1), z.literal(SCHEMA_VERSION)]),
  session_metadata: z.object({
    project: text,
    phase: text.optional(),
    timestamp: text,
    agent: z.enum(['claude-code', 'codex', 'plain']),
    model: text.optional(),
    session_id: text,
    context_usage_before: z.object({
      tokens: z.number().int().nonnegative(),
      /** 0 when the window was not known (level UNKNOWN). */
      window: z.number().int().nonnegative(),
      percent: z.number().min(0).max(100),
      level: z.enum(['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY', 'UNKNOWN']),
    }),
    /** `deterministic`, or `llm:<model>` when a model refined it. */
    generated_by: text,
    /** The session this one continued, when it was started from a snapshot. */
    resumed_from: text.optional(),
    /** The refinement call, when one was made (also when it failed and was not used). */
    llm: z
      .object({
        model: text,
        tokens_in: z.number().int().nonnegative(),
        tokens_out: z.number().int().nonnegative(),
        cost_usd: z.number().nonnegative().nullable(),
        ms: z.number().int().nonnegative(),
        fallback: text.optional(),
      })
      .optional(),
  }),
  /** Most recent first; `completed_total` counts those the budget left out too. */
  completed_tasks: list,
  completed_total: z.number().int().nonnegative().optional(),
  pending_tasks: z.array(PendingTaskSchema).max(100),
  /** Present only when the budget could not keep every pending task. */
  pending_total: z.number().int().nonnegative().optional(),
  active_state: z.object({
    current_work: text.optional(),
    last_file_modified: text.optional(),
    last_command_run: z
      .object({ command: text, outcome: z.enum(['ok', 'failed', 'unknown']), exit_code: z.number().int().optional() })
      .optional(),
    environment_status: text.optional(),
    /** The agent's last step when it was not a command: an edit, another tool's call and its outcome, an answer. */
    last_action: text.optional(),
  }),
  critical_context: z.object({
    /** The user's standing instructions and corrections, verbatim. */
    user_instructions: list.default([]),
    key_decisions: list,
    important_findings: list,
    blockers: list,
    next_steps: list,
  }),
  memory_pointers: z.object({
    state_files: list,
    transcript: text,
    modified_files: list,
    /** Deleted during the session: never something to read. */
    deleted_files: list.default([]),
    /** Named by the user or read again and again. */
    reference_files: list.default([]),
    git_branch: text.optional(),
    head: text.optional(),
  }),
  bootstrap_instructions: list,
  context_compression_metrics: z.object({
    original_tokens: z.number().int().nonnegative(),
    manifest_tokens: z.number().int().nonnegative(),
    ratio: z.number().nonnegative(),
  }),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type PendingTask = z.infer<typeof PendingTaskSchema>;
