import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/agents/index.js';
import { readContext } from '../../src/monitor/index.js';
import { findCompactions } from '../../src/monitor/reading-cache.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const dir = tempDir();
let n = 0;
const file = () => join(dir, `t${n++}.jsonl`);
const user = (text: string) => ({ type: 'user', sessionId: 'sess-1', isSidechain: false, message: { role: 'user', content: text } });

describe('readContext on Claude Code logs', () => {
  it('takes the last main-chain usage, ignoring sidechain and synthetic replies', async () => {
    const p = writeJsonl(file(), [
      user('hi'),
      claudeAssistant({ id: 'm1', tokens: 50_000 }),
      claudeAssistant({ id: 'm2', tokens: 90_000, sidechain: true }),
      { ...claudeAssistant({ id: 'm3', tokens: 1000, model: '<synthetic>' }), isApiErrorMessage: true },
    ]);
    const r = await readContext(p, { cacheFile: false });
    expect(r).toMatchObject({ tokens: 50_000, source: 'usage', sessionId: 'sess-1', model: 'claude-sonnet-4-5-20250929' });
  });

  it('excludes output tokens and reads a response split over several lines', async () => {
    const p = writeJsonl(file(), [claudeAssistant({ id: 'm1', tokens: 40_000, output: 1 }), claudeAssistant({ id: 'm1', tokens: 40_000, output: 900 })]);
    expect((await readContext(p, { cacheFile: false })).tokens).toBe(40_000);
  });

  it('survives a half-written last line (a live session being written)', async () => {
    const p = writeJsonl(file(), [claudeAssistant({ id: 'm1', tokens: 70_000 })]);
    appendFileSync(p, '{"type":"assistant","message":{"usage":{"input_tok');
    const r = await readContext(p, { cacheFile: false });
    expect(r.tokens).toBe(70_000);
    expect(r.skipped).toBe(1);
  });

  it('looks past a 10 MB line at the end of the log', async () => {
    const p = writeJsonl(file(), [
      claudeAssistant({ id: 'm1', tokens: 123_456 }),
      { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'z'.repeat(10 << 20) }] } },
    ]);
    expect((await readContext(p, { cacheFile: false })).tokens).toBe(123_456);
  });

  it('counts what is left after a compaction that follows the last usage', async () => {
    const p = writeJsonl(file(), [
      claudeAssistant({ id: 'm1', tokens: 160_000 }),
      { type: 'system', subtype: 'compact_boundary', compactMetadata: { trigger: 'auto', preTokens: 160_000 } },
      { type: 'user', isCompactSummary: true, message: { role: 'user', content: 'This session is being continued. Summary: fixed the parser.' } },
    ]);
    const r = await readContext(p, { cacheFile: false });
    expect(r.compactedSinceUsage).toBe(true);
    expect(r.source).toBe('tokenizer');
    expect(r.tokens).toBeGreaterThan(5);
    expect(r.tokens).toBeLessThan(100);
  });

  it('counts every compaction of the log: one marker among other lines, a line that only names it, one last without a newline', async () => {
    const boundary = (at: string, preTokens: number) => ({
      type: 'system',
      subtype: 'compact_boundary',
      timestamp: at,
      compactMetadata: { trigger: 'auto', preTokens },
    });
    const p = writeJsonl(file(), [
      user('hi'),
      boundary('2026-01-01T10:00:00Z', 150_000),
      // Names the marker as a value, but is no compaction; and a message quoting it.
      { type: 'user', sessionId: 'sess-1', message: { role: 'user', content: [{ type: 'text', text: 'x', subtype: 'compact_boundary' }] } },
      user('what does "compact_boundary" mean?'),
      claudeAssistant({ id: 'm1', tokens: 30_000 }),
      boundary('2026-01-01T11:00:00Z', 170_000),
      claudeAssistant({ id: 'm2', tokens: 20_000 }),
    ]);
    appendFileSync(p, JSON.stringify(boundary('2026-01-01T12:00:00Z', 180_000)));
    const r = await readContext(p, { cacheFile: false });
    expect(r.compactions).toMatchObject({ count: 3, atLeast: false, last: { at: '2026-01-01T12:00:00Z', preTokens: 180_000, trigger: 'auto' } });
  });

  it('counts a compaction written after the size was taken: the reading is cached as read to the newline found after it', () => {
    const boundary = (at: string) => ({ type: 'system', subtype: 'compact_boundary', timestamp: at, compactMetadata: { trigger: 'auto', preTokens: 1 } });
    const p = writeJsonl(file(), [user('hi'), boundary('2026-01-01T10:00:00Z')]);
    const size = statSync(p).size;
    // The agent compacts while the log is read: readContext caches scannedTo from the end it finds
    // last, so a later reading starts past this line and would never count it.
    appendFileSync(p, `${JSON.stringify(boundary('2026-01-01T11:00:00Z'))}\n`);
    expect(findCompactions(p, adapterFor('claude-code')!, size)).toMatchObject({ count: 2, last: { at: '2026-01-01T11:00:00Z' } });
  });

  it('right after a compaction reads from the compaction on, and a cache by size and mtime keeps it that way', async () => {
    // 20 MB of history before the compaction: none of it is in context any more.
    const old = Array.from({ length: 2000 }, (_, i) =>
      claudeAssistant({ id: `m${i}`, tokens: 100_000 + i, content: [{ type: 'text', text: 'x '.repeat(5000) }] }),
    );
    const p = writeJsonl(file(), [
      ...old,
      { type: 'system', subtype: 'compact_boundary', compactMetadata: { trigger: 'auto', preTokens: 160_000 } },
      { type: 'user', isCompactSummary: true, message: { role: 'user', content: 'This session is being continued. Summary: fixed the parser.' } },
    ]);
    const cacheFile = join(tempDir(), 'context.json');
    const first = await readContext(p, { cacheFile });
    expect(first.compactedSinceUsage).toBe(true);
    // Two lines were counted (the boundary and the summary), not the 2,000 before them.
    expect(first.linesRead).toBe(2);
    expect(first.tokens).toBeLessThan(100);
    // The same count as reading the whole log.
    const whole = await readContext(p, { cacheFile: false });
    expect(whole.tokens).toBe(first.tokens);
    expect(await readContext(p, { cacheFile })).toEqual(first);
    // The session goes on: only what was appended is read, and still from the compaction.
    appendFileSync(p, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'now add the tests for it please' } })}\n`);
    const next = await readContext(p, { cacheFile });
    expect(next.compactedSinceUsage).toBe(true);
    expect(next.tokens).toBeGreaterThan(first.tokens);
    expect(next.linesRead).toBe(3);
    expect(next.tokens).toBe((await readContext(p, { cacheFile: false })).tokens);
    // A usage figure after it: the figure, as always.
    appendFileSync(p, `${JSON.stringify(claudeAssistant({ id: 'after', tokens: 12_345 }))}\n`);
    expect(await readContext(p, { cacheFile })).toMatchObject({ tokens: 12_345, compactedSinceUsage: false, source: 'usage' });
  });

  it('skips binary junk and unknown line types', async () => {
    const p = file();
    writeFileSync(
      p,
      Buffer.concat([
        Buffer.from(`${JSON.stringify(claudeAssistant({ id: 'a', tokens: 30_000 }))}\n`),
        Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a]),
        Buffer.from(`${JSON.stringify({ type: 'brand-new-type', sessionId: 's' })}\n`),
      ]),
    );
    const r = await readContext(p, { cacheFile: false });
    expect(r).toMatchObject({ tokens: 30_000, skipped: 1 });
  });
});

describe('readContext without usage figures', () => {
  it('counts a plain text log with the tokenizer', async () => {
    const p = file();
    writeFileSync(p, '#### add a parser\nSure, here is the parser.\n');
    const r = await readContext(p, { cacheFile: false });
    expect(r).toMatchObject({ agent: 'plain', source: 'tokenizer' });
    expect(r.tokens).toBeGreaterThan(5);
  });

  it('reports zero for an empty file', async () => {
    const p = file();
    writeFileSync(p, '');
    expect(await readContext(p, { cacheFile: false })).toMatchObject({ tokens: 0, agent: 'plain' });
  });

  it('estimates bytes / 3.5 on a large log unless asked to be exact', async () => {
    const p = file();
    writeFileSync(p, `#### ask\n${'word '.repeat(600_000)}\n`);
    const r = await readContext(p, { cacheFile: false });
    expect(r.source).toBe('estimate');
    expect(r.tokens).toBeCloseTo(3_000_000 / 3.5, -4);
  });
});

describe('the (path, size, mtime) cache', () => {
  it('answers from the cache and reads only appended bytes when the log grows', async () => {
    const cacheFile = join(tempDir(), 'cache.json');
    const p = writeJsonl(file(), [user('a'), claudeAssistant({ id: 'm1', tokens: 10_000 }), user('b'), claudeAssistant({ id: 'm2', tokens: 20_000 })]);
    const first = await readContext(p, { cacheFile });
    expect(first.tokens).toBe(20_000);
    appendFileSync(p, `${JSON.stringify(user('c'))}\n${JSON.stringify(claudeAssistant({ id: 'm3', tokens: 30_000 }))}\n`);
    const second = await readContext(p, { cacheFile });
    expect(second.tokens).toBe(30_000);
    // Two new lines read on top of the first scan: the cache path, not a new tail scan.
    expect(second.linesRead).toBe(first.linesRead + 2);
  });

  it('falls back to a fresh read when a compaction is appended', async () => {
    const cacheFile = join(tempDir(), 'cache.json');
    const p = writeJsonl(file(), [claudeAssistant({ id: 'm1', tokens: 150_000 })]);
    await readContext(p, { cacheFile });
    appendFileSync(p, `${JSON.stringify({ type: 'system', subtype: 'compact_boundary' })}\n${JSON.stringify(user('summary text'))}\n`);
    const r = await readContext(p, { cacheFile });
    expect(r.compactedSinceUsage).toBe(true);
    expect(r.tokens).toBeLessThan(1000);
  });

  it('ignores a corrupt cache file', async () => {
    const cacheFile = join(tempDir(), 'cache.json');
    writeFileSync(cacheFile, '\u0000not json');
    const p = writeJsonl(file(), [claudeAssistant({ id: 'm1', tokens: 12_345 })]);
    expect((await readContext(p, { cacheFile })).tokens).toBe(12_345);
  });
});

describe('a log written anew under the same path', () => {
  it('is read again, not brought up to date from the reading of the log that was there (a copy over it)', async () => {
    const dir = tempDir();
    const cacheFile = join(dir, 'context.json');
    const p = join(dir, 'session.jsonl');
    writeJsonl(p, [claudeAssistant({ id: 'a1', tokens: 150_000, model: 'claude-opus-4-6', sessionId: 'first' })]);
    const first = await readContext(p, { cacheFile });
    expect([first.sessionId, first.tokens]).toEqual(['first', 150_000]);
    // Another session's log, longer, copied over it: its start differs from what was read.
    writeJsonl(p, [
      claudeAssistant({ id: 'b1', tokens: 20_000, model: 'claude-sonnet-4-5-20250929', sessionId: 'second' }),
      claudeAssistant({ id: 'b2', tokens: 30_000, model: 'claude-sonnet-4-5-20250929', sessionId: 'second' }),
    ]);
    const second = await readContext(p, { cacheFile });
    expect([second.sessionId, second.tokens, second.model]).toEqual(['second', 30_000, 'claude-sonnet-4-5-20250929']);
    // Appended to: brought up to date from the cache, as before.
    appendFileSync(p, `${JSON.stringify(claudeAssistant({ id: 'b3', tokens: 35_000, model: 'claude-sonnet-4-5-20250929', sessionId: 'second' }))}\n`);
    expect((await readContext(p, { cacheFile })).tokens).toBe(35_000);
  });
});
