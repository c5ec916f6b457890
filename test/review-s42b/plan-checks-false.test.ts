// Review s42b: the plan's checks are said "not run" when the session did run them or never took
// the text as its plan. Each case below is a false line in the brief on the current code.
import { describe, expect, it } from 'vitest';
import { planChecksNotRun } from '../../src/trail/plan-checks.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const PLAN = [
  'Implement the following plan:',
  '',
  '# Plan: Login form',
  '',
  '## Verification',
  '1. `npm test` — all tests pass',
  '2. Manual testing: open the app in the browser and log in',
].join('\n');
const run = (id: string, command: string, sidechain?: true): TranscriptEvent[] => [
  { kind: 'command', id, command, ...(sidechain ? { sidechain } : {}) },
  { kind: 'result', id, ok: true, exitCode: 0, output: 'ok', ...(sidechain ? { sidechain } : {}) },
];

describe('review s42b: plan checks said not run', () => {
  it('a check a subagent ran (its log is a file of its own: the main log holds the Task call and its answer) is not "no command ran"', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: PLAN },
      { kind: 'tool', id: 't1', name: 'Task', input: { description: 'Run tests', prompt: 'Run `npm test` and report the failures' } },
      { kind: 'result', id: 't1', ok: true, output: 'Ran npm test: 42 passed, 0 failed.' },
    ];
    // Current: ['`npm test` — all tests pass', …]: the brief says the plan's npm test never ran.
    expect(planChecksNotRun(events).some((i) => i.includes('npm test'))).toBe(false);
  });

  it('a PR description the user pasted to be reviewed is no plan handed over', () => {
    const ask = [
      'Review this PR for me, do not change anything:',
      '',
      '## Summary',
      'Adds the login form.',
      '',
      '## Test plan',
      '- [x] Manually tested in the browser: log in, log out',
    ].join('\n');
    // Current: ['[x] Manually tested in the browser: log in, log out']: a check the PR author did, said to be left undone.
    expect(planChecksNotRun([{ kind: 'ask', text: ask }, ...run('c1', 'gh pr diff 12')])).toEqual([]);
  });

  it('a subagent prompt (a sidechain ask, Claude Code 1.0 kept them in the main log) is no plan the user handed over', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Add a login form' },
      { kind: 'ask', text: PLAN.replace('Implement the following plan:', 'You are a subagent. Do this:'), sidechain: true },
      ...run('c1', 'npm test'),
    ];
    expect(planChecksNotRun(events)).toEqual([]);
  });

  it('a plan replaced by a later one the user approved (ExitPlanMode) no longer asks for its checks', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: PLAN },
      ...run('c1', 'npm test'),
      { kind: 'ask', text: 'Forget the login form, we use SSO now. Plan the SSO instead.' },
      { kind: 'tool', id: 'p1', name: 'ExitPlanMode', input: { plan: '# SSO\n## Verification\n- `npm test`' } },
      { kind: 'result', id: 'p1', ok: true, output: 'User has approved your plan.' },
      ...run('c2', 'npm test'),
    ];
    // Current: ['Manual testing: open the app in the browser and log in'] — the dropped plan's check.
    expect(planChecksNotRun(events)).toEqual([]);
  });

  it('a check the user says they did themselves is not left to do', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: PLAN },
      ...run('c1', 'npm test'),
      { kind: 'say', text: 'Done: all tests pass. Please try it in the browser.' },
      { kind: 'ask', text: 'I tested it in the browser, login works. Commit it.' },
      ...run('c2', 'git commit -am "login form"'),
    ];
    // Current: ['Manual testing: open the app in the browser and log in'].
    expect(planChecksNotRun(events)).toEqual([]);
  });
});
