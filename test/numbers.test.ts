import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thousands } from '../src/numbers.js';

describe('thousands', () => {
  it('prints a number as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, -1000, 1234567, 200_000, 1_000_000, -987654321, 0.5, 1e21]) expect(thousands(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => thousands(n) === n.toLocaleString('en-US')));
  });
});
