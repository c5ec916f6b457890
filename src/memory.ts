import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Memory for logs of hundreds of megabytes. What a save keeps of a 500 MB log is about 30 MB; what
 * it peaks at is V8's doing: the young generation grows to 32 MB and the old one is collected
 * only when it is several times what is live. Both are bounded here while a big log is read, with
 * V8 flags set at run time (`--semi-space-growth-factor`, `--expose-gc`) that V8 honours for a
 * heap already running; `--max-semi-space-size` it does not. Measured in bench/big.ts. Where V8
 * refuses a flag, these do nothing.
 */

/** V8's default: a semi-space doubles when most of the young generation survives. */
const DEFAULT_SEMI_SPACE_GROWTH = 2;

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, now. Reading a big log leaves dead text in the old generation faster
 * than V8's heuristics collect it, so a long read calls this every few tens of megabytes.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/**
 * Runs `fn` with the young generation held at the size it has now (a few MB after start-up) rather
 * than growing to 32 MB, and gives V8 back its default after.
 */
export async function withSmallYoungGeneration<T>(fn: () => Promise<T>): Promise<T> {
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return await fn();
  } finally {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH}`);
  }
}
