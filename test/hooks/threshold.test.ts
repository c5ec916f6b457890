import { describe, expect, it } from 'vitest';
import { thresholdDue } from '../../src/hooks/post-commit.js';

describe('thresholdDue', () => {
  it('saves at the threshold once, then only after 5 more points or 10 minutes', () => {
    expect(thresholdDue(false, 95, undefined, 0)).toBe(false);
    expect(thresholdDue(true, 81, undefined, 0)).toBe(true);
    const last = { lastSnapshot: '2026-11-24T12:00:00Z', lastPercent: 81 };
    expect(thresholdDue(true, 85.9, last, 60)).toBe(false);
    expect(thresholdDue(true, 86, last, 60)).toBe(true);
    expect(thresholdDue(true, 82, last, 599)).toBe(false);
    expect(thresholdDue(true, 82, last, 600)).toBe(true);
    // A session first seen by the hook but never saved is due at once.
    expect(thresholdDue(true, 82, { firstSeen: '2026-11-24T12:00:00Z' }, 5)).toBe(true);
  });
});
