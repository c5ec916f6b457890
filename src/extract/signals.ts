/** Command and output signals: what verifies the work, counts, error lines, look-around. */
import type { TranscriptEvent } from '../transcript/index.js';
import { isBookkeeping } from '../log/events.js';
import { remembered } from '../memo.js';
import { oneLine } from './text.js';

const VERIFY =
  /(?:^|[\s;&|(])(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|build|lint|typecheck|check|ci|verify)\b|npx\s+(?:vitest|jest|tsc|mocha|playwright|eslint)\b|vitest\b|jest\b|pytest\b|python3? -m (?:pytest|unittest)\b|tox\b|cargo\s+(?:test|build|check|clippy|nextest)\b|go\s+(?:test|build|vet)\b|make(?:\s+(?:test|check|build|all))?(?:\s|$)|mvn\b|gradle\w*\b|\.\/gradlew\b|tsc\b|ruff\b(?!\s+format\b(?![^|;&\n]*\s--(?:check|diff)\b))|mypy\b|(?:based)?pyright\b|ty\s+check\b|deno\s+test\b|ctest\b|dotnet\s+(?:test|build)\b|rspec\b|bundle exec rspec\b|mix\s+(?:test|compile|credo|dialyzer)\b|eslint\b|biome\s+(?:check|lint)\b|golangci-lint\b|flake8\b|pylint\b|swift (?:test|build)\b|phpunit\b)/;
const TEST_WORDS = /test|spec|vitest|jest|pytest|rspec|ctest|phpunit|tox/;

const LINT = /\b(?:lint|eslint|ruff|flake8|pylint|clippy|golangci-lint|credo|biome)\b/;
const TYPE_CHECK = /\b(?:tsc|mypy|pyright|ty check|typecheck|type-check|dialyzer|vet)\b/;

/** What a verifying command that runs no tests checks, as a status names it: "lint", "type check", else "build". */
export const verifyKind = (cmd: string): string => (LINT.test(cmd) ? 'lint' : TYPE_CHECK.test(cmd) ? 'type check' : 'build');

/** True for commands that verify the work: a test, build, lint or typecheck run. */
export const isVerifyCommand = remembered((cmd: string): boolean => VERIFY.test(cmd));
export const isTestCommand = (cmd: string): boolean => isVerifyCommand(cmd) && TEST_WORDS.test(cmd);

/** "1 failed | 41 passed", "3 failed, 10 passed", "FAILED (failures=2)" → the counts found. */
export function testCounts(output: string): { failed?: number; passed?: number } {
  // cargo prints a result for each test binary ("test result: ok. 0 passed; …" of one without tests first): their sum,
  // of its last run (`cargo test x && cargo test`: after the last "Finished `test` profile").
  const last = [...output.matchAll(/^[ \t]*Finished `test` profile/gm)].at(-1)?.index ?? 0;
  const cargo = [...output.slice(last).matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed;/gm)];
  if (cargo.length && output.match(/^test result: /gm)!.length > 1)
    return cargo.reduce((n, m) => ({ passed: n.passed + Number(m[1]), failed: n.failed + Number(m[2]) }), { passed: 0, failed: 0 });
  // jest's and vitest's count of tests, not the count of their files before it ("Test Files  2 passed").
  const tests = /^[ \t]*Tests:?[ \t]+[^\n]*\d+ (?:passed|failed)[^\n]*$/m.exec(output);
  if (tests) output = tests[0];
  // A count and its word on one line ("Total: 12" above "Failed: 0" is no "12 failed").
  // bun test ends with " 99 pass" and " 0 fail", each on a line of its own.
  const failed = /(\d+)[ \t]+(?:failed|failing|failures?)\b/i.exec(output) ?? /failures=(\d+)/i.exec(output) ?? /^[ \t]*(\d+) fail[ \t]*$/m.exec(output);
  const passed = /(\d+)[ \t]+(?:passed|passing)\b/i.exec(output) ?? /^[ \t]*(\d+) pass[ \t]*$/m.exec(output);
  return { failed: failed ? Number(failed[1]) : undefined, passed: passed ? Number(passed[1]) : undefined };
}

/** The first line of output that names an error, for a one-line blocker; with `named`, only a line that does. */
export function firstErrorLine(output: string, named = false): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // git's line for a ref it refused ("! [rejected] main -> main (fetch first)") says why, where its "error:" line does not.
  const refused = /^error: failed to push some refs/m.test(output) ? lines.findIndex((l) => /^! \[(?:remote )?rejected\]/.test(l)) : -1;
  const i =
    refused >= 0
      ? refused
      : lines.findIndex(
          (l) =>
            /\b(?:error|exception|assert\w*|fail(?:ed|ure)?|cannot|not found|denied|timeout|panic)\b/i.test(l) &&
            !/^exit code \d+$/i.test(l) &&
            !/^(?:failureType|fail):/i.test(l),
        );
  // None names an error: the first line (`named`: none).
  if (i < 0) return named ? undefined : lines.find((l) => !/^exit code \d+$/i.test(l));
  // A YAML block (`error: |-` in TAP output): the message is the lines under it.
  const block = /^[\w ]+:\s*[|>][-+]?$/.test(lines[i]!)
    ? lines
        .slice(i + 1, i + 4)
        .filter((l) => !/^[\w]+:\s/.test(l))
        .join(' ')
    : lines[i]!;
  // A line that only says an error happened ("> Build error occurred", "Failed to compile."): the error is on the next.
  const said =
    /^(?:>\s*)?[A-Za-z][A-Za-z ]{0,40}[.!:]?$/.test(block) && /\b\w*(?:Error|Exception)\b/.test(lines[i + 1] ?? '') ? `${block} ${lines[i + 1]}` : block;
  // node --test / TAP names the failing test on a line of its own.
  const test = lines.find((l) => /^not ok \d+ - /.test(l))?.replace(/^not ok \d+ - /, '');
  return test && !said.includes(test) ? `${test}: ${said}` : `${fileAbove(lines, i, said)}${said}`;
}

/** A file on a line of its own, as linters list them above their "12:5  error  …" lines. */
const FILE_LINE = /^(?:[A-Za-z]:)?[\w.@~+/\\-]*[\w-]\.[A-Za-z]\w{0,5}$/;

/**
 * The file an error at a line and column is in ("parsers.test.ts 1:1  error …", eslint's stylish
 * format and the like), from the nearest file line above it; a long path by its last two parts.
 */
function fileAbove(lines: string[], i: number, error: string): string {
  if (!/^\d+:\d+\s/.test(error)) return '';
  for (let j = i - 1; j >= 0 && j >= i - 50; j--) {
    if (!FILE_LINE.test(lines[j]!)) continue;
    const parts = lines[j]!.split(/[/\\]/);
    return `${parts.length > 3 ? `…/${parts.slice(-2).join('/')}` : lines[j]} `;
  }
  return '';
}

/** The user declined the call or interrupted it: it did not fail, it did not run. */
export const isRejection = (output: string): boolean =>
  /^(?:the user doesn't want to proceed|\[request interrupted by user|user rejected|aborted by user)/i.test(output.trim());

/**
 * The agent's harness says the user said no to the call before it ran (Claude Code's "The user
 * doesn't want to proceed with this tool use"): not a script's own "Aborted by user" after it ran.
 */
export const isUserRejection = (output: string): boolean => output.trimStart().startsWith("The user doesn't want to proceed with this tool use");

/**
 * The agent's permission settings refused the call before it ran (Claude Code without a person
 * to ask: "Claude requested permissions to use WebSearch, but you haven't granted it yet", "This
 * command requires approval", "ls in '~/.claude' was blocked"; 2.1.2xx's auto mode classifier,
 * "Permission for this action was denied by the Claude Code auto mode classifier. Reason: …"):
 * nothing to fix in the work, the user must allow it or run it.
 */
const PERMISSION_DENIAL =
  /^(?:Claude requested permissions? to .{1,300}?, but you haven'?t granted it yet|This (?:Bash )?command (?:requires approval(?:\.|$)|contains multiple operations\. The following parts? requires? approval)|\S+ in '[^'\n]{1,300}' was blocked\. For security|Permission to use \S+ .{0,300}?has been denied|Permission for this action (?:was denied by the Claude Code auto mode classifier|has been denied)\. Reason: )/;
/** The user's own deny rules refused it: not for the next session to ask to allow. */
const DENIED_BY_RULE = /^Permission to use \S+ .{0,300}?has been denied/;
export const isPermissionDenial = (r: { ok: boolean; output: string }): boolean => !r.ok && PERMISSION_DENIAL.test(r.output.trimStart().slice(0, 400));

/**
 * The calls the permission settings refused that no later call of the same command or tool ran,
 * oldest first, each once, as a resumed session reads them.
 */
export function deniedCalls(
  events: TranscriptEvent[],
  path: (p: string) => string = (p) => p,
  sameWork: (denied: string, later: string) => boolean = () => false,
): string[] {
  const results = new Map<string, { ok: boolean; output: string }>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);
  const out: Array<{ words: string; command?: string }> = [];
  for (const e of events) {
    if (e.kind !== 'command' && e.kind !== 'tool' && e.kind !== 'edit') continue;
    const result = results.get(e.id);
    if (result === undefined) continue;
    const words = callWords(e, path);
    const at = out.findIndex((d) => d.words === words);
    if (at >= 0) out.splice(at, 1);
    // The same work done another way after it (a commit on a branch for one the auto mode classifier refused on main).
    if (e.kind === 'command' && result.ok)
      for (let i = out.length - 1; i >= 0; i--) if (out[i]!.command && sameWork(out[i]!.command!, e.command)) out.splice(i, 1);
    if (isPermissionDenial(result) && !DENIED_BY_RULE.test(result.output.trimStart()))
      out.push({ words, ...(e.kind === 'command' ? { command: e.command } : {}) });
  }
  return out.map((d) => d.words);
}

/** A call as a resumed session reads it: `` `npm test` ``, "Glob mix.exs", "an edit of src/app.ts". */
function callWords(e: Extract<TranscriptEvent, { kind: 'command' | 'tool' | 'edit' }>, path: (p: string) => string): string {
  if (e.kind === 'command') return `\`${oneLine(e.command, 120)}\``;
  if (e.kind === 'edit') return `an edit of ${e.paths.map(path).join(', ')}`;
  const args = Object.values(e.input).filter((v): v is string => typeof v === 'string' && v.length <= 200);
  return oneLine(`${e.name} ${args[0] ?? ''}`, 120);
}

/** The log ends on a call still without its result (the session stopped while it ran): it may or may not have taken effect. */
export function endsOnOpenCall(events: TranscriptEvent[]): boolean {
  const last = events.findLast((e) => !isBookkeeping(e));
  return last?.kind === 'command' || last?.kind === 'tool' || last?.kind === 'edit';
}

/**
 * The calls the agent made last that the user rejected (none ran), oldest first, each as a
 * resumed session reads it: `` `mix phx.server` ``, "Glob mix.exs", "an edit of src/app.ts".
 * Empty when the agent did anything after them, or when its last calls got other results.
 */
export function rejectedAtEnd(events: TranscriptEvent[], path: (p: string) => string = (p) => p): string[] {
  // Read from the end: a call's result comes after it, so it is seen first.
  const rejected = new Set<string>();
  const out: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'result' && isUserRejection(e.output)) rejected.add(e.id);
    if (e.kind === 'result' || e.kind === 'interrupt' || isBookkeeping(e)) continue;
    if ((e.kind !== 'command' && e.kind !== 'tool' && e.kind !== 'edit') || !rejected.has(e.id)) break;
    out.unshift(callWords(e, path));
  }
  return out;
}

/** Look-around commands: when they fail the work is not blocked (exit 1 is "nothing found"). */
const PROBE =
  /^(?:rg|grep|egrep|fgrep|ag|ack|find|fd|ls|test|\[|which|command|type|stat|cat|head|tail|sed|awk|wc|diff|cmp|sleep|pgrep|git\s+(?:diff|status|log|show|grep|rev-parse|ls-files|branch|ls-tree|ls-remote|cat-file|show-ref|for-each-ref|merge-base|name-rev|rev-list|shortlog|check-ignore|cherry)|nl|jq)\b/;
/** PowerShell's reading verbs (`Get-Content`, `Select-String`, `Test-Path`, `Get-ChildItem | Format-List`), when nothing in the line writes. */
const PS_READ = /^(?:Get|Select|Test|Resolve|Measure|Format|Where|Sort|Find|Compare|Show|Split|Join|ConvertTo|ConvertFrom)-\w+/i;
const PS_WRITE = /\b(?:Set|Add|Out|New|Remove|Copy|Move|Rename|Clear|Export)-\w+|>/i;
/**
 * `git branch` that changes branches: deletes, renames, copies, forces, sets an upstream
 * (`-D chore/x`, `-m old new`), or names one to create (`git branch feat`); listing is reading.
 */
const BRANCH_CHANGES =
  /^git\s+branch\s+(?:.*\s)?(?:-[a-zA-Z]*[dDmMcCfu][a-zA-Z]*\b|--(?:delete|move|copy|force|set-upstream-to|unset-upstream|edit-description)\b)|^git\s+branch\s+(?!-)[^\s|;&>]+/;
/** A reading program told to write: `sed -i` edits files in place, `find -delete` removes, `find -exec rm` runs what it is given. */
const WRITES =
  /^sed\s+(?:[^|;&]*\s)?(?:-[a-zA-Z]*i|--in-place)\b|^find\s[^|;&]*\s-(?:delete\b|(?:exec|execdir|ok)\s+(?!(?:grep|egrep|rg|cat|head|tail|wc|ls|file|stat|basename|dirname|echo|jq|du|sha\d*sum|shasum|md5sum|md5|sed\s+-n|awk)\b))/;
export const isProbeCommand = (cmd: string): boolean => {
  const c = withoutCd(cmd);
  return (PROBE.test(c) && !BRANCH_CHANGES.test(c) && !WRITES.test(c)) || (PS_READ.test(c) && !PS_WRITE.test(c));
};

/** `cd dir && npm test` → `npm test`: the directory change is not the command. */
export const withoutCd = (cmd: string): string => cmd.trim().replace(/^(?:cd\s+(?:"[^"]*"|'[^']*'|\S+)\s*(?:&&|;)\s*)+/, '');

/** The program a shell said it cannot find ("docker: command not found", zsh's "command not found: docker", Windows' "'docker' is not recognized…"). */
export function missingProgram(output: string): string | undefined {
  const m =
    /(?:^|\n)(?:\S+: )?(?:line \d+: )?([\w.+-]+): command not found/.exec(output) ??
    /(?:^|\n)\S*sh: \d+: ([\w.+-]+): not found/.exec(output) ??
    /command not found: ([\w.+-]+)/.exec(output) ??
    /'([\w.+-]+)' is not recognized as an internal or external command/.exec(output);
  return m?.[1];
}
