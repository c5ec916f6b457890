import { describe, expect, it } from 'vitest';
import { commandPurpose, isLookAround } from '../../src/extract/commands.js';
import { buildTrail } from '../../src/trail/build.js';
import { firstErrorLine, isRejection, missingProgram, isTestCommand, isVerifyCommand, testCounts, verifyKind, withoutCd } from '../../src/extract/signals.js';
import { verificationStatus } from '../../src/extract/commands.js';
import { announcedNext, isClosingMessage, isContinuation, turnOutcome } from '../../src/extract/completion.js';
import { commandFiles } from '../../src/extract/files.js';

describe('command and output signals', () => {
  it('knows test, build, lint and type-check runs across ecosystems', () => {
    for (const c of [
      'npm test',
      'pnpm run build',
      'npx vitest run',
      'python -m pytest -x',
      'cargo clippy',
      'go vet ./...',
      'mix test',
      'mix credo',
      'uv run pytest tests/unit',
      './gradlew build',
      'eslint src',
    ])
      expect(isVerifyCommand(c), c).toBe(true);
    for (const c of ['ls -la', 'git status', 'cat package.json', 'echo testing']) expect(isVerifyCommand(c), c).toBe(false);
    expect(isTestCommand('npm test')).toBe(true);
    expect(isTestCommand('npm run build')).toBe(false);
  });

  it('reads pass/fail counts from the common runners', () => {
    expect(testCounts(' Tests  2 failed | 40 passed (42)')).toEqual({ failed: 2, passed: 40 });
    expect(testCounts('===== 3 failed, 10 passed in 1.2s =====')).toEqual({ failed: 3, passed: 10 });
    expect(testCounts('FAILED (failures=2)')).toEqual({ failed: 2, passed: undefined });
    expect(testCounts('all good')).toEqual({ failed: undefined, passed: undefined });
    // bun test: each count on a line of its own.
    expect(testCounts('bun test v1.3.9\n\n 99 pass\n 0 fail\n 212 expect() calls\nRan 99 tests across 3 files. [16.00ms]')).toEqual({ failed: 0, passed: 99 });
    expect(testCounts(' 97 pass\n 2 fail\n')).toEqual({ failed: 2, passed: 97 });
  });

  it('picks the line that names the error, not the exit code', () => {
    expect(firstErrorLine('Exit code 1\n\nsrc/a.ts(3,1): error TS2304: Cannot find name x')).toBe('src/a.ts(3,1): error TS2304: Cannot find name x');
    expect(firstErrorLine('Exit code 2\nsomething odd')).toBe('something odd');
    // A line that only says an error happened: the error is the next line.
    expect(firstErrorLine('> Build error occurred\n[TypeError: generate is not a function]\n> next build')).toBe(
      '> Build error occurred [TypeError: generate is not a function]',
    );
    expect(firstErrorLine('Failed to compile.\n./src/a.ts\nType error: x')).toBe('Failed to compile.');
    // A line that names the failing test is no mere announcement.
    expect(firstErrorLine('FAIL test/client.test.ts > honours Retry-After\nError: Timeout of 5000ms exceeded')).toBe(
      'FAIL test/client.test.ts > honours Retry-After',
    );
  });

  it('tells a rejected or interrupted call from a failure', () => {
    expect(isRejection("The user doesn't want to proceed with this tool use.")).toBe(true);
    expect(isRejection('[Request interrupted by user for tool use]')).toBe(true);
    expect(isRejection('Error: ENOENT')).toBe(false);
  });

  it('sees through cd, wrappers and subshells to the purpose of a command', () => {
    expect(withoutCd('cd app && cd web && npm test')).toBe('npm test');
    expect(commandPurpose('cd app && FOO=1 npx vitest run test/a.test.ts')).toEqual({ tool: 'vitest', targets: ['test/a.test.ts'] });
    expect(commandPurpose('(source .venv/bin/activate && pytest)').tool).toBe('pytest');
    expect(commandPurpose('git -C ../repo push -u origin main').tool).toBe('git push');
    expect(commandPurpose('npm run test:unit -- --watch=false').tool).toBe('npm test:unit');
    expect(isLookAround('git -C ../repo log --oneline -3')).toBe(true);
    expect(isLookAround('find . -name "*.ex" -exec grep -l Live {} \\; 2>/dev/null')).toBe(true);
    expect(isLookAround('rm -rf build')).toBe(true);
    expect(isLookAround('git commit -m "x"')).toBe(false);
    // git's other readers: a search through them that finds nothing (exit 1) blocks nothing.
    expect(isLookAround("git ls-tree -r --name-only origin/main | rg '^docs/'")).toBe(true);
    expect(isLookAround('git cat-file -p HEAD:package.json')).toBe(true);
    expect(isLookAround('git merge-base HEAD origin/main')).toBe(true);
    // A program asked for its help or version: a failed one blocks nothing (`vercel help storage`: '"help" is not a valid target').
    expect(isLookAround('npx vercel help storage')).toBe(true);
    expect(isLookAround('npx vercel deploy --help')).toBe(true);
    expect(isLookAround('cd web && node --version')).toBe(true);
    expect(isLookAround('npx vercel deploy --prod --yes')).toBe(false);
    expect(isLookAround('cargo test -- -h2')).toBe(false);
    // And what it printed stays in the trail: a tool's options answer later questions.
    const trail = buildTrail(
      [
        { kind: 'command', id: 'h1', command: 'python3 extract.py --help' },
        { kind: 'result', id: 'h1', ok: true, exitCode: 0, output: 'usage: extract.py [-h] [--all-reviews] [pr_input]' },
        { kind: 'command', id: 'h2', command: 'ls -la' },
        { kind: 'result', id: 'h2', ok: true, exitCode: 0, output: 'total 0' },
      ],
      '/repo',
      '/repo',
    );
    // A listing too, as only looking; the help is no mere look (what it lists is the tool's, not a file's).
    expect(trail.commands.map((c) => [c.text, c.looked ?? false])).toEqual([
      ['python3 extract.py --help', false],
      ['ls -la', true],
    ]);
  });
});

describe('what the live agents showed (issues #21, #22)', () => {
  it('a failing node --test names the test and the assertion, not the YAML marker "error: |-"', () => {
    const tap =
      "TAP version 13\n# Subtest: adds\nnot ok 1 - adds\n  ---\n  duration_ms: 1.88\n  failureType: 'testCodeFailure'\n  error: |-\n    Expected values to be strictly equal:\n    \n    -1 !== 3\n    \n  code: 'ERR_ASSERTION'\n";
    expect(firstErrorLine(tap)).toBe('adds: Expected values to be strictly equal: -1 !== 3');
  });

  it('"keep going" and its kin go on with the work: not a request, not closing it', () => {
    for (const t of ['Keep going.', 'continue', 'Go on', 'ok, proceed', 'Yes, continue please', 'go ahead', 'Carry on with the next step.'])
      expect(isContinuation(t), t).toBe(true);
    for (const t of ['Go on with the --separator option.', 'Continue the migration of src/db in three steps', 'keep the API stable'])
      expect(isContinuation(t), t).toBe(false);
    expect(isClosingMessage('go ahead')).toBe(false);
    expect(isClosingMessage('thanks, ship it')).toBe(true);
  });

  it('an answer that announces the next step is work under way, not finished work', () => {
    expect(turnOutcome('Created a first src/cli.js. Next I will add argument parsing and a --separator option.')).toBe('continuing');
    expect(announcedNext('Created src/cli.js. Next I will add argument parsing.')).toBe('Next I will add argument parsing.');
    expect(turnOutcome('Added the parser and its tests; all tests pass.')).toBe('done');
    expect(turnOutcome('Done. Next, would you like me to add docs?')).toBe('done');
  });

  it('a redirection inside a quoted argument writes no file, also with escaped quotes in it', () => {
    expect(commandFiles('uv run python -c "print(f\'{\\"a\\" > b}\')\nx = 1 > 0"').written).toEqual([]);
    expect(commandFiles('python -c "import sys; print(2 > 1)" > out.txt').written).toEqual(['out.txt']);
    // A dependency added or removed by name changes the project's manifest; a global or a plain install does not.
    expect(commandFiles('cd assets && npm install highlight.js').written).toEqual(['package.json']);
    expect(commandFiles('npm install --save-dev happy-dom').written).toEqual(['package.json']);
    expect(commandFiles('pnpm add -D vite').written).toEqual(['package.json']);
    expect(commandFiles('uv add httpx').written).toEqual(['pyproject.toml']);
    expect(commandFiles('cargo add serde --features derive').written).toEqual(['Cargo.toml']);
    expect(commandFiles('npm install -g typescript').written).toEqual([]);
    expect(commandFiles('npm install').written).toEqual([]);
    expect(commandFiles('npm i --no-save left-pad').written).toEqual([]);
    // A submodule added is a folder written; what is inside .git is git's, not the project's.
    expect(commandFiles('git submodule add https://github.com/daaain/online-llm-tokenizer.git public/tokenizer').created).toEqual(['public/tokenizer']);
    expect(commandFiles('git submodule add -b main git@github.com:me/lib.git').created).toEqual(['lib']);
    expect(commandFiles('git rm -f public/tokenizer && rm -rf .git/modules/public/tokenizer').deleted).toEqual(['public/tokenizer']);
    expect(commandFiles('echo x >> .git/info/exclude').written).toEqual([]);
    expect(commandFiles("echo 'a > b' >> notes.md").written).toEqual(['notes.md']);
  });

  it('files a shell command wrote or deleted, in compound commands too', () => {
    expect(commandFiles("printf '\\n## sum\\n' >> README.md && git rm -q NOTES.md")).toEqual({ written: ['README.md'], deleted: ['NOTES.md'], created: [] });
    expect(commandFiles('sed -i "s/a/b/" src/x.ts; touch CHANGELOG.md')).toEqual({ written: ['src/x.ts', 'CHANGELOG.md'], deleted: [], created: [] });
    expect(commandFiles('mv old.js new.js')).toEqual({ written: ['new.js'], deleted: ['old.js'], created: [] });
    expect(commandFiles('npm test > /dev/null 2>&1 | tee log.txt')).toEqual({ written: [], deleted: [], created: [] });
    expect(commandFiles('git status')).toEqual({ written: [], deleted: [], created: [] });
  });
});

describe('what a verifying run checks', () => {
  it('names a lint, a type check or a build by what it is: a lint that passed is not a build that passed', () => {
    // A formatter that rewrites files verifies nothing; run with --check it does.
    expect(['uv run ruff format', 'ruff format src', 'uv run ruff format --check', 'ruff check .'].map(isVerifyCommand)).toEqual([false, false, true, true]);
    expect(['ruff check .', 'npm run lint', 'npx tsc --noEmit', 'mypy src', 'cargo build', 'make'].map(verifyKind)).toEqual([
      'lint',
      'lint',
      'type check',
      'type check',
      'build',
      'build',
    ]);
    const run = (command: string, output: string, index: number) => ({ index, command, output, outcome: 'ok' as const, exitCode: 0 });
    expect(verificationStatus([run('uv run pytest', '68 passed in 2.1s', 0), run('ruff check .', 'All checks passed!', 1)]).status).toBe(
      'tests passing: 68; lint passing',
    );
    // A run of chosen tests counts those, not the suite.
    expect(verificationStatus([run('uv run pytest', '68 passed', 0), run('uv run pytest tests/test_link.py::test_back -v', '1 passed', 1)]).status).toBe(
      'selected tests passing: 1',
    );
    expect(verificationStatus([run('npx vitest run -t "parses dates"', '3 passed', 0)]).status).toBe('selected tests passing: 3');
    // The whole suite, whatever file its config, report or log has a name with "test" in it.
    for (const whole of [
      'npm test > test-output.txt 2>&1',
      'pytest 2>&1 | tee test_output.log',
      'npx vitest run --config vitest.config.ts',
      'pytest --junitxml=test-results.xml',
      'pytest -c pytest.ini',
    ])
      expect(verificationStatus([run(whole, '68 passed', 0)]).status, whole).toBe('tests passing: 68');
    expect(verificationStatus([run('python -m pytest tests\\test_cli.py', '4 passed', 0)]).status).toBe('selected tests passing: 4');
  });
});

describe('a program the machine lacks', () => {
  it('is named from what the shell said, in each shell’s words, and nothing else is', () => {
    expect(missingProgram('bash: docker: command not found')).toBe('docker');
    expect(missingProgram('(eval):1: command not found: docker')).toBe('docker');
    expect(missingProgram('/bin/sh: 1: pnpm: not found')).toBe('pnpm');
    expect(missingProgram("'docker' is not recognized as an internal or external command,")).toBe('docker');
    expect(missingProgram('fatal: not found\nError: module not found')).toBeUndefined();
  });
});

describe("a linter's error at a line and column", () => {
  it('says the file it is in, from the line above it', () => {
    const eslint = [
      '/Users/me/app/src/lib/__tests__/parsers.test.ts',
      '  1:1   error  `vitest` import should occur after import of `path`  import/order',
      '✖ 1 problem (1 error, 0 warnings)',
    ].join('\n');
    expect(firstErrorLine(eslint)).toBe('…/__tests__/parsers.test.ts 1:1   error  `vitest` import should occur after import of `path`  import/order');
    expect(firstErrorLine('src/a.ts\n  3:5  error  Unexpected any')).toBe('src/a.ts 3:5  error  Unexpected any');
    // An error that names its own place keeps its words.
    expect(firstErrorLine('src/a.ts:3:5 - error TS2345: bad')).toBe('src/a.ts:3:5 - error TS2345: bad');
  });
});
