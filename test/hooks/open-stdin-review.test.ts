// Review s40 (commit 64cc4a0), finding 1 (fixed): a hook whose stdin is never closed hung.
//
// Before 64cc4a0 readHookInput() read process.stdin for at most 1 s and went on with what it had.
// 64cc4a0 read stdin with blocking readSync() to EOF: a writer that sends the whole payload but
// keeps its end open (Claude Code's SessionEnd on /clear, anthropics/claude-code#79508, macOS)
// left the hook blocked in read(2) until the agent's timeout killed it, so the hook's work (the
// session-end save, the prompt-submit warning) never happened. Now the read ends at the end of a
// whole JSON value.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers.js';
import { criticalSession } from './critical-session.js';

const setup = criticalSession;

/** Runs `args` with the payload written to its stdin, which is then held open; killed after `killAfterMs`. */
async function runWithOpenStdin(s: ReturnType<typeof setup>, args: string[], input: string, killAfterMs: number) {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: s.repo, env: s.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.write(input); // ...and never end()ed: the agent keeps its end open.
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, sig) => resolve([c, sig])));
  clearTimeout(killer);
  child.stdin.destroy();
  return { code, signal, stdout, stderr, ms: Date.now() - started };
}

describe('review s40: a hook whose agent writes the payload but does not close stdin', () => {
  it('prompt-submit finishes (as it did with the 1 s stream timeout) instead of blocking until killed', async () => {
    const s = setup();
    // 6 s: more than the 5 s Claude Code gives the Stop and SessionEnd hooks; before 64cc4a0 this took ~1.1 s.
    const r = await runWithOpenStdin(s, ['hook', 'prompt-submit'], s.payload, 6000);
    expect(r.signal, `hook still blocked in read(2) after ${r.ms} ms`).toBeNull();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.additionalContext).toMatch(/^\[git-session\] Context window at 81% \(CRITICAL\)/);
  }, 20_000);

  it('the statusline prints its line instead of blocking', async () => {
    const s = setup();
    const r = await runWithOpenStdin(s, ['statusline'], JSON.stringify({ cwd: s.repo }), 6000);
    expect(r.signal, `statusline still blocked in read(2) after ${r.ms} ms`).toBeNull();
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^ctx /);
  }, 20_000);
});
