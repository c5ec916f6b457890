import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, cli, isolatedEnv, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/**
 * Runs a command again until its cache is only read (it is made anew after each of the first few
 * runs), each run answering as the first did; returns how many runs wrote it.
 */
function untilOnlyRead(file: string, run: () => { status: number | null; stdout: string }, expected: string): number {
  for (let writes = 1; writes <= 6; writes++) {
    const written = statSync(file).mtimeMs;
    const r = run();
    expect([r.status, r.stdout]).toEqual([0, expected]);
    if (statSync(file).mtimeMs === written) return writes;
  }
  throw new Error(`${file} is still written after 6 runs`);
}

describe('the hooks, status, resume, recall and save run with V8 code cache', () => {
  const env = isolatedEnv();
  const dir = tempRepo(env);
  expect(cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env }).status).toBe(0);
  const code = join(env.GIT_SESSION_CACHE_DIR!, 'code');
  const cached = (): string[] => readdirSync(code).sort();

  it('keeps the compiled code after its first runs, then only reads it, and answers the same from it', () => {
    // The save before kept its own.
    expect(cached()).toEqual([expect.stringMatching(/^fast-save\.bundle\.cjs-[0-9a-f]{8}-v[\d.]+-\w+-[0-9a-f]{8}-\d+-\d+-\d+-\d+\.bin$/)]);
    const first = cli(['resume', '-p'], { cwd: dir, env });
    expect(first.status, first.stderr).toBe(0);
    expect(cached()).toEqual([
      expect.stringMatching(/^fast-resume\.bundle\.cjs-[0-9a-f]{8}-v[\d.]+-\w+-[0-9a-f]{8}-\d+-\d+-\d+-\d+\.bin$/),
      expect.stringMatching(/^fast-save\./),
    ]);
    const file = join(code, cached()[0]!);
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = cli(['resume', '-p'], { cwd: dir, env });
    expect([again.status, again.stdout, again.stderr]).toEqual([0, first.stdout, '']);
    // Written after each of its first three runs, then only read.
    expect(untilOnlyRead(file, () => cli(['resume', '-p'], { cwd: dir, env }), first.stdout)).toBe(2);
    const recall = cli(['recall', 'what', 'failed'], { cwd: dir, env });
    expect(recall.status, recall.stderr).toBe(0);
    expect(cached()).toHaveLength(3);
    expect(cli(['recall', 'what', 'failed'], { cwd: dir, env }).stdout).toBe(recall.stdout);
  });

  it('makes the cache again when V8 refuses it, and hands unknown options to the full CLI with or without one', () => {
    const file = join(
      code,
      cached().find((f) => f.startsWith('fast-resume'))!,
    );
    const expected = cli(['resume', '-p'], { cwd: dir, env }).stdout;
    writeFileSync(file, 'not what V8 wrote');
    expect(cli(['resume', '-p'], { cwd: dir, env }).stdout).toBe(expected);
    expect(readFileSync(file).length).toBeGreaterThan(1000);
    const unknown = cli(['resume', '--no-such-option'], { cwd: dir, env });
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining("unknown option '--no-such-option'")]);
    for (const command of ['recall', 'save']) {
      const help = cli([command, '--help'], { cwd: dir, env });
      expect([help.status, help.stdout]).toEqual([0, expect.stringContaining(`Usage: git session ${command}`)]);
    }
  });

  it('runs the hooks and status from it, a hook that imports its heavier code included', () => {
    const start = JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: dir });
    const first = cli(['hook', 'session-start'], { cwd: dir, env, input: start });
    expect(first.status).toBe(0);
    // The snapshot of the save above, told through the lazily imported SessionStart code.
    expect(JSON.parse(first.stdout).hookSpecificOutput.additionalContext).toContain('You are resuming');
    const hook = cached().find((f) => f.startsWith('hook.bundle.cjs-'));
    expect(hook).toBeDefined();
    expect(cli(['hook', 'session-start'], { cwd: dir, env, input: start })).toMatchObject({ status: 0, stdout: first.stdout, stderr: '' });
    expect(untilOnlyRead(join(code, hook!), () => cli(['hook', 'session-start'], { cwd: dir, env, input: start }), first.stdout)).toBe(2);
    const status = cli(['status', '--json', '-t', SAMPLE], { cwd: dir, env });
    expect(status.status, status.stderr).toBe(0);
    expect(cached().some((f) => f.startsWith('fast-status.bundle.cjs-'))).toBe(true);
    expect(cli(['status', '--json', '-t', SAMPLE], { cwd: dir, env }).stdout).toBe(status.stdout);
  });

  it("drops an earlier build's cache of a bundle when it keeps the new one", () => {
    const hook = cached().find((f) => f.startsWith('hook.bundle.cjs-'))!;
    // The same bundle of another size (an earlier build), and the new build's cache not made yet.
    const stale = hook.replace(/-\d+-\d+-\d+-\d+\.bin$/, '-1-2-3-4.bin');
    expect(stale).not.toBe(hook);
    writeFileSync(join(code, stale), 'old');
    // And one named as the release before named them (the folder key, then the size and time).
    const [bundle, key] = hook.split('-');
    writeFileSync(join(code, `${bundle}-${key}-180129-1796630339153-${process.version}-${process.arch}.bin`), 'older');
    rmSync(join(code, hook));
    expect(cli(['hook', 'post-commit'], { cwd: dir, env }).status).toBe(0);
    expect(cached().filter((f) => f.startsWith('hook.bundle.cjs-'))).toEqual([hook]);
  });
});
