import { fstatSync, writeSync } from 'node:fs';
import { GitSessionError, EXIT } from '../errors.js';

/** Where a command writes: the process's streams, or a test's double (see bufferOutput). */
export interface Output {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

/**
 * The process's stdout or stderr, written with writeSync when it is a pipe or a file. Node builds
 * process.stdout for a pipe as a socket, loading node:net and its streams: 7–10 ms of a `status`
 * or `resume` that prints one screen. A terminal, a socket or anything else gets node's stream,
 * as do the bytes left when the pipe is full (a non-blocking pipe shared with a node parent):
 * from then on everything goes that way, in order. A reader gone away (EPIPE) ends the process
 * quietly, as bin/git-session does for the streams.
 */
function descriptorOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): Output['stdout'] {
  let direct: boolean | undefined;
  const isDirect = (): boolean => {
    if (direct === undefined) {
      try {
        const st = fstatSync(fd);
        direct = st.isFIFO() || st.isFile();
      } catch {
        direct = false;
      }
    }
    return direct;
  };
  return {
    get isTTY() {
      return isDirect() ? undefined : stream().isTTY;
    },
    write(text: string) {
      if (!isDirect()) return stream().write(text);
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) {
        try {
          at += writeSync(fd, bytes, at);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
          direct = false;
          return stream().write(bytes.subarray(at));
        }
      }
      return true;
    },
  };
}

const processOutput: Output = { stdout: descriptorOutput(1, () => process.stdout), stderr: descriptorOutput(2, () => process.stderr) };
let active: Output = processOutput;

/** The output commands write to now: the process's streams unless a caller handed in another. */
export const io = (): Output => active;

/**
 * Runs `fn` (a command's run) with everything it prints going to `output`: how a test renders a
 * command in process and reads what it printed, without spawning node.
 */
export async function withOutput<T>(output: Output, fn: () => Promise<T>): Promise<T> {
  const previous = active;
  active = output;
  try {
    return await fn();
  } finally {
    active = previous;
  }
}

/** A test double: an Output that keeps what was written. */
export function bufferOutput(opts: { tty?: boolean } = {}): Output & { stdout: { text: string }; stderr: { text: string } } {
  const stream = (tty?: boolean) => ({
    text: '',
    isTTY: tty,
    write(t: string) {
      this.text += t;
      return true;
    },
  });
  return { stdout: stream(opts.tty), stderr: stream() };
}

const useColor = (stream: Output['stdout']): boolean => Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const wrap =
  (code: number, reset: number) =>
  (s: string): string =>
    useColor(io().stdout) ? `\u001b[${code}m${s}\u001b[${reset}m` : s;
export const color = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  magenta: wrap(35, 39),
  cyan: wrap(36, 39),
};

export function printJson(value: unknown): void {
  io().stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A record's keys in snake_case, as every --json output names them (keys only, values untouched). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), snakeKeys(v)]));
}

export function warn(message: string): void {
  io().stderr.write(`git-session: warning: ${message}\n`);
}

/** Prints an error the way every command does and returns the exit code to use. */
export function reportError(err: unknown): number {
  if (err instanceof GitSessionError) {
    io().stderr.write(`git-session: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  // One line for the user; the stack only when asked for, since it helps a report, not a fix.
  const detail = process.env.GIT_SESSION_DEBUG === '1' ? `\n${e?.stack ?? ''}` : '';
  const first = String(e?.message ?? err)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  io().stderr.write(
    `git-session: unexpected error: ${first}${detail}\nRun again with GIT_SESSION_DEBUG=1 for details, and please report it with the command you ran.\n`,
  );
  return EXIT.error;
}
