/** The MCP tools' output schemas, beside the records (session/records.ts) they describe. */
import { z } from 'zod';

export const snapshotShape = {
  snapshot: z.string(),
  parent: z.string().nullable(),
  date: z.string(),
  session_id: z.string(),
  agent: z.string().nullable(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  level: z.string().nullable(),
  percent: z.number().nullable(),
  reason: z.string().nullable(),
  generated_by: z.string().nullable(),
  llm_cost: z.string().nullable(),
  llm_fallback: z.string().nullable(),
  bytes: z.number().nullable(),
  subject: z.string(),
};

export const hitShape = {
  session_id: z.string(),
  snapshot: z.string(),
  date: z.string(),
  kind: z.string(),
  text: z.string(),
  score: z.number(),
  exact: z.boolean(),
  semantic: z.number().nullable(),
  snapshots: z.number(),
  first_snapshot: z.string(),
};

export const statusShape = {
  agent: z.string(), session_id: z.string().nullable(), model: z.string().nullable(), tokens: z.number(), window: z.number().nullable().describe('null when the model is unknown (level UNKNOWN)'), window_source: z.string(), available: z.number(), percent: z.number(), level: z.string(), should_prepare: z.boolean(), threshold: z.number(),
  auto_compact_at: z.number().nullable().describe('an estimate of where the agent compacts on its own'), auto_compact_source: z.string().nullable(), tokens_until_auto_compact: z.number().nullable(), compactions: z.number(), compactions_at_least: z.boolean(), last_compaction: z.object({ at: z.string().nullable(), trigger: z.string().nullable(), pre_tokens: z.number().nullable() }).nullable(),
  tokens_source: z.string(), compacted_since_usage: z.boolean(), transcript: z.string(), transcript_bytes: z.number(), lines_read: z.number(), lines_skipped: z.number(),
  warnings: z.array(z.string()).describe('broken config values, each replaced by its default'),
};
