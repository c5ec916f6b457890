/** How the checks stand at the end: tests and build by their latest runs, and code changed after them. */
import type { TranscriptEvent } from '../transcript/index.js';
import type { CommandRun } from './commands.js';
import { selectsLines } from './piped.js';
import { isTestCommand, isVerifyCommand, testCounts, verifyKind } from './signals.js';

/**
 * A test run of chosen tests: a test's name (`::`, -k, -t, --grep, `cargo test name`), or a test file (a source
 * file: not the config, report or log of a whole run, `vitest.config.ts`, `> test-output.txt`).
 */
const SELECTED_TESTS =
  /::|\bcargo\s+(?:test|nextest\s+run)\s+(?!-)\w|\s(?:-k|-t|--grep|--testNamePattern|--filter)[\s=]|\s(?!\S*conf)(?:\S*[/\\])?[\w.-]*(?:test|spec)[\w.-]*\.(?:py|[cm]?[jt]sx?|rb|go|rs|java|kt|php|exs?|cs|swift)(?=[\s:]|$)/;

/** Tests and build, each by its latest run: a passing build must not hide failing tests. */
export function verificationStatus(runs: CommandRun[]): { status?: string; lastVerify?: CommandRun } {
  const verify = runs.filter((r) => isVerifyCommand(r.command) && r.outcome !== 'unknown');
  const line = (r: CommandRun | undefined, kind: string): string | undefined => {
    if (!r) return undefined;
    const counts = testCounts(r.output);
    return r.outcome === 'failed'
      ? `${kind} failing${counts.failed !== undefined ? `: ${counts.failed}` : ''}`
      : `${kind} passing${counts.passed !== undefined ? `: ${counts.passed}` : ''}`;
  };
  const tests = verify.findLast((r) => isTestCommand(r.command));
  const other = verify.findLast((r) => !isTestCommand(r.command));
  // A run of chosen tests (a file, a name, -k): its count is of those, not of the suite.
  const plain = line(tests, 'tests');
  const testLine = tests && plain && SELECTED_TESTS.test(tests.command) && /: \d+$/.test(plain) ? `selected ${plain}` : plain;
  const status = [testLine, other && `${selectsLines(other.command) ? 'selected ' : ''}${line(other, verifyKind(other.command))}`].filter(Boolean).join('; ');
  return { status: status || undefined, lastVerify: verify.at(-1) };
}

/** Source code, as a test or a type check would cover it (not a document, a stylesheet or a config file). */
const CODE = /\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|swift|c|cc|cpp|h|hpp|cs|php|exs?|scala|dart|lua|vue|svelte)$/i;

/**
 * When the session changed code after its last test or check: "tests passing" is then of the code
 * before, and the closing words ("all working") the agent's own claim. A session that ran no check
 * at all claims no passing status (said in 25 bytes it cost a completed task of the 2 KB).
 */
export function uncheckedEdits(events: TranscriptEvent[], runs: CommandRun[]): string | undefined {
  const failed = new Set(events.flatMap((e) => (e.kind === 'result' && !e.ok ? [e.id] : [])));
  const lastEdit = events.findLastIndex((e) => e.kind === 'edit' && !failed.has(e.id) && e.paths.some((p) => CODE.test(p)));
  // The tests when they ran (a later lint does not run them), else any check.
  const checks = runs.filter((r) => isVerifyCommand(r.command) && r.outcome !== 'unknown');
  const last = checks.findLast((r) => isTestCommand(r.command)) ?? checks.at(-1);
  return last && lastEdit > last.index ? `code changed after the last ${isTestCommand(last.command) ? 'test run' : 'check'}` : undefined;
}
