/**
 * A check piped into a filter (`swift build 2>&1 | tail -20`, `npm test | grep FAIL`) exits with
 * the filter's status, 0 whatever the check did: the shell the agents run has no `pipefail`. How
 * the check ended is then in what it printed.
 */
import { isVerifyCommand, testCounts } from './signals.js';

/** The command ends in a pipe into a filter of its output, and sets no `pipefail`. */
const FILTERED = /\|\s*(?:tail|head|grep|egrep|rg|sed|awk|cut|sort|uniq|tee|cat|less|more|tr|column|wc)\b[^|]*$/;
const PIPEFAIL = /\bset\s+-[a-z]*o\s+pipefail\b|\bpipefail\b/;
/** A checker's own word that it passed: a build's, a checker's, a test run's. */
const PASSED =
  /^\s*(?:Build complete!|BUILD SUCCESSFUL|Compiled successfully|Finished `?\w+`? profile|All checks passed!?|Success: no issues found|Found 0 errors|✓ Built in|built in \d)/im;
/** A line that says the check failed: a compiler's or a tool's error line ("error:", "Error:", "ERROR:"), a failed test or build, make's stop, a crash. */
const ERROR_LINE = /^\s*(?:\S+?(?::\d+(?::\d+)?:|\(\d+,\d+\):)\s*)?(?:fatal )?error(?:\[\w+\]|\s+TS\d+)?:/im;
const FAILED =
  /^\s*(?:FAIL(?:ED)?\b|BUILD FAILED|Build failed|npm ERR!|error Command failed|Traceback \(most recent call last\))|^make(?:\[\d+\])?: \*\*\* .*Error \d+$|command not found$/m;

/**
 * Whether a check that exited 0 through such a pipe failed by what it printed: failed tests
 * counted, or an error line and no word that it passed (a passing test run may log errors).
 */
export function failedThroughPipe(command: string, output: string): boolean {
  if (!isVerifyCommand(command) || !FILTERED.test(command) || PIPEFAIL.test(command)) return false;
  // bun's own count ("  0 fail") first: a passing run may log a failure it tested ("error: Item 3 failed").
  const bun = /^\s*(\d+) fail\s*$/m.exec(output);
  if (bun) return Number(bun[1]) > 0;
  const counts = testCounts(output);
  if (counts.failed !== undefined) return counts.failed > 0;
  return (ERROR_LINE.test(output) || FAILED.test(output)) && !PASSED.test(output);
}
