// zod/mini, as the manifest schema: the full zod would be loaded (and bundled) for this alone.
import * as z from 'zod/mini';
import { finalizeManifest, lostFacts, PRIORITIES, type FinalManifest, type Manifest, type PendingTask } from '../manifest/index.js';
import type { Transcript } from '../transcript/index.js';
import { callCost } from './prices.js';
import { buildPrompt } from './prompt.js';
import { sameItem } from '../extract/work-items.js';
import type { LlmSettings } from './settings.js';

const upTo = (n: number) => z.string().check(z.maxLength(n));
const list = (n: number) => z.optional(z.array(upTo(400)).check(z.maxLength(n)));
/** What the model may change: judgement, never facts. */
export const RefinementSchema = z.object({
  phase: z.optional(upTo(60)),
  current_work: z.optional(upTo(400)),
  pending_tasks: z.optional(z.array(z.object({ task: upTo(600), priority: z.enum(PRIORITIES), context: z.optional(upTo(400)) })).check(z.maxLength(50))),
  key_decisions: list(12),
  important_findings: list(12),
  blockers: list(12),
  next_steps: list(12),
  bootstrap_instructions: list(10),
});
export type Refinement = z.infer<typeof RefinementSchema>;

const MAX_ANSWER_CHARS = 32 * 1024;
const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Items of `extra` that say nothing `base` already says (matched by meaning). */
const newItems = (base: string[], extra: string[]): string[] => extra.filter((x) => !base.some((b) => sameItem(b, x)));

/**
 * Merges a model's refinement into the deterministic manifest so that it only ever adds: the
 * model may rephrase the phase, current work, decisions, findings and next steps, and re-rank
 * pending tasks; every deterministic fact stays — no pending task is dropped or invented (a task
 * it names that is not in the list is ignored, one it leaves out is kept), blockers, user
 * instructions, files, the last command and the bootstrap steps are the extractor's, and the
 * extractor's decisions, findings and next steps survive unless the model says the same thing.
 */
export function mergeRefinement(draft: Manifest, r: Refinement): Manifest {
  const m: Manifest = structuredClone(draft);
  const used = new Set<number>();
  const pending: PendingTask[] = [];
  for (const t of r.pending_tasks ?? []) {
    const key = norm(t.task);
    const i = draft.pending_tasks.findIndex((d, j) => !used.has(j) && (norm(d.task) === key || (key.length >= 20 && norm(d.task).startsWith(key))));
    if (i < 0) continue;
    used.add(i);
    const d = draft.pending_tasks[i]!;
    pending.push({ task: d.task, status: d.status, priority: t.priority, context: t.context?.trim() || d.context });
  }
  draft.pending_tasks.forEach((d, j) => used.has(j) || pending.push(d));
  // What is in progress is a fact about the session: it stays first whatever the model ranks.
  m.pending_tasks = [...pending.filter((t) => t.status === 'in_progress'), ...pending.filter((t) => t.status !== 'in_progress')];
  const clean = (a: string[] | undefined): string[] => (a ?? []).map((s) => s.trim()).filter(Boolean);
  if (r.phase?.trim()) m.session_metadata.phase = r.phase.trim();
  if (r.current_work?.trim()) m.active_state.current_work = r.current_work.trim();
  const c = m.critical_context;
  const d = draft.critical_context;
  c.key_decisions = [...clean(r.key_decisions), ...newItems(clean(r.key_decisions), d.key_decisions)];
  c.important_findings = [...clean(r.important_findings), ...newItems(clean(r.important_findings), d.important_findings)];
  c.next_steps = [...clean(r.next_steps), ...newItems(clean(r.next_steps), d.next_steps)];
  return m;
}

/** The groups the model writes, each with its size and how to give it back to the extractor. */
const bytes = (a: Array<string | undefined>): number => a.reduce((n, x) => n + (x ? Buffer.byteLength(x) : 0), 0);
const GROUPS: Array<{ size: (m: Manifest) => number; giveBack: (m: Manifest, d: Manifest) => void }> = [
  { size: (m) => bytes([m.active_state.current_work]), giveBack: (m, d) => void (m.active_state.current_work = d.active_state.current_work) },
  { size: (m) => bytes(m.critical_context.key_decisions), giveBack: (m, d) => void (m.critical_context.key_decisions = d.critical_context.key_decisions) },
  {
    size: (m) => bytes(m.critical_context.important_findings),
    giveBack: (m, d) => void (m.critical_context.important_findings = d.critical_context.important_findings),
  },
  { size: (m) => bytes(m.critical_context.next_steps), giveBack: (m, d) => void (m.critical_context.next_steps = d.critical_context.next_steps) },
  {
    size: (m) => bytes(m.pending_tasks.map((t) => t.context)),
    giveBack: (m, d) => {
      for (const t of m.pending_tasks) {
        const same = d.pending_tasks.find((x) => x.task === t.task);
        if (same?.context) t.context = same.context;
        else delete t.context;
      }
    },
  },
];

/** A manifest's content without what says who made it and how big it is. */
const content = (m: Manifest): string =>
  JSON.stringify({ ...m, session_metadata: { ...m.session_metadata, generated_by: '', llm: undefined }, context_compression_metrics: undefined });

/**
 * The refined manifest as it will be stored, or why it is not used. The model's text goes
 * through the same 2 KB budget as everything else, so it must not push out a fact the
 * deterministic manifest keeps (a task, an instruction, a file, bytes of a task's text). Where
 * it would, the record of the call (`session_metadata.llm`, also in the commit's trailers) goes
 * first, then the model's largest group of text is given back to the extractor's, one group at
 * a time. So a stored refinement states every fact the deterministic snapshot states.
 */
export async function finalizeRefinement(refined: Manifest, draft: Manifest, det: Manifest): Promise<FinalManifest | { reason: string }> {
  const m = structuredClone(refined);
  // What the answer adds is judged with the deterministic manifest's own metadata: the record of
  // the call and a longer `generated_by` take bytes that alone make the budget clip other text.
  const { llm: _, ...meta } = m.session_metadata;
  const unchanged = await finalizeManifest({ ...m, session_metadata: { ...meta, generated_by: det.session_metadata.generated_by } });
  if (content(unchanged.manifest) === content(det)) return { reason: 'the answer adds nothing to the deterministic manifest' };
  const left = new Set(GROUPS);
  for (;;) {
    const f = await finalizeManifest(m);
    const lost = lostFacts(f.manifest, det);
    if (lost.length === 0) return content(f.manifest) === content(det) ? { reason: 'the answer adds nothing to the deterministic manifest' } : f;
    if (m.session_metadata.llm) {
      delete m.session_metadata.llm;
      continue;
    }
    // Give back the group whose text takes the most room beyond the extractor's, then try again.
    const excess = (g: (typeof GROUPS)[number]): number => g.size(f.manifest) - g.size(det);
    const group = [...left].sort((x, y) => excess(y) - excess(x))[0];
    if (!group) return { reason: `the answer would push facts out of the 2 KB budget (${lost.join(', ')})` };
    left.delete(group);
    group.giveBack(m, draft);
  }
}

/** Parses a model's answer: JSON, perhaps in a ```json fence; throws a short reason otherwise. */
export function parseAnswer(content: string): Refinement {
  if (content.length > MAX_ANSWER_CHARS) throw new Error(`oversize answer (${content.length} characters)`);
  const body = /```(?:json)?\s*([\s\S]*?)```/.exec(content)?.[1] ?? content;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  let raw: unknown;
  try {
    raw = JSON.parse(start >= 0 && end > start ? body.slice(start, end + 1) : body);
  } catch {
    throw new Error('the answer is not JSON');
  }
  const r = RefinementSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`the answer does not match the schema (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  return r.data;
}

export interface RefineOutcome {
  manifest: Manifest;
  /** Set when the deterministic manifest was kept, with why. */
  fallback?: string;
  tokensIn: number;
  tokensOut: number;
  promptTokens: number;
  costUsd?: number;
  ms: number;
}

function failureReason(err: unknown, s: LlmSettings): string {
  const e = err as { name?: string; status?: number; message?: string };
  const status = e.status;
  if (e.name === 'APIUserAbortError' || /abort/i.test(e.message ?? ''))
    return `no answer within the deadline (${Math.round(s.deadlineMs / 1000)}s, agentflow.llm.deadline)`;
  if (e.name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(e.message ?? ''))
    return `timeout after ${Math.round(Math.min(s.timeoutMs, s.deadlineMs) / 1000)}s`;
  if (status === 429) return `rate limited (429) after ${s.maxRetries} retries`;
  if (status && status >= 500) return `server error (${status}) after ${s.maxRetries} retries`;
  if (status === 401 || status === 403) return `not authorised (${status}): check $${s.apiKeyEnv}`;
  if (status === 404) return `not found (404): check agentflow.llm.model and agentflow.llm.baseUrl`;
  if (e.name === 'APIConnectionError') return `cannot reach ${s.baseUrl ?? 'the OpenAI API'}`;
  return (e.message ?? String(err)).split('\n')[0]!.slice(0, 160);
}

/**
 * Asks the configured model to refine the deterministic manifest. Never throws: any failure —
 * timeout, 429/5xx after bounded retries, junk, schema mismatch, oversize answer, refusal —
 * returns the deterministic manifest with the reason in `fallback`.
 */
export async function refineManifest(draft: Manifest, transcript: Transcript, s: LlmSettings): Promise<RefineOutcome> {
  const t0 = performance.now();
  const outcome = (extra: Partial<RefineOutcome>): RefineOutcome => ({
    manifest: draft,
    tokensIn: 0,
    tokensOut: 0,
    promptTokens: 0,
    ms: Math.round(performance.now() - t0),
    ...extra,
  });
  if (!s.model) return outcome({ fallback: 'no model configured (git config agentflow.llm.model <name>)' });
  let promptTokens = 0;
  try {
    const prompt = await buildPrompt(draft, transcript, s.promptBudget);
    promptTokens = prompt.tokens;
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ baseURL: s.baseUrl, apiKey: s.apiKey ?? 'not-needed', timeout: Math.min(s.timeoutMs, s.deadlineMs), maxRetries: s.maxRetries });
    // One deadline for the whole refinement, retries and fallbacks included.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, s.deadlineMs - (performance.now() - t0)));
    timer.unref();
    const ask = (body: Parameters<typeof client.chat.completions.create>[0]) =>
      client.chat.completions.create({ ...body, stream: false }, { signal: abort.signal });
    const messages = [
      { role: 'system' as const, content: prompt.system },
      { role: 'user' as const, content: prompt.user },
    ];
    const request = { model: s.model, messages, temperature: 0.2, max_tokens: 1500 };
    // Structured output where the server has it, JSON mode next, plain JSON (parsed leniently) last.
    const schema = z.toJSONSchema(RefinementSchema) as Record<string, unknown>;
    const formats = [
      { type: 'json_schema' as const, json_schema: { name: 'manifest_refinement', schema, strict: false } },
      { type: 'json_object' as const },
      undefined,
    ];
    let completion;
    try {
      for (const [i, format] of formats.entries()) {
        try {
          completion = await ask(format ? { ...request, response_format: format } : request);
          break;
        } catch (err) {
          const status = (err as { status?: number }).status;
          if ((status !== 400 && status !== 422) || i === formats.length - 1) throw err;
        }
      }
    } finally {
      clearTimeout(timer);
    }
    if (!completion) throw new Error('no answer');
    const choice = completion.choices?.[0];
    const tokensIn = completion.usage?.prompt_tokens ?? promptTokens;
    const tokensOut = completion.usage?.completion_tokens ?? 0;
    const base = { tokensIn, tokensOut, promptTokens, costUsd: callCost(s.model, s.baseUrl, tokensIn, tokensOut) };
    const refusal = (choice?.message as { refusal?: string | null } | undefined)?.refusal;
    if (refusal) return outcome({ ...base, fallback: `the model refused: ${refusal.slice(0, 100)}` });
    if (choice?.finish_reason === 'content_filter') return outcome({ ...base, fallback: 'the answer was filtered (content_filter)' });
    if (choice?.finish_reason === 'length') return outcome({ ...base, fallback: 'the answer was cut off (max_tokens)' });
    const content = choice?.message?.content;
    if (!content) return outcome({ ...base, fallback: 'empty answer' });
    return outcome({ ...base, manifest: mergeRefinement(draft, parseAnswer(content)) });
  } catch (err) {
    return outcome({ promptTokens, fallback: failureReason(err, s) });
  }
}
