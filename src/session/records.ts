/**
 * The JSON forms of what the read commands return, shared by `--json` and the MCP server's
 * structured output so the two never drift apart.
 */
import type { RelatedReport } from '../related/index.js';
import type { SearchHit } from '../search/index.js';
import type { Snapshot } from '../store/index.js';
import type { EarlierWork } from './hints.js';

export const snapshotRecord = (s: Snapshot) => ({
  snapshot: s.commit,
  parent: s.parent ?? null,
  date: s.date,
  session_id: s.sessionId,
  agent: s.agent ?? null,
  branch: s.branch ?? null,
  head: s.head ?? null,
  level: s.level ?? null,
  percent: s.percent ?? null,
  reason: s.reason ?? null,
  generated_by: s.generatedBy ?? null,
  llm_cost: s.llmCost ?? null,
  llm_fallback: s.llmFallback ?? null,
  bytes: s.bytes ?? null,
  subject: s.subject,
});

export const searchHitRecord = (h: SearchHit) => ({
  session_id: h.sessionId,
  snapshot: h.snapshot,
  date: new Date(h.time * 1000).toISOString(),
  kind: h.kind,
  text: h.text,
  score: Math.round(h.score * 1000) / 1000,
  exact: h.exact,
  semantic: h.semantic === undefined ? null : Math.round(h.semantic * 1000) / 1000,
  snapshots: h.snapshots,
  first_snapshot: h.firstSnapshot,
});

export const relatedRecord = (r: RelatedReport) => ({
  files: r.files,
  commits: r.commits,
  session_id: r.session ?? null,
  related: r.related.map((f) => ({ path: f.path, score: Math.round(f.score * 1000) / 1000, together: f.together, session: f.session })),
});

/** An earlier session's work a pending task matches (resume's related_work). */
export const relatedWorkRecord = (w: EarlierWork) => ({
  task: w.task,
  session_id: w.sessionId,
  snapshot: w.snapshot,
  date: w.date,
  kind: w.kind,
  text: w.text,
});
