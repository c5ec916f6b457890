// Review s44b (/work/review-s44b/findings.md), area 1 (e5d6907): a commit whose output has no "[branch hash] subject" is now named
// by its `-m`/`-F -` subject and said to be "committed". But an `ok` commit command with no summary
// is not always a quiet commit that made a commit: `git commit … || true` and `git commit … | tail`
// exit 0 when git said "nothing to commit"; and the first hex word of the output is not always the
// commit's hash (lint-staged, run by the pre-commit hook that `-q` does not silence, prints the hash
// of its backup stash first).
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const commitsOf = (command: string, output: string) => {
  const events: TranscriptEvent[] = [
    { kind: 'command', id: 'c', command, at: '2026-07-01T10:00:00.000Z' },
    { kind: 'result', id: 'c', ok: true, exitCode: 0, output },
  ];
  return buildTrail(events, '/repo', '/repo').commits.map((c) => c.text);
};

describe('a commit command that printed no summary', () => {
  it('is not said to have committed when git said "nothing to commit" (`|| true`)', () => {
    const texts = commitsOf('git add -A && git commit -q -m "Bump version to 1.2.0" || true', 'On branch main\nnothing to commit, working tree clean');
    expect(texts.join('\n')).not.toMatch(/\(committed/);
  });

  it('is not said to have committed when git said "nothing to commit" through a pipe (no `-q`)', () => {
    const texts = commitsOf('git add -A && git commit -m "Bump version to 1.2.0" 2>&1 | tail -3', 'On branch main\nnothing to commit, working tree clean');
    expect(texts.join('\n')).not.toMatch(/\(committed/);
  });

  it("is not named by lint-staged's backup stash hash", () => {
    const texts = commitsOf(
      "git commit -q -F - <<'MSG'\nfeat(export): stream rows as CSV\n\nAvoids holding the whole table in memory.\nMSG",
      '✔ Backed up original state in git stash (20addf8)\n✔ Running tasks for staged files...\n✔ Applying modifications from tasks...\n✔ Cleaning up temporary files...',
    );
    expect(texts.join('\n')).not.toMatch(/20addf8/);
  });
});
