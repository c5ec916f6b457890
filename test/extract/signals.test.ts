import { describe, expect, it } from 'vitest';
import { commandPurpose, isLookAround } from '../../src/extract/commands.js';
import { firstErrorLine, isRejection, isTestCommand, isVerifyCommand, testCounts, withoutCd } from '../../src/extract/signals.js';

describe('command and output signals', () => {
  it('knows test, build, lint and type-check runs across ecosystems', () => {
    for (const c of ['npm test', 'pnpm run build', 'npx vitest run', 'python -m pytest -x', 'cargo clippy', 'go vet ./...', 'mix test', 'mix credo', 'uv run pytest tests/unit', './gradlew build', 'eslint src']) expect(isVerifyCommand(c), c).toBe(true);
    for (const c of ['ls -la', 'git status', 'cat package.json', 'echo testing']) expect(isVerifyCommand(c), c).toBe(false);
    expect(isTestCommand('npm test')).toBe(true);
    expect(isTestCommand('npm run build')).toBe(false);
  });

  it('reads pass/fail counts from the common runners', () => {
    expect(testCounts(' Tests  2 failed | 40 passed (42)')).toEqual({ failed: 2, passed: 40 });
    expect(testCounts('===== 3 failed, 10 passed in 1.2s =====')).toEqual({ failed: 3, passed: 10 });
    expect(testCounts('FAILED (failures=2)')).toEqual({ failed: 2, passed: undefined });
    expect(testCounts('all good')).toEqual({ failed: undefined, passed: undefined });
  });

  it('picks the line that names the error, not the exit code', () => {
    expect(firstErrorLine('Exit code 1\n\nsrc/a.ts(3,1): error TS2304: Cannot find name x')).toBe('src/a.ts(3,1): error TS2304: Cannot find name x');
    expect(firstErrorLine('Exit code 2\nsomething odd')).toBe('something odd');
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
  });
});
