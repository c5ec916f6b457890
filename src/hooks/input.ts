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
 *
 * With blocking reads, as a hook script's `json.load(sys.stdin)` or `jq` reads it: the agents
 * write the payload at once (Claude Code through a socket, Codex through a pipe), and building
 * process.stdin instead costs every hook ~4 ms. The read ends at stdin's end or at the end of a
 * whole JSON value: an agent that keeps its end open after the payload (Claude Code's SessionEnd
 * on /clear) is not waited for. A descriptor its writer made non-blocking (EAGAIN) is read on
 * through the stream, for at most `timeoutMs`. (A reader of stdin in libuv's thread pool could
 * give up on a writer that never writes, but then node cannot exit: it joins that thread.)
 */
export async function readHookInput(timeoutMs = 1000, maxBytes = HOOK_INPUT_MAX_BYTES): Promise<HookInput> {
  if (fromTerminal()) return {};
  const read: Read = { chunks: [], size: 0 };
  if (readAtOnce(read, maxBytes) === 'non-blocking') await readStream(read, timeoutMs, maxBytes);
  if (read.size > maxBytes) {
    logHookAt(process.cwd(), 'skip', `hook input over ${maxBytes} bytes: ignored`);
    return {};
  }
  try {
    const v: unknown = read.value ?? JSON.parse(Buffer.concat(read.chunks).toString('utf8'));
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
  /** The payload, parsed when the read ended at its end. */
  value?: unknown;
}

const CHUNK = 64 * 1024;

/**
 * Whether what was read is one whole JSON value already (then kept parsed): an agent that keeps its
 * end open after the payload (Claude Code's SessionEnd on /clear) is not waited for.
 */
function isWhole(read: Read): boolean {
  const last = read.chunks.at(-1)!;
  let end = last.length - 1;
  while (end >= 0 && (last[end] === 0x20 || last[end] === 0x0a || last[end] === 0x0d || last[end] === 0x09)) end--;
  if (end < 0 || last[end] !== 0x7d) return false;
  try {
    read.value = JSON.parse(Buffer.concat(read.chunks).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Keeps a chunk; false past `maxBytes` (nothing more is read). */
function keep(read: Read, chunk: Buffer, maxBytes: number): boolean {
  read.size += chunk.length;
  if (read.size > maxBytes) return false;
  read.chunks.push(Buffer.from(chunk));
  return true;
}

/** stdin to its end or to the end of a whole JSON value; 'non-blocking' when the descriptor is (EAGAIN): the stream reads on. */
function readAtOnce(read: Read, maxBytes: number): 'non-blocking' | undefined {
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(0, buf, 0, CHUNK, null);
      // A short read: what the writer has sent so far, which may be all of it (a full one is not parsed on the way).
      if (n === 0 || !keep(read, buf.subarray(0, n), maxBytes) || (n < CHUNK && isWhole(read))) return undefined;
    }
  } catch (err) {
    // Else a closed or unreadable stdin: what was read is the payload.
    return (err as NodeJS.ErrnoException).code === 'EAGAIN' ? 'non-blocking' : undefined;
  }
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
