import { fstatSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { logHookAt } from '../store/state.js';

export type HookInput = Record<string, unknown>;

/**
 * The most a hook reads from stdin. The largest real payloads (a pasted prompt, a compaction
 * summary, the agent's last message) are far smaller; past this the hook works without a payload.
 */
export const HOOK_INPUT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads the JSON an agent hook receives on stdin. Tolerates no input, junk, missing fields and
 * input past HOOK_INPUT_MAX_BYTES: returns {} rather than failing.
 */
export async function readHookInput(timeoutMs = 1000, maxBytes = HOOK_INPUT_MAX_BYTES): Promise<HookInput> {
  if (fromTerminal()) return {};
  const read = readAtOnce(maxBytes);
  if (!read.ended) await readStream(read, timeoutMs, maxBytes);
  if (read.size > maxBytes) {
    logHookAt(process.cwd(), 'skip', `hook input over ${maxBytes} bytes: ignored`);
    return {};
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(read.chunks).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as HookInput) : {};
  } catch {
    return {};
  }
}

/** A terminal (or /dev/null) as stdin: no payload. fstat, not process.stdin.isTTY: that builds the stream. */
function fromTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

interface Read {
  chunks: Buffer[];
  size: number;
  ended: boolean;
}

/**
 * stdin to its end with blocking reads, as a hook script's `json.load(sys.stdin)` or `jq` reads it:
 * the agents write the payload and close (Claude Code through a socket, Codex a pipe). Building
 * process.stdin instead costs every hook ~4 ms. A descriptor its writer made non-blocking (EAGAIN)
 * is left to the stream with what was read so far.
 */
function readAtOnce(maxBytes: number): Read {
  const read: Read = { chunks: [], size: 0, ended: false };
  const buf = Buffer.allocUnsafe(64 * 1024);
  try {
    for (;;) {
      const n = readSync(0, buf, 0, buf.length, null);
      if (n === 0) break;
      read.size += n;
      if (read.size > maxBytes) break;
      read.chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return read;
    // EOF, a closed or unreadable stdin: what was read (nothing) is the payload.
  }
  read.ended = true;
  return read;
}

/** The rest of stdin through process.stdin, never waiting longer than `timeoutMs`. */
async function readStream(read: Read, timeoutMs: number, maxBytes: number): Promise<void> {
  await new Promise<void>((done) => {
    const finish = (): void => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(finish, timeoutMs);
    process.stdin.on('data', (c: Buffer) => {
      read.size += c.length;
      if (read.size <= maxBytes) read.chunks.push(c);
      else {
        read.chunks.length = 0;
        process.stdin.destroy();
        finish();
      }
    });
    process.stdin.on('end', finish);
    process.stdin.on('error', finish);
  });
  process.stdin.pause();
}

/**
 * What a hook tells the agent. An agent that stopped reading (EPIPE) is not the hook's failure:
 * bin/git-session installs no stream handlers for hooks (building stdout costs every commit), so
 * the hooks that print install this one.
 */
export function print(text: string): void {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  process.stdout.write(text);
}

export const field = (input: HookInput, key: string): string | undefined => {
  const v = input[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** `~/.claude/projects/…` as hook payloads sometimes give it. */
export function expandHome(path: string | undefined, env = process.env): string | undefined {
  if (!path) return path;
  return path === '~' || path.startsWith('~/') ? (env.HOME ?? homedir()) + path.slice(1) : path;
}
