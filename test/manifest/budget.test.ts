import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitToBudget, manifestBytes, ManifestSchema, MANIFEST_BUDGET_BYTES, stringifyManifest, type Manifest } from '../../src/manifest/index.js';
import { shorten, shortenPath, utf8Bytes } from '../../src/manifest/text.js';

// What breaks byte budgets: 3-byte CJK, 2-byte scripts, 4-byte emoji and ZWJ sequences, combining
// marks, JSON escapes, and plain ASCII words so that word boundaries exist.
const UNITS = ['字', '漢', 'ー', 'é', 'ж', 'ß', '😀', '👩‍👩‍👧‍👦', '🏳️‍🌈', 'e\u0301', 'n\u0303', '"', '\\', '\n', ' ', ' ', 'word', 'a', '1', '/'];
const text = (max: number) => fc.array(fc.constantFrom(...UNITS), { maxLength: max }).map((a) => a.join(''));
const texts = (n: number, max = 120) => fc.array(text(max), { maxLength: n });
const level = fc.constantFrom('NORMAL' as const, 'ELEVATED' as const, 'CRITICAL' as const, 'EMERGENCY' as const);

const manifestArb = (opts: { pending?: number } = {}): fc.Arbitrary<Manifest> =>
  fc.record({
    schema_version: fc.constant(2 as const),
    session_metadata: fc.record({
      project: text(80),
      phase: fc.option(text(40), { nil: undefined }),
      timestamp: fc.constant('2026-11-24T12:00:00.000Z'),
      agent: fc.constantFrom('claude-code' as const, 'codex' as const, 'plain' as const),
      model: fc.option(text(40), { nil: undefined }),
      session_id: fc.oneof(fc.uuid(), text(300)),
      context_usage_before: fc.record({
        tokens: fc.nat(2_000_000),
        window: fc.integer({ min: 1, max: 2_000_000 }),
        percent: fc.float({ min: 0, max: 100, noNaN: true }),
        level,
      }),
      generated_by: fc.constant('deterministic'),
    }),
    completed_tasks: texts(40),
    pending_tasks: fc.array(
      fc.record({
        task: text(150),
        priority: fc.constantFrom('HIGH' as const, 'MEDIUM' as const, 'LOW' as const),
        status: fc.constantFrom('in_progress' as const, 'pending' as const),
        context: fc.option(text(150), { nil: undefined }),
      }),
      { maxLength: opts.pending ?? 100 },
    ),
    active_state: fc.record({
      current_work: fc.option(text(150), { nil: undefined }),
      last_file_modified: fc.option(text(100), { nil: undefined }),
      last_command_run: fc.option(
        fc.record({
          command: text(200),
          outcome: fc.constantFrom('ok' as const, 'failed' as const, 'unknown' as const),
          exit_code: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      environment_status: fc.option(text(80), { nil: undefined }),
    }),
    critical_context: fc.record({
      user_instructions: texts(10),
      key_decisions: texts(10),
      important_findings: texts(10),
      blockers: texts(10),
      next_steps: texts(10),
    }),
    memory_pointers: fc.record({
      state_files: texts(6, 40),
      transcript: text(150),
      modified_files: texts(30, 60),
      deleted_files: texts(10, 60),
      reference_files: texts(10, 60),
      git_branch: fc.option(text(60), { nil: undefined }),
      head: fc.option(fc.constant('a'.repeat(40)), { nil: undefined }),
    }),
    bootstrap_instructions: texts(6),
    context_compression_metrics: fc.record({ original_tokens: fc.nat(2_000_000), manifest_tokens: fc.constant(0), ratio: fc.constant(0) }),
  });

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (s: string): string[] => [...segmenter.segment(s)].map((g) => g.segment);
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
const withoutMetrics = (m: Manifest) => ({ ...m, context_compression_metrics: undefined });

describe('fitToBudget', () => {
  it('always fits 2048 UTF-8 bytes of the stored form and stays schema-valid, in any script', () => {
    fc.assert(
      fc.property(manifestArb(), (m) => {
        const fitted = fitToBudget(m);
        expect(Buffer.byteLength(stringifyManifest(fitted), 'utf8')).toBeLessThanOrEqual(MANIFEST_BUDGET_BYTES);
        expect(ManifestSchema.safeParse(fitted).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('never splits a grapheme: every shortened string is a run of whole graphemes of its original', () => {
    fc.assert(
      fc.property(manifestArb({ pending: 20 }), (m) => {
        const before = new Set(strings(m).flatMap(graphemes));
        for (const s of strings(fitToBudget(m))) {
          expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
          for (const g of graphemes(s.replace(/^…\/|…$/g, ''))) if (!/^[…\d.:TZ-]$/.test(g)) expect(before.has(g) || /^[\d.]+$/.test(g)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('leaves a manifest that already fits with the same content', () => {
    fc.assert(
      fc.property(manifestArb({ pending: 3 }), (m) => {
        fc.pre(manifestBytes(m) <= MANIFEST_BUDGET_BYTES - 64);
        expect(withoutMetrics(fitToBudget(m))).toEqual(withoutMetrics(m));
      }),
      { numRuns: 60 },
    );
    // The case the old budget got wrong: a 300-character current work in a 1 KB manifest.
    const m = base();
    m.active_state.current_work = 'word '.repeat(60).trim();
    expect(fitToBudget(m).active_state.current_work).toBe(m.active_state.current_work);
  });

  it('keeps the step that says what to do over the one that says what to read, when one step is all that fits', () => {
    const m = base();
    m.pending_tasks = [{ task: 'Wire the limiter into ApiClient.request', priority: 'HIGH', status: 'in_progress' }];
    m.bootstrap_instructions = ['Read CLAUDE.md, src/client.ts', 'Continue pending task 1 of 1'];
    let kept: string[] | undefined;
    // Rules long enough that the budget leaves one step (it cuts the steps before the user's rules).
    for (let n = 0; n < 3000 && kept?.length !== 1; n += 3) {
      m.critical_context.user_instructions = Array.from({ length: 6 }, (_, i) => `Rule ${i}: keep the API stable ${'x'.repeat(Math.floor(n / 6))}`);
      kept = fitToBudget(structuredClone(m)).bootstrap_instructions;
    }
    expect(kept).toEqual(['Continue pending task 1 of 1']);
  });

  it('keeps every pending task whenever they fit, giving up completed work and files first', () => {
    const m = base();
    m.pending_tasks = Array.from({ length: 12 }, (_, i) => ({
      task: `待办事项 ${i}: 修复测试并更新文档`,
      priority: 'MEDIUM' as const,
      status: 'pending' as const,
    }));
    m.completed_tasks = Array.from({ length: 20 }, (_, i) => `已完成的任务 ${i}，包括很长的描述文字`);
    m.memory_pointers.modified_files = Array.from({ length: 20 }, (_, i) => `src/模块/文件${i}.ts`);
    const fitted = fitToBudget(m);
    expect(manifestBytes(fitted)).toBeLessThanOrEqual(MANIFEST_BUDGET_BYTES);
    expect(fitted.pending_tasks.map((t) => t.task)).toEqual(m.pending_tasks.map((t) => t.task));
    expect(fitted.completed_tasks.length).toBeLessThan(m.completed_tasks.length);
    expect(fitted.completed_total).toBe(20);
  });

  it('drops a pending task only when no completed task and no file path remains, and says how many there were', () => {
    fc.assert(
      fc.property(manifestArb(), (m) => {
        const fitted = fitToBudget(m);
        if (fitted.pending_tasks.length < m.pending_tasks.length) {
          expect(fitted.completed_tasks).toEqual([]);
          expect([...fitted.memory_pointers.modified_files, ...fitted.memory_pointers.deleted_files, ...fitted.memory_pointers.reference_files]).toEqual([]);
          expect(fitted.pending_total ?? m.pending_tasks.length).toBe(m.pending_tasks.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('chooses what to give up by value: an in-progress task outlives pending ones, newest blockers and instructions outlive older ones', () => {
    const m = base();
    m.pending_tasks = [
      ...Array.from({ length: 60 }, (_, i) => ({
        task: `pending chore number ${i} with a fairly long description`,
        priority: 'LOW' as const,
        status: 'pending' as const,
      })),
      { task: 'the work in hand', priority: 'MEDIUM' as const, status: 'in_progress' as const },
    ];
    m.critical_context.blockers = Array.from({ length: 6 }, (_, i) => `blocker ${i} `.repeat(8));
    m.critical_context.user_instructions = Array.from({ length: 6 }, (_, i) => `instruction ${i} `.repeat(8));
    const fitted = fitToBudget(m);
    expect(manifestBytes(fitted)).toBeLessThanOrEqual(MANIFEST_BUDGET_BYTES);
    expect(fitted.pending_tasks.some((t) => t.task === 'the work in hand')).toBe(true);
    expect(fitted.pending_total).toBe(61);
    expect(fitted.critical_context.blockers.at(-1)).toMatch(/^blocker 5/);
    expect(fitted.critical_context.user_instructions.at(-1)).toMatch(/^instruction 5/);
  });
});

describe('shortening', () => {
  it('counts bytes, cuts at a word boundary and ends with an ellipsis', () => {
    expect(shorten('update the rate limiter tests', 20)).toBe('update the rate…');
    expect(utf8Bytes(shorten('字'.repeat(100), 31))).toBeLessThanOrEqual(31);
    expect(shorten('字'.repeat(100), 31)).toBe(`${'字'.repeat(9)}…`);
    expect(shorten('short', 10)).toBe('short');
  });

  it('keeps whole ZWJ sequences and combining marks', () => {
    const family = '👩‍👩‍👧‍👦';
    const s = shorten(family.repeat(10), 60);
    expect(utf8Bytes(s)).toBeLessThanOrEqual(60);
    expect(
      s
        .replace(/…$/, '')
        .split(family)
        .every((part) => part === ''),
    ).toBe(true);
    expect(shorten('e\u0301'.repeat(30), 20).replace(/…$/, '')).toMatch(/^(?:e\u0301)+$/);
  });

  it('shortens a path from the left and keeps its file name', () => {
    expect(shortenPath('src/components/forms/inputs/TextField.tsx', 30)).toBe('…/forms/inputs/TextField.tsx');
    expect(shortenPath('src/components/forms/inputs/TextField.tsx', 25)).toBe('…/inputs/TextField.tsx');
    expect(shortenPath('a/b.ts', 30)).toBe('a/b.ts');
  });
});

function base(): Manifest {
  return {
    schema_version: 2,
    session_metadata: {
      project: 'app',
      timestamp: '2026-11-24T12:00:00.000Z',
      agent: 'claude-code',
      session_id: 's1',
      context_usage_before: { tokens: 1, window: 200_000, percent: 0, level: 'NORMAL' },
      generated_by: 'deterministic',
    },
    completed_tasks: [],
    pending_tasks: [],
    active_state: {},
    critical_context: { user_instructions: [], key_decisions: [], important_findings: [], blockers: [], next_steps: [] },
    memory_pointers: { state_files: [], transcript: '~/t.jsonl', modified_files: [], deleted_files: [], reference_files: [] },
    bootstrap_instructions: [],
    context_compression_metrics: { original_tokens: 1, manifest_tokens: 0, ratio: 0 },
  };
}

describe('a blocker shortened to fit', () => {
  it('keeps its error and gives up its command first', async () => {
    const { manifest } = await import('../resume/manifest.js');
    const long = `cd "/Users/me/repos/nomos/.claude/worktrees/github-issue-254-e4dc00" && python -m ruff check src/nomos/experiments/ ${'--select ALL '.repeat(12)}2>&1 | head -20`;
    const m = manifest((x) => {
      x.critical_context.blockers = Array.from({ length: 4 }, (_, i) => `\`${long} # ${i}\` fails: F401 [*] \`hashlib\` imported but unused (${i})`);
      x.critical_context.user_instructions = Array.from({ length: 6 }, (_, i) => `${'Keep every rule of the project. '.repeat(9)}${i}`);
      x.completed_tasks = Array.from({ length: 12 }, (_, i) => `${'Finished a long piece of work. '.repeat(5)}${i}`);
    });
    const fit = fitToBudget(m);
    expect(manifestBytes(fit)).toBeLessThanOrEqual(MANIFEST_BUDGET_BYTES);
    expect(fit.critical_context.blockers.length).toBeGreaterThan(0);
    for (const b of fit.critical_context.blockers) expect(b).toMatch(/` fails: F401 \[\*\] `hashlib` imported/);
  });
});
