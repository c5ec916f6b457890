/**
 * A check piped into a filter (`swift build 2>&1 | tail -20`, `pytest | grep -E "passed|failed"`)
 * exits with the filter's status, 0 whatever the check did: the shells the agents run set no
 * `pipefail`. How the check ended is then in what it printed: the lines a tool prints only when
 * it fails, its counts, and its error lines against its word that it passed.
 */
import { remembered } from '../memo.js';
import { QUOTED } from '../log/segments.js';
import { isVerifyCommand } from './signals.js';

/** A stage that filters what came before it. */
const FILTER = /^[ \t]*(?:tail|head|grep|egrep|rg|sed|awk|cut|sort|uniq|tee|cat|less|more|tr|column|wc)\b/;

/**
 * A command line's pipelines, each as its stages, with what each quoted text becomes (`quoted`):
 * a `|` inside quotes (`grep -E "passed|failed"`) is no pipe.
 */
function pipelines(command: string, quoted: (text: string) => string): { plain: string; stages: string[][] } {
  const plain = command.replace(QUOTED, (_, a: string | undefined, b: string | undefined) => quoted(a ?? b ?? ''));
  return { plain, stages: plain.split(/&&|\|\||;|\n/).map((pipeline) => pipeline.split(/\|&?/)) };
}

/** Whether `command` runs a check whose output goes through a filter last, without pipefail. */
function pipedCheck(command: string): boolean {
  // No `|` at all: one stage whatever the quotes.
  if (!command.includes('|')) return false;
  const { plain, stages } = pipelines(command, () => '""');
  if (/\bpipefail\b/.test(plain)) return false;
  return stages.some((s) => s.length > 1 && isVerifyCommand(s[0]!) && FILTER.test(s.at(-1)!));
}

/** Lines a tool prints only when it failed: a package manager's or a build tool's last word, a run that never started. */
const FAILED_RUN =
  /^[ \t]*(?:\[\w+\]\s*)?(?:✘ Test run\b.*\bfailed\b|ERRORS!|error: script "[^"]*" exited with code [1-9]|(?:\S+ )?ELIFECYCLE\b|\S*ERR_PNPM_\w+|npm (?:ERR!|error) code\b|error Command failed|make(?:\[\d+\])?: \*\*\* |error: (?:test failed, to rerun|could not compile)|BUILD FAIL(?:ED|URE)|Build FAILED\.|FAILURES!|Failed to compile\.|Failed:\s+\S+#\S+|× Some errors were emitted|!+ Interrupted: |ImportError while loading conftest|Type error: )|^\S*sh(?:: line \d+|: \d+)?: \S+: (?:command )?not found$|^\S*sh: command not found: |Command "[^"]+" not found$/m;
/** Counts of failures, each on its line: "1 failed, 16 passed", "Tests  1 failed | 26 passed", "; 1 failed;", " 0 fail", "# fail 1", "Failures: 1", "79 errors", "Found 12 errors.", "(2 errors, 1 warning)". */
const FAIL_COUNTS = [
  /(?:^|[,;:|(=]|\b(?:Tests?|Test Files|Test Suites|Suites|Files|Examples|Executed \d+ tests?, with))[ \t]*(?<!\d)(\d+)[ \t]+(?:failed|failing|failures?|fail)\b/gim,
  /^[ \t]*(?:#|ℹ) fail (\d+)/gim,
  /\b(?:Failures|Failed|Errors):[ \t]*(\d+)/g,
  // Not ruff's "Found 2 errors (2 fixed, 0 remaining)": it fixed them.
  /(?:^|[,;:(=]|\bFound)[ \t]*(?<!\d)(\d+)[ \t]+errors?\b(?![ \t]+(?:and|or)\b|[ \t]*\(\d+ fixed, 0 remaining\))/gim,
  /^[ \t]*Errors[ \t]+(\d+)[ \t]+errors?/gim,
];
/** A line that says something failed: an error line (a compiler's, a linter's, a type checker's), a failed test or build, a crash. */
const ERROR_LINE =
  /^[ \t]*(?:\[ERROR\]\s*)?(?:\S+?(?::\d+(?::\d+)?:?|\(\d+,\d+\):)\s*(?:-\s*)?)?(?:fatal )?error(?:\[\w+\]|\s+(?:TS|CS)\d+)?:|^[ \t]*\d+:\d+\s+error\s/im;
/** The same said by a marker, in its own case ("FAIL", not a word "Failed: 0" of a summary). */
const FAIL_LINE = /^[ \t]*(?:\[ERROR\]|FAIL(?:ED)?\b|--- FAIL:|Traceback \(most recent call last\)|[×✕✘]\s|\S+\.go:\d+:\d+: |[A-Z]\d{3,4} (?:\[\*\] )?`)/m;
/** A line that says the check passed: a test run's count with no failure, a build's or a checker's own word. */
const PASS_LINE =
  /(?:^|[,;:|(=]|\bTests?)[ \t]*(?<!\d)\d+[ \t]+(?:passed|passing|pass)\b|^[ \t]*(?:✓\s|OK\b|PASS\b|ok\s+\S+\s+[\d.]+s|Build complete!|BUILD SUCCESSFUL|Build succeeded\.|(?:✓ )?Compiled successfully|Finished `?\w+`? profile|All checks passed!?|Success: no issues found|Found 0 errors|0 errors?, 0 warnings)/im;

/** The last line of `lines` that `re` matches, or -1. */
const lastLine = (lines: string[], re: RegExp): number => lines.findLastIndex((l) => re.test(l));

/**
 * Whether a check that exited 0 through such a pipe failed by what it printed: a line only a
 * failed run prints, a count of failures above 0, or an error line after the last word that it
 * passed (a passing test run logs the errors it tests; a later check of the same line may fail).
 */
export function failedThroughPipe(command: string, output: string): boolean {
  if (!pipedCheck(command)) return false;
  // The check's own status, printed by the command (`echo "exit=${PIPESTATUS[0]}"`).
  // The last such line: the check's own output may say "exit code: 1" of something it ran.
  const status = /\bPIPESTATUS\b/.test(command) ? [...output.matchAll(/\bexit(?:[ _]?code)?\s*[=:]\s*(\d+)/gi)].at(-1) : undefined;
  if (status) return Number(status[1]) > 0;
  if (FAILED_RUN.test(output)) return true;
  for (const re of FAIL_COUNTS) for (const m of output.matchAll(re)) if (Number(m[1]) > 0) return true;
  // An error or failure line after the last line that says it passed (each line tested once at most).
  const lines = output.split('\n');
  for (let i = lines.length - 1, passed = lastLine(lines, PASS_LINE); i > passed; i--) if (ERROR_LINE.test(lines[i]!) || FAIL_LINE.test(lines[i]!)) return true;
  return false;
}

/** A filter's pattern that picks how the run went (its errors, its counts, its summary), not some of its lines by name. */
const OUTCOME_WORDS = /error|fail|pass|warn|ok\b|success|✓|✗|×|tests?\b|summary|total|problem|found|\d/i;

/**
 * Whether `command` shows only the lines of a check that name something (`tsc | grep ezoic`,
 * `pytest 2>&1 | grep test_login`): what it says is of those, not of the whole project.
 */
export const selectsLines = remembered((command: string): boolean => {
  if (!command.includes('|')) return false;
  // The grep's pattern is in its quotes: kept, without its `|`.
  return pipelines(command, (text) => ` ${text.replace(/\|/g, ' ')} `).stages.some((stages) => {
    const grep = /^[ \t]*(?:grep|egrep|rg)\s+((?:-[A-Za-z]+\s+)*)([^]*)$/.exec(stages.at(-1) ?? '');
    const pattern = grep?.[2]!.trim();
    return stages.length > 1 && isVerifyCommand(stages[0]!) && Boolean(pattern) && !/[vcLlq]/.test(grep![1]!) && !OUTCOME_WORDS.test(pattern!);
  });
});
