// Review s43b: pullRequestWorkedOn takes the pull request's number from the first bare number
// anywhere in the gh command's arguments (/(?:^|\s)#?(\d+)(?=\s|$)/), quotes and options
// included: a `--title "Fix #12 retry loop"` or `--interval 10` becomes "the session's PR", and
// when it differs from the number in the address gh printed, the address is dropped.
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

describe('the number of the pull request a gh command worked on', () => {
  it('is the one `gh pr create` opened, not an issue number in its title', () => {
    const create = gh('c', 'gh pr create --title "Fix #12 retry loop" --body "x"', 'https://github.com/o/r/pull/13\n');
    expect(prFact(create)).toBe('pull request: #13 https://github.com/o/r/pull/13');
  });

  it('is not a number in the title ("Use 2 workers")', () => {
    const create = gh('c', 'gh pr create --title "Use 2 workers" --fill', 'https://github.com/o/r/pull/13\n');
    expect(prFact(create)).toBe('pull request: #13 https://github.com/o/r/pull/13');
  });

  it("is not an option's value: `gh pr checks --watch --interval 10` after `gh pr view 13`", () => {
    const events = [
      ...gh('a', 'gh pr view 13', 'url:\thttps://github.com/o/r/pull/13\n'),
      ...gh('b', 'gh pr checks --watch --interval 10', 'All checks were successful\n'),
    ];
    expect(prFact(events)).toBe('pull request: #13 https://github.com/o/r/pull/13');
  });
});
