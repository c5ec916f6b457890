// Review s43, finding: the "pull request" session fact derived from gh commands (84835a6) takes
// the LAST github.com/…/pull/N address anywhere in the output, and any `gh pr view`, whatever
// repository it names. The prompt then says "Session: … · pull request #9 …" of a PR the
// session did not work on.
import { describe, expect, it } from 'vitest';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const gh = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output },
];
const prFact = (events: TranscriptEvent[]) =>
  sessionFacts({ cwd: '/repo' }, 'codex', events)
    .map((f) => f.text)
    .find((f) => f.startsWith('pull request: '));

describe('the pull request a session worked on, from its gh commands', () => {
  it("is the PR `gh pr view` shows, not one its description links to (gh's non-TTY output prints the body after the url)", () => {
    const view = gh(
      'v',
      'gh pr view 11',
      [
        'title:\tRetry the deploy lock',
        'state:\tOPEN',
        'author:\talice',
        'number:\t11',
        'url:\thttps://github.com/o/r/pull/11',
        'additions:\t40',
        'deletions:\t3',
        '--',
        'Follow-up to https://github.com/o/r/pull/9, which added the lock.',
      ].join('\n'),
    );
    expect(prFact(view)).toBe('pull request: #11 https://github.com/o/r/pull/11');
  });

  it('is the PR `gh pr diff 11` is of, not one a changelog line in the diff links to', () => {
    const diff = gh(
      'd',
      'gh pr diff 11',
      [
        'diff --git a/CHANGELOG.md b/CHANGELOG.md',
        '@@ -1,3 +1,4 @@',
        ' ## Unreleased',
        '+- Retry the deploy lock',
        ' - Faster startup ([#7](https://github.com/o/r/pull/7))',
      ].join('\n'),
    );
    expect(prFact(diff)).not.toBe('pull request: #7 https://github.com/o/r/pull/7');
  });

  it("is not another repository's PR the agent only read (`--repo`, or a full address)", () => {
    const upstream = gh(
      'u',
      'gh pr view 4521 --repo nodejs/node --json title,url',
      '{"title":"fs: fix watch","url":"https://github.com/nodejs/node/pull/4521"}',
    );
    expect(prFact(upstream) ?? '').not.toMatch(/^pull request: #4521 https:\/\/github\.com\/nodejs\/node\/pull\/4521$/);
    const byUrl = gh('w', 'gh pr view https://github.com/nodejs/node/pull/4521', 'title:\tfs: fix watch\nurl:\thttps://github.com/nodejs/node/pull/4521');
    expect(prFact(byUrl) ?? '').not.toMatch(/^pull request: #4521 https:\/\/github\.com\/nodejs\/node\/pull\/4521$/);
  });
});
