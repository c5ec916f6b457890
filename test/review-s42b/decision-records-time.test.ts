// Review s42b: the ADR status test (NOT_IN_FORCE, new in e25e6c7) and the Decision paragraph
// (the line e25e6c7 rewrote) backtrack polynomially on whitespace: a save of a session that wrote
// such a record stalls (a Stop hook's save included).
import { expect, it } from 'vitest';
import { decisionRecords } from '../../src/extract/decision-records.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const wrote = (change: string): TranscriptEvent[] => [
  { kind: 'edit', id: 'e1', paths: ['docs/adr/0001-x.md'], created: ['docs/adr/0001-x.md'], change, tool: 'Write' } as TranscriptEvent,
];
const ms = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

it('a Status line followed by a long run of spaces takes linear time (current: 2,000 spaces ≈ 8.5 s, cubic)', () => {
  const change = `# 1. Use X\n\nStatus${' '.repeat(2000)}x\n\n## Decision\n\nWe use X.\n`;
  expect(ms(() => decisionRecords(wrote(change), (p) => p))).toBeLessThan(300);
}, 120_000);

it('a Decision heading followed by many blank lines takes linear time (current: 300 blank lines ≈ 1.5 s)', () => {
  const change = `# 1. Use X\n\nStatus: Accepted\n\n## Decision${'\n'.repeat(300)}# Consequences\n`;
  expect(ms(() => decisionRecords(wrote(change), (p) => p))).toBeLessThan(300);
}, 120_000);
