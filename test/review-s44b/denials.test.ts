// Review s44b (/work/review-s44b/findings.md), area 6 (6a412d9): deniedCalls clears a denied command when a later successful command
// sharesWork with it. sharesWork compares commandPurpose(...).tool of every segment, and that tool is
// coarse: `gh pr` for every gh pr subcommand, `aws`/`prisma`/`psql`/`ssh` for anything they run, and
// `git add` for any staging. So a denial is cleared by an unrelated read or a mere `git add` that did
// none of the refused work, and the next session is never told the refused action did not run.
import { describe, expect, it } from 'vitest';
import { sharesWork } from '../../src/extract/commands.js';
import { extractManifest } from '../../src/extract/index.js';
import { deniedCalls } from '../../src/extract/signals.js';
import { measurePressure } from '../../src/monitor/index.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const CLASSIFIER = (reason: string) =>
  `Permission for this action was denied by the Claude Code auto mode classifier. Reason: ${reason}. If you have other tasks that don't depend on this action, continue working on those. IMPORTANT: You *may* attempt to accomplish this action using other tools that might naturally be used to accomplish this goal, e.g. using head instead of cat.`;

const denied = (id: string, command: string, reason: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: false, output: CLASSIFIER(reason) },
];
const ran = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];

describe('a denial is not cleared by a later command that did none of its work', () => {
  it('`gh pr merge --admin` (bypassing review) is not done by `gh pr view`/`gh pr checks`', () => {
    const events = [
      ...denied('m', 'gh pr merge 42 --admin --squash', 'Merging with --admin bypasses the required review'),
      ...ran('v', 'gh pr checks 42', 'build\tpass\t2m\nlint\tpass\t40s'),
    ];
    expect(sharesWork('gh pr merge 42 --admin --squash', 'gh pr checks 42')).toBe(false);
    expect(deniedCalls(events, undefined, sharesWork)).toEqual(['`gh pr merge 42 --admin --squash`']);
  });

  it('a refused destructive `aws s3 rm` is not done by `aws s3 ls`', () => {
    const events = [
      ...denied('rm', 'aws s3 rm s3://acme-prod-assets --recursive', 'Deleting every object in a production bucket'),
      ...ran('ls', 'aws s3 ls s3://acme-prod-assets/', '2026-07-01 10:00:00  1024 logo.png'),
    ];
    expect(deniedCalls(events, undefined, sharesWork)).toHaveLength(1);
  });

  it('a refused `prisma migrate reset --force` is not done by `prisma generate`', () => {
    const events = [
      ...denied('r', 'npx prisma migrate reset --force', 'Resetting the database drops all data'),
      ...ran('g', 'npx prisma generate', '✔ Generated Prisma Client (v5.22.0)'),
    ];
    expect(deniedCalls(events, undefined, sharesWork)).toHaveLength(1);
  });

  it('a refused commit-and-push to main is not done by a later `git add` of another file (no commit, no push)', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Release 1.2.0: bump the version, commit it and push it to main' },
      ...denied('c', 'git add -A && git commit -m "Release 1.2.0" && git push origin main', 'Pushing directly to main bypasses PR review'),
      ...ran('a', 'git add docs/release-notes.md', ''),
      { kind: 'say', text: 'I staged the release notes. The commit and push to main were blocked; you will need to allow them or push yourself.' },
    ];
    const m = extractManifest({
      transcript: { agent: 'claude-code', path: '/x.jsonl', meta: { cwd: '/repo' }, events, stats: { lines: 0, skipped: 0, bytes: 0 } },
      pressure: measurePressure(0, 200_000),
      git: { root: '/repo', dirty: [], stateFiles: [] },
    });
    expect(m.critical_context.blockers.join('\n')).toMatch(/Not run, denied by the permission settings/);
  });
});
