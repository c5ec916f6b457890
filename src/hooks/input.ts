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

export const field = (input: HookInput, key: string): string | undefined => {
  const v = input[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** `~/.claude/projects/…` as hook payloads sometimes give it. */
export function expandHome(path: string | undefined, env = process.env): string | undefined {
  if (!path) return path;
  return path === '~' || path.startsWith('~/') ? (env.HOME ?? homedir()) + path.slice(1) : path;
}
