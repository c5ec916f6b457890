// Review s43, finding: messageOf (2854663) reads every here-document and every -m/-b/--body value
// of the whole command line as the commit's message. In a compound command the file a heredoc
// writes, a pull request's description, or a tag's annotation becomes "the commit's message";
// the first line of a heredoc that is not the subject is dropped; a subject with a `$` shifts the
// -m values so the real body is dropped as if it were the subject.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** The message body the trail keeps with the commit `command` made. */
function bodyKept(command: string, subject: string): string {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'commit it' },
    { kind: 'command', id: 'c', command },
    { kind: 'result', id: 'c', ok: true, exitCode: 0, output: `[main 6ddd049] ${subject}\n 1 file changed` },
  ];
  const commits = buildTrail(events, '/repo', '/repo').commits;
  expect(commits[0]?.text).toMatch(/^6ddd049 /);
  return commits[0]!.output ?? '';
}

describe("what the trail keeps as a commit's message", () => {
  it('is not the text of a file a heredoc wrote in the same command', () => {
    const command = [
      "cat > CHANGELOG.md <<'EOF'",
      '# Changelog',
      '## 1.2.0',
      '- Retry the deploy lock',
      'EOF',
      'git add -A && git commit -m "Release 1.2.0"',
    ].join('\n');
    expect(bodyKept(command, 'Release 1.2.0')).toBe('');
  });

  it("is not the pull request's description (first line dropped) when the PR is opened in the same command", () => {
    const command = [
      'git commit -m "Retry the deploy lock" && git push -u origin HEAD && gh pr create --title "Retry the deploy lock" --body "$(cat <<\'EOF\'',
      'Closes #41: the deploy failed while the cleanup held the workspace.',
      '- retries once a second',
      'EOF',
      ')"',
    ].join('\n');
    expect(bodyKept(command, 'Retry the deploy lock')).not.toBe('- retries once a second');
  });

  it('keeps the first line of a body given as a second -m from a heredoc', () => {
    const command = [
      'git commit -m "Retry the deploy lock" -m "$(cat <<\'EOF\'',
      'The cleanup still holds the workspace for a second after a deploy.',
      'Retry while the error is workspace_held.',
      'EOF',
      ')"',
    ].join('\n');
    expect(bodyKept(command, 'Retry the deploy lock')).toContain('The cleanup still holds the workspace');
  });

  it("is not a tag's annotation made in the same command", () => {
    expect(bodyKept('git commit -m "Release 1.2.0" && git tag -a v1.2.0 -m "First release with the lock retry"', 'Release 1.2.0')).toBe('');
  });

  it('keeps the body when the subject names a shell variable', () => {
    expect(
      bodyKept('git commit -m "Read the config from $XDG_CONFIG_HOME" -m "HOME-relative paths broke on NixOS."', 'Read the config from /home/u/.config'),
    ).toBe('HOME-relative paths broke on NixOS.');
  });
});
