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
  it('knows the common families and falls back to 200K', () => {
    expect(windowForModel('claude-sonnet-4-5-20250929')).toBe(200_000);
    expect(windowForModel('claude-opus-4-6[1m]')).toBe(1_000_000);
    expect(windowForModel('gpt-5.3-codex')).toBe(272_000);
    expect(windowForModel('gpt-4o-mini')).toBe(128_000);
    expect(windowForModel('some-local-model')).toBe(200_000);
    expect(windowForModel(undefined)).toBe(200_000);
  });

  it('assumes the 1M variant only when the log shows more than 200K in use', () => {
    expect(windowForModel('claude-opus-4-6', 150_000)).toBe(200_000);
    expect(windowForModel('claude-opus-4-6', 250_000)).toBe(1_000_000);
    expect(windowForModel('claude-3-5-sonnet-20241022', 250_000)).toBe(200_000);
  });
});
