// Review s42b: a plan's check run in another form is said not run; a plan's "## Validation"
// section (what input the feature rejects) is read as its checks.
import { expect, it } from 'vitest';
import { planChecksNotRun } from '../../src/trail/plan-checks.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output: 'ok' },
];

it('`npm run test` in the plan, run as `pnpm test` (a pnpm project), ran', () => {
  const plan = 'Implement the following plan:\n\n# Plan\n\n## Verification\n- `npm run test` — all green\n';
  // Current: ['`npm run test` — all green'].
  expect(planChecksNotRun([{ kind: 'ask', text: plan }, ...run('c1', 'pnpm test')])).toEqual([]);
});

it("a plan's Validation section is the feature's rules, not its checks", () => {
  const plan = [
    'Implement the following plan:',
    '',
    '# Plan: signup form',
    '',
    '## Validation rules',
    '- Show an inline error in the UI when the email has no `@`',
    '- Passwords under 12 characters are rejected',
    '',
    '## Verification',
    '- `npm test`',
  ].join('\n');
  // Current: ['Show an inline error in the UI when the email has no `@`'] — a requirement, said as a check not run; the real Verification (npm test, run) is never read.
  expect(planChecksNotRun([{ kind: 'ask', text: plan }, ...run('c1', 'npm test')])).toEqual([]);
});
