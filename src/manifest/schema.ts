// zod's tree-shakable build: the full one took ~40 ms to load on every save and every read.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini carries no messages of its own: English ones, as a refused manifest's error names the problem.
z.config(en());

/** Version 2: user instructions, deleted and reference files, totals; version 1 snapshots still read. */
export const SCHEMA_VERSION = 2;
export { MANIFEST_BUDGET_BYTES } from './limits.js';

// Bounds protect readers from a hostile manifest fetched from a remote; real ones are far smaller.
const text = z.string().check(z.maxLength(1000));
const list = z.array(text).check(z.maxLength(100));
const count = z.int().check(z.nonnegative());

export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;

export const PendingTaskSchema = z.object({
  task: text,
  priority: z.enum(PRIORITIES),
  status: z.enum(['in_progress', 'pending']),
  context: z.optional(text),
});

export const ManifestSchema = z.object({
  schema_version: z.union([z.literal(1), z.literal(SCHEMA_VERSION)]),
  session_metadata: z.object({
    project: text,
    phase: z.optional(text),
    timestamp: text,
    agent: z.enum(['claude-code', 'codex', 'plain']),
    model: z.optional(text),
    session_id: text,
    context_usage_before: z.object({
      tokens: count,
      /** 0 when the window was not known (level UNKNOWN). */
      window: count,
      percent: z.number().check(z.minimum(0), z.maximum(100)),
      level: z.enum(['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY', 'UNKNOWN']),
    }),
    /** `deterministic`, or `llm:<model>` when a model refined it. */
    generated_by: text,
    /** The session this one continued, when it was started from a snapshot. */
    resumed_from: z.optional(text),
    /** The refinement call, when one was made (also when it failed and was not used). */
    llm: z.optional(
      z.object({
        model: text,
        tokens_in: count,
        tokens_out: count,
        cost_usd: z.nullable(z.number().check(z.nonnegative())),
        ms: count,
        fallback: z.optional(text),
      }),
    ),
  }),
  /** Most recent first; `completed_total` counts those the budget left out too. */
  completed_tasks: list,
  completed_total: z.optional(count),
  pending_tasks: z.array(PendingTaskSchema).check(z.maxLength(100)),
  /** Present only when the budget could not keep every pending task. */
  pending_total: z.optional(count),
  active_state: z.object({
    current_work: z.optional(text),
    last_file_modified: z.optional(text),
    last_command_run: z.optional(z.object({ command: text, outcome: z.enum(['ok', 'failed', 'unknown']), exit_code: z.optional(z.int()) })),
    environment_status: z.optional(text),
    /** The agent's last step when it was not a command: an edit, another tool's call and its outcome, an answer. */
    last_action: z.optional(text),
  }),
  critical_context: z.object({
    /** The user's standing instructions and corrections, verbatim. */
    user_instructions: z._default(list, []),
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
    deleted_files: z._default(list, []),
    /** Named by the user or read again and again. */
    reference_files: z._default(list, []),
    git_branch: z.optional(text),
    head: z.optional(text),
  }),
  bootstrap_instructions: list,
  context_compression_metrics: z.object({
    original_tokens: count,
    manifest_tokens: count,
    ratio: z.number().check(z.nonnegative()),
  }),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type PendingTask = z.infer<typeof PendingTaskSchema>;
