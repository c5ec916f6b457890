import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitToBudget, manifestBytes, ManifestSchema, MANIFEST_BUDGET_BYTES, type Manifest } from '../../src/manifest/index.js';

const text = (max: number) => fc.string({ maxLength: max, unit: fc.constantFrom('a', 'b', ' ', 'é', '字', '"', '\\', '\n', '😀', 'x', '1') });
const texts = (n: number, max = 300) => fc.array(text(max), { maxLength: n });

const manifestArb: fc.Arbitrary<Manifest> = fc.record({
  schema_version: fc.constant(1 as const),
  session_metadata: fc.record({
    project: text(200),
    phase: fc.option(text(100), { nil: undefined }),
    timestamp: fc.constant('2026-11-24T12:00:00.000Z'),
    agent: fc.constantFrom('claude-code' as const, 'codex' as const, 'plain' as const),
    model: fc.option(text(100), { nil: undefined }),
    session_id: text(200),
    context_usage_before: fc.record({ tokens: fc.nat(2_000_000), window: fc.integer({ min: 1, max: 2_000_000 }), percent: fc.float({ min: 0, max: 100, noNaN: true }), level: fc.constantFrom('NORMAL' as const, 'ELEVATED' as const, 'CRITICAL' as const, 'EMERGENCY' as const) }),
    generated_by: fc.constant('deterministic'),
  }),
  completed_tasks: texts(40),
  pending_tasks: fc.array(fc.record({ task: text(400), priority: fc.constantFrom('HIGH' as const, 'MEDIUM' as const, 'LOW' as const), status: fc.constantFrom('in_progress' as const, 'pending' as const), context: fc.option(text(400), { nil: undefined }) }), { maxLength: 30 }),
  active_state: fc.record({
    current_work: fc.option(text(400), { nil: undefined }),
    last_file_modified: fc.option(text(300), { nil: undefined }),
    last_command_run: fc.option(fc.record({ command: text(600), outcome: fc.constantFrom('ok' as const, 'failed' as const, 'unknown' as const), exit_code: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }) }), { nil: undefined }),
    environment_status: fc.option(text(200), { nil: undefined }),
  }),
  critical_context: fc.record({ key_decisions: texts(20), important_findings: texts(20), blockers: texts(20), next_steps: texts(20) }),
  memory_pointers: fc.record({ state_files: texts(8, 100), transcript: text(400), modified_files: texts(60, 200), git_branch: fc.option(text(200), { nil: undefined }), head: fc.option(fc.constant('a'.repeat(40)), { nil: undefined }) }),
  bootstrap_instructions: texts(10),
  context_compression_metrics: fc.record({ original_tokens: fc.nat(2_000_000), manifest_tokens: fc.constant(0), ratio: fc.constant(0) }),
});

describe('fitToBudget', () => {
  it('always produces a schema-valid manifest of at most 2048 bytes', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        const fitted = fitToBudget(m);
        expect(manifestBytes(fitted)).toBeLessThanOrEqual(MANIFEST_BUDGET_BYTES);
        expect(ManifestSchema.safeParse(fitted).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the branch, the first pending task and the first next step', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        const fitted = fitToBudget(m);
        expect(fitted.memory_pointers.git_branch === undefined).toBe(m.memory_pointers.git_branch === undefined);
        expect(fitted.pending_tasks.length > 0).toBe(m.pending_tasks.length > 0);
        expect(fitted.critical_context.next_steps.length > 0).toBe(m.critical_context.next_steps.length > 0);
        if (m.pending_tasks[0]) expect(fitted.pending_tasks[0]!.priority).toBe(m.pending_tasks[0].priority);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves a manifest that already fits unchanged but for its metrics', () => {
    const small = fc.sample(manifestArb, { numRuns: 50, seed: 7 }).find((m) => manifestBytes(m) < 1500)!;
    const fitted = fitToBudget(small);
    expect({ ...fitted, context_compression_metrics: null }).toEqual({ ...small, context_compression_metrics: null });
    expect(fitted.context_compression_metrics.manifest_tokens).toBeGreaterThan(0);
  });

  it('never drops an in-progress task in favour of pending ones', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        const inProgress = m.pending_tasks.findIndex((t) => t.status === 'in_progress');
        fc.pre(inProgress >= 0);
        const fitted = fitToBudget({ ...m, pending_tasks: [m.pending_tasks[inProgress]!, ...m.pending_tasks.filter((_, i) => i !== inProgress)] });
        expect(fitted.pending_tasks[0]!.status).toBe('in_progress');
      }),
      { numRuns: 150 },
    );
  });

  it('drops old completed work before pending work', () => {
    const base = fc.sample(manifestArb, { numRuns: 1, seed: 3 })[0]!;
    const m: Manifest = {
      ...base,
      completed_tasks: Array.from({ length: 30 }, (_, i) => `completed task number ${i} with a few words`),
      pending_tasks: [{ task: 'the one pending task', priority: 'HIGH', status: 'in_progress' }],
      critical_context: { key_decisions: [], important_findings: [], blockers: [], next_steps: ['do it'] },
    };
    const fitted = fitToBudget(m);
    expect(fitted.pending_tasks).toEqual(m.pending_tasks);
    expect(fitted.completed_tasks.length).toBeLessThan(30);
    expect(fitted.completed_tasks.at(-1)).toBe('completed task number 29 with a few words');
  });
});
