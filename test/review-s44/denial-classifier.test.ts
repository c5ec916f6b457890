// Review s44 (/work/review-s44/findings.md), area 7 (8c3ac1f): Claude Code auto mode's classifier denial as a permission denial.
// The classifier's denial is not "the user has not granted it yet": it says why the action is
// unwanted ("Pushing directly to main bypasses PR review; user asked to tag, not to push to main")
// and invites the agent to reach the goal another way, which it usually does. deniedCalls clears a
// denial only when the very same call runs later, so the next session is told to ask the user to
// allow the action the classifier refused, after the agent already did the work another way
// (labeller-aa entireio+auth-go c3: "Not run, denied by the permission settings (the user must
// allow them or run them): `git add CHANGELOG.md && git commit …`" though PR #9 holds that commit).
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const CLASSIFIER =
  "Permission for this action was denied by the Claude Code auto mode classifier. Reason: Pushing directly to main (default branch) bypasses PR review; user asked to tag, not to push to main.. If you have other tasks that don't depend on this action, continue working on those. IMPORTANT: You *may* attempt to accomplish this action using other tools that might naturally be used to accomplish this goal, e.g. using head instead of cat.";

const manifestOf = (events: TranscriptEvent[]) =>
  extractManifest({
    transcript: { agent: 'claude-code', path: '/x.jsonl', meta: { cwd: '/repo' }, events, stats: { lines: 0, skipped: 0, bytes: 0 } },
    pressure: measurePressure(0, 200_000),
    git: { root: '/repo', dirty: [], stateFiles: [] },
  });

describe('an auto mode classifier denial the agent worked around', () => {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'Finalise the CHANGELOG for v0.3.4 and get it onto main' },
    { kind: 'command', id: 'c1', command: 'git add CHANGELOG.md && git commit -m "v0.3.4: finalise CHANGELOG" && git push origin main' },
    { kind: 'result', id: 'c1', ok: false, output: CLASSIFIER },
    { kind: 'say', text: 'The auto mode classifier blocked the direct push to main (reasonable: it bypasses PR review). I will open a PR instead.' },
    { kind: 'command', id: 'c2', command: 'git checkout -b release/v0.3.4 && git add CHANGELOG.md' },
    { kind: 'result', id: 'c2', ok: true, exitCode: 0, output: "Switched to a new branch 'release/v0.3.4'" },
    { kind: 'command', id: 'c3', command: 'git commit -m "v0.3.4: finalise CHANGELOG"' },
    { kind: 'result', id: 'c3', ok: true, exitCode: 0, output: '[release/v0.3.4 c292c0a] v0.3.4: finalise CHANGELOG\n 1 file changed' },
    { kind: 'command', id: 'c4', command: 'git push -u origin release/v0.3.4 && gh pr create --fill' },
    { kind: 'result', id: 'c4', ok: true, exitCode: 0, output: 'https://github.com/acme/auth-go/pull/9' },
    { kind: 'say', text: 'PR open: https://github.com/acme/auth-go/pull/9 with the finalised CHANGELOG. Merge it and I will tag v0.3.4.' },
  ];

  it('is not left for the user to "allow or run"', () => {
    const m = manifestOf(events);
    expect(m.critical_context.blockers.join('\n')).not.toMatch(/Not run, denied by the permission settings/);
    expect(m.bootstrap_instructions.join('\n')).not.toMatch(/Ask the user to allow or run/);
  });
});
