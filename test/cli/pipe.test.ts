import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, isolatedEnv, PROJECT } from '../helpers.js';

/** Runs the CLI with a reader that closes its end of the pipe at once, as `| head -1` does. */
function withClosedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT, env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed pipe', () => {
  it.each([
    [['help']],
    [['eval', 'examples/sample-session.jsonl', '--json']],
    [['save', '--dry-run', '-t', 'examples/sample-session.jsonl']],
    // status writes to a pipe without node's stream (src/cli/output.ts).
    [['status', '--json', '-t', 'examples/sample-session.jsonl']],
  ])('git session %j exits 0 without a stack trace when its reader goes away', async (args) => {
    const r = await withClosedReader(args);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(r.code).toBe(0);
  });
});
