import { homedir } from 'node:os';

export type HookInput = Record<string, unknown>;

/**
 * Reads the JSON an agent hook receives on stdin. Tolerates no input, junk and missing fields:
 * returns {} rather than failing, and never waits longer than `timeoutMs`.
 */
export async function readHookInput(timeoutMs = 1000): Promise<HookInput> {
  if (process.stdin.isTTY) return {};
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    process.stdin.on('error', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  process.stdin.pause();
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

/**
 * The log a hook is about: the payload's transcript_path; else (an agent that sends none) this
 * project's newest log, but only when it is the payload's session. A payload that says
 * `transcript_path: null` has no log (Codex `--ephemeral`): another session's log is never used.
 */
export function hookTranscript(input: HookInput, cwd: string, root: string, locate: (cwd: string, root: string) => string): string | undefined {
  const given = expandHome(field(input, 'transcript_path'));
  if (given) return given;
  if ('transcript_path' in input) return undefined;
  try {
    const found = locate(cwd, root);
    const sessionId = field(input, 'session_id');
    return !sessionId || found.includes(sessionId) ? found : undefined;
  } catch {
    return undefined;
  }
}
