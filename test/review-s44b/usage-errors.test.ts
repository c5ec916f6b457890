// Review s44b (/work/review-s44b/findings.md), area 3 (cb208f9): USAGE_ERROR (src/extract/commands.ts:200) is tested, with the `m`
// flag, against every line of a failed non-verify command's whole output. Any line starting with
// "usage: " (case-insensitive, so "Usage: ") or "invalid argument"/"unexpected argument"… turns the
// failure into a "slip" that blocks nothing. Scripts print their usage after a real error, and a
// compound command's `--help` step prints one before the step that really failed.
import { describe, expect, it } from 'vitest';
import { commandRuns, unsettledFailures, verificationStatus, type CommandRun } from '../../src/extract/commands.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const failed = (command: string, output: string, exitCode = 1): CommandRun => ({ command, outcome: 'failed', output, index: 0, exitCode });

describe('a real failure is not a usage slip', () => {
  it('a deploy script that fails on a missing credential, then prints its usage, is a blocker', () => {
    const r = failed('./scripts/deploy.sh staging', 'error: AWS_PROFILE is not set; run `aws sso login` first\nusage: deploy.sh <staging|production>');
    expect(unsettledFailures([r])).toHaveLength(1);
  });

  it("a compound command's `--help` step does not hide the traceback of the step that failed", () => {
    const r = failed(
      'python3 scripts/export.py --help && python3 scripts/export.py --out data.csv',
      'usage: export.py [-h] --out OUT\n\noptions:\n  -h, --help  show this help message and exit\n  --out OUT\nTraceback (most recent call last):\n  File "scripts/export.py", line 40, in <module>\n    conn = connect(os.environ["DATABASE_URL"])\nKeyError: \'DATABASE_URL\'',
    );
    expect(unsettledFailures([r])).toHaveLength(1);
  });

  it('a test run the verify list does not know (`python manage.py test`) whose failure output has an "Invalid argument" line is a blocker', () => {
    const r = failed(
      'python manage.py test accounts',
      "Creating test database for alias 'default'...\n======================================================================\nFAIL: test_next_redirect (accounts.tests.LoginTests)\n----------------------------------------------------------------------\nTraceback (most recent call last):\n  File \"accounts/tests.py\", line 31, in test_next_redirect\n    self.assertEqual(resp.status_code, 302, resp.content)\nAssertionError: 400 != 302 : b''\nInvalid argument: next must be a relative URL\n----------------------------------------------------------------------\nRan 14 tests in 0.412s\n\nFAILED (failures=1)",
    );
    expect(unsettledFailures([r])).toHaveLength(1);
  });
});

// Area 3, exit code 130 (commands.ts:61): an interrupted command has no outcome, whatever it printed.
// A test run left in watch mode (`npm test` → vitest/jest watch) that is stopped with Ctrl-C exits 130
// after printing its failures: the failures are dropped, and the status falls back to the earlier pass.

describe('an interrupted run that already printed failures', () => {
  const events: TranscriptEvent[] = [
    { kind: 'command', id: 'a', command: 'npm test' },
    { kind: 'result', id: 'a', ok: true, exitCode: 0, output: ' Test Files  12 passed (12)\n      Tests  148 passed (148)' },
    { kind: 'edit', id: 'e', paths: ['/repo/src/parse.ts'], change: 'return s.split(",")' },
    { kind: 'result', id: 'e', ok: true, output: 'ok' },
    { kind: 'command', id: 'b', command: 'npm test' },
    {
      kind: 'result',
      id: 'b',
      ok: false,
      exitCode: 130,
      output:
        " FAIL  src/parse.test.ts > parse > splits an empty string\nAssertionError: expected [ '' ] to deeply equal []\n Test Files  1 failed | 11 passed (12)\n      Tests  2 failed | 146 passed (148)\n\n Waiting for file changes...\n press h to show help, press q to quit",
    },
  ];

  it('is not reported as "tests passing" from the run before it', () => {
    const { status } = verificationStatus(commandRuns(events));
    expect(status ?? '').not.toMatch(/tests passing/);
  });
});
