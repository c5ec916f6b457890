import { describe, expect, it } from 'vitest';
import { measurePressure, pressureLevel, windowForModel } from '../../src/monitor/index.js';

describe('pressureLevel', () => {
  it.each([
    [0, 'NORMAL'],
    [0.5999, 'NORMAL'],
    [0.6, 'ELEVATED'],
    [0.7999, 'ELEVATED'],
    [0.8, 'CRITICAL'],
    [0.8999, 'CRITICAL'],
    [0.9, 'EMERGENCY'],
    [1.2, 'EMERGENCY'],
  ])('%f of the window is %s', (ratio, level) => {
    expect(pressureLevel(ratio)).toBe(level);
  });
});

describe('measurePressure', () => {
  it('says to prepare recovery from the threshold on', () => {
    expect(measurePressure(159_999, 200_000).shouldPrepare).toBe(false);
    expect(measurePressure(160_000, 200_000).shouldPrepare).toBe(true);
    expect(measurePressure(120_000, 200_000, 0.6).shouldPrepare).toBe(true);
  });

  it('reports available tokens and a clamped percentage', () => {
    expect(measurePressure(50_000, 200_000)).toMatchObject({ available: 150_000, percent: 25 });
    expect(measurePressure(300_000, 200_000)).toMatchObject({ available: 0, percent: 100, level: 'EMERGENCY' });
  });
});

describe('windowForModel', () => {
  it('knows the windows Claude Code 2.1.332 reports for its models', () => {
    // `claude -p --model <id> --output-format json` → modelUsage.<id>.contextWindow, measured in test/live.
    for (const id of [
      'claude-opus-5-5',
      'claude-opus-5',
      'claude-opus-4-8',
      'claude-opus-4-7',
      'claude-sonnet-5-5',
      'claude-sonnet-5',
      'claude-haiku-5-5',
      'claude-fable-5-2',
      'claude-mythos-5',
      'opus',
      'sonnet',
      'claude-opus-4-6[1m]',
      'claude-sonnet-4-5[1m]',
    ]) {
      expect(windowForModel(id, 'claude-code'), id).toBe(1_000_000);
    }
    for (const id of [
      'claude-opus-4-6',
      'claude-opus-4-5',
      'claude-sonnet-4-6',
      'claude-sonnet-4-5-20250929',
      'claude-haiku-4-5-20251001',
      'claude-sonnet-4-0',
      'claude-3-7-sonnet-20250219',
      'claude-3-5-haiku-20241022',
    ]) {
      expect(windowForModel(id, 'claude-code'), id).toBe(200_000);
    }
  });

  it('says unknown for a model it does not know, instead of guessing', () => {
    expect(windowForModel('claude-nova-9', 'claude-code')).toBeUndefined();
    expect(windowForModel('some-local-model')).toBeUndefined();
    expect(windowForModel(undefined)).toBeUndefined();
    expect(windowForModel('gpt-4o-mini')).toBe(128_000);
    expect(windowForModel('gpt-5.3-codex', 'codex')).toBe(258_400);
  });

  it('takes the 1M variant when the log shows more than 200K in use', () => {
    expect(windowForModel('claude-opus-4-6', 'claude-code', 150_000)).toBe(200_000);
    expect(windowForModel('claude-opus-4-6', 'claude-code', 250_000)).toBe(1_000_000);
  });
});

describe('measurePressure with an unknown window', () => {
  it('grades nothing: UNKNOWN, never EMERGENCY, and nothing to prepare', () => {
    expect(measurePressure(950_000, undefined)).toMatchObject({ level: 'UNKNOWN', shouldPrepare: false, percent: 0, window: 0 });
  });

  it('prepares recovery before an auto-compaction that comes below the threshold', () => {
    // A 1M window compacting at 267,000 (CLAUDE_CODE_AUTO_COMPACT_WINDOW=300000).
    expect(measurePressure(200_000, 1_000_000, 0.8, 267_000)).toMatchObject({ shouldPrepare: false, untilAutoCompact: 67_000 });
    expect(measurePressure(220_000, 1_000_000, 0.8, 267_000)).toMatchObject({ shouldPrepare: true, untilAutoCompact: 47_000 });
  });
});
