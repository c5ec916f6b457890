// How an agent hook's payload reaches it: Claude Code writes it through a socket, Codex through a
// pipe, a person through a file or a terminal. The hook reads stdin with blocking reads, and
// through the stream when the descriptor is non-blocking; every way gives the same payload.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers.js';
import { criticalSession, WARNING } from './critical-session.js';

const setup = criticalSession;

const warning = (stdout: string): string => JSON.parse(stdout).hookSpecificOutput.additionalContext;

/** The hook run with `stdin` as its standard input; its exit code and output. */
function run(s: ReturnType<typeof setup>, stdin: number | 'pipe', input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'hook', 'prompt-submit'], {
    cwd: s.repo,
    env: s.env,
    input,
    stdio: [stdin, 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a hook reads its payload however stdin is given', () => {
  it('through a socket, as Claude Code gives it', () => {
    const s = setup();
    const r = run(s, 'pipe', s.payload);
    expect(r.status).toBe(0);
    expect(warning(r.stdout)).toMatch(WARNING);
  });

  it('through a pipe, as Codex gives it', () => {
    const s = setup();
    const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" hook prompt-submit', 'sh', s.file, process.execPath, BIN], {
      cwd: s.repo,
      env: s.env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(warning(r.stdout)).toMatch(WARNING);
  });

  it('from a file', () => {
    const s = setup();
    const fd = openSync(s.file, 'r');
    try {
      expect(warning(run(s, fd).stdout)).toMatch(WARNING);
    } finally {
      closeSync(fd);
    }
  });

  // Node's spawn makes a child's stdin blocking again: python3 hands the hook the non-blocking end.
  it.skipIf(spawnSync('python3', ['-V']).status !== 0)('through a non-blocking pipe written after the hook started: the stream reads the rest', async () => {
    const s = setup();
    const fifo = join(tempDir('gs-fifo-'), 'stdin');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const launcher = 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY|os.O_NONBLOCK); os.dup2(fd,0); os.execv(sys.argv[2], sys.argv[2:])';
    const child = spawn('python3', ['-c', launcher, fifo, process.execPath, BIN, 'hook', 'prompt-submit'], {
      cwd: s.repo,
      env: s.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // The writer opens once the hook holds the read end, and writes after the hook's first read found nothing (EAGAIN).
    const writeEnd = openSync(fifo, 'w');
    await new Promise((r) => setTimeout(r, 400));
    writeSync(writeEnd, s.payload.slice(0, 40));
    await new Promise((r) => setTimeout(r, 100));
    writeSync(writeEnd, s.payload.slice(40));
    closeSync(writeEnd);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(warning(stdout)).toMatch(WARNING);
  });

  it('no payload (stdin /dev/null): nothing to say, exit 0', () => {
    const s = setup();
    const fd = openSync('/dev/null', 'r');
    try {
      expect(run(s, fd)).toEqual({ status: 0, stdout: '', stderr: '' });
    } finally {
      closeSync(fd);
    }
  });

  it('a payload past 8 MB is ignored, and the hook log says so', () => {
    const s = setup();
    const r = run(s, 'pipe', JSON.stringify({ ...JSON.parse(s.payload), prompt: 'x'.repeat(9 << 20) }));
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const log = join(s.repo, '.git', 'agentflow', 'hook.log');
    expect(existsSync(log) && readFileSync(log, 'utf8')).toMatch(/hook input over 8388608 bytes: ignored/);
  });
});
