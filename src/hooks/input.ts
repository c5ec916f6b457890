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
 * input past HOOK_INPUT_MAX_BYTES: returns {} rather than failing, and never waits longer than
 * `timeoutMs`.
 */
export async function readHookInput(timeoutMs = 1000, maxBytes = HOOK_INPUT_MAX_BYTES): Promise<HookInput> {
  if (process.stdin.isTTY) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((done) => {
    const finish = (): void => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(finish, timeoutMs);
    process.stdin.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
      else {
        chunks.length = 0;
        process.stdin.destroy();
        finish();
      }
    });
    process.stdin.on('end', finish);
    process.stdin.on('error', finish);
  });
  process.stdin.pause();
  if (size > maxBytes) {
    logHookAt(process.cwd(), 'skip', `hook input over ${maxBytes} bytes: ignored`);
    return {};
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as HookInput) : {};
  } catch {
    return {};
  }
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
