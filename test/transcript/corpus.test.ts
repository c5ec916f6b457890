import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContext, windowForModel } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, cli, corpusFiles, isolatedEnv, readJsonl } from '../helpers.js';

type Json = Record<string, any>;

/** The figure the issue defines, computed the slow, obvious way: parse everything, take the last. */
function expectedClaude(path: string): { tokens: number; model: string } | undefined {
  const lines = readJsonl(path);
  const pick = (allowSidechain: boolean) =>
    lines.findLast((l) => {
      const u = l.message?.usage;
      if (l.type !== 'assistant' || (l.isSidechain && !allowSidechain) || !u || typeof u.input_tokens !== 'number') return false;
      if (l.message.model === '<synthetic>') return false;
      return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0) > 0;
    });
  const line = pick(false) ?? pick(true);
  if (!line) return undefined;
  const u = line.message.usage;
  return { tokens: u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0), model: line.message.model };
}

function expectedCodex(path: string): { tokens: number; window: number } | undefined {
  const last = readJsonl(path).findLast((l) => l.type === 'event_msg' && l.payload?.type === 'token_count' && l.payload.info?.last_token_usage);
  if (!last) return undefined;
  return { tokens: last.payload.info.last_token_usage.total_tokens, window: last.payload.info.model_context_window };
}

describe.skipIf(!HAS_CORPUS)(`every transcript in ${CORPUS}`, () => {
  it.each(corpusFiles('claude-code').map((f) => [f.slice(CORPUS.length + 1), f]))('claude-code %s: last main-chain usage', async (_name, path) => {
    const expected = expectedClaude(path)!;
    const reading = await readContext(path, { cacheFile: false });
    expect(reading.agent).toBe('claude-code');
    expect(reading.source).toBe('usage');
    expect(reading.tokens).toBe(expected.tokens);
    expect(reading.model).toBe(expected.model);
    expect(reading.sessionId).toMatch(/\S/);
  });

  it.each(corpusFiles('codex').map((f) => [f.slice(CORPUS.length + 1), f]))('codex %s: last token_count', async (_name, path) => {
    const expected = expectedCodex(path);
    const reading = await readContext(path, { cacheFile: false });
    expect(reading.agent).toBe('codex');
    if (expected && expected.tokens > 0) {
      expect(reading.source).toBe('usage');
      expect(reading.tokens).toBe(expected.tokens);
      expect(reading.reportedWindow).toBe(expected.window);
    } else {
      // No usage in the log (Codex Desktop edge case): counted by the tokenizer instead.
      expect(reading.source).toBe('tokenizer');
      expect(reading.tokens).toBeGreaterThan(0);
    }
  });

  it.each(corpusFiles().map((f) => [f.slice(CORPUS.length + 1), f]))('%s reads into events without throwing', (_name, path) => {
    const t = readTranscript(path);
    expect(t.events.length).toBeGreaterThan(0);
    expect(t.stats.lines).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAS_CORPUS)('what the readers extract from real sessions', () => {
  const file = (rel: string) => `${CORPUS}/${rel}`;

  it('keeps the final, unfinished TodoWrite list', () => {
    const t = readTranscript(file('claude-code/claude-code-log/-Users-dain-workspace-JSSoundRecorder/7acd37a8-2745-4b58-a8a9-46164b22ad9e.jsonl'));
    const todos = t.events.findLast((e) => e.kind === 'todos' && !e.sidechain);
    expect(todos?.kind).toBe('todos');
    const statuses = todos!.kind === 'todos' ? todos!.items.map((i) => i.status) : [];
    expect(statuses.filter((s) => s === 'completed')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'in_progress')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'pending')).toHaveLength(1);
  });

  it('replays TaskCreate / TaskUpdate (Claude Code 2.1.x)', () => {
    const t = readTranscript(file('claude-code/claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl'));
    const todos = t.events.findLast((e) => e.kind === 'todos');
    expect(todos && todos.kind === 'todos' && todos.items.length).toBeGreaterThanOrEqual(3);
    expect(todos && todos.kind === 'todos' && todos.items.some((i) => i.text.includes('Research plan mode'))).toBe(true);
  });

  it('skips the two // comment lines of a fixture and counts them', () => {
    const t = readTranscript(file('claude-code/session-share/general-tool-calls.jsonl'));
    expect(t.stats.skipped).toBe(2);
  });

  it('records compactions with their summary', () => {
    const t = readTranscript(file('claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl'));
    const c = t.events.find((e) => e.kind === 'compaction');
    expect(c && c.kind === 'compaction' && c.preTokens).toBe(167731);
    // The summary without Claude Code's wrapper: nothing of "continued from a previous conversation" may count as kept.
    expect(c && c.kind === 'compaction' && c.summary).not.toMatch(/continued from a previous conversation/);
    expect(c && c.kind === 'compaction' && c.summary).toMatch(/Primary Request and Intent/);
  });

  it('reads Codex commands with exit codes, patches and plans', () => {
    const t = readTranscript(file('codex/codemie-code/rollout-2026-05-11T11-26-55-019e1625-789d-76c0-80ab-3724b5ddb799.jsonl'));
    expect(t.meta.model).toBe('gpt-5.5');
    expect(t.events.filter((e) => e.kind === 'command').length).toBe(43);
    expect(t.events.some((e) => e.kind === 'edit' && e.paths.some((p) => p.endsWith('.test.ts')))).toBe(true);
    expect(t.events.some((e) => e.kind === 'result' && e.exitCode !== undefined)).toBe(true);
    const plan = t.events.findLast((e) => e.kind === 'todos');
    expect(plan && plan.kind === 'todos' && plan.items.map((i) => i.text)).toContain('Run focused verification');
    expect(basename(t.path)).toMatch(/^rollout-/);
  });
});

describe.skipIf(!HAS_CORPUS)('git session status --json on every corpus transcript', () => {
  const level = (ratio: number) => (ratio >= 0.9 ? 'EMERGENCY' : ratio >= 0.8 ? 'CRITICAL' : ratio >= 0.6 ? 'ELEVATED' : 'NORMAL');
  const env = isolatedEnv();

  it.each(corpusFiles().map((f) => [f.slice(CORPUS.length + 1), f]))('%s: tokens, model, window, level', (_name, path) => {
    const r = cli(['status', '--json', '--transcript', path], { env });
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    const claude = expectedClaude(path);
    const codex = claude ? undefined : expectedCodex(path);
    if (claude) {
      // The window Claude Code 2.1.332 runs that model with (no corpus session went past 200K).
      expect(s).toMatchObject({ agent: 'claude-code', tokens: claude.tokens, model: claude.model, window: windowForModel(claude.model, 'claude-code') });
      expect(s.window).toBeGreaterThanOrEqual(200_000);
    } else if (codex && codex.tokens > 0) {
      expect(s).toMatchObject({ agent: 'codex', tokens: codex.tokens, window: codex.window, window_source: 'transcript' });
    } else {
      expect(s.tokens_source).toBe('tokenizer');
    }
    if (s.window === null) expect(s).toMatchObject({ level: 'UNKNOWN', should_prepare: false });
    else {
      expect(s.level).toBe(level(s.tokens / s.window));
      expect(s.should_prepare).toBe(s.tokens / s.window >= 0.8 || s.tokens_until_auto_compact <= s.window * 0.05);
    }
  });
});
