import { runInNewContext } from 'node:vm';
import { v8 } from './builtins.js';

/**
 * Memory for logs of hundreds of megabytes. What a save keeps of a 500 MB log is about 30 MB; what
 * it peaks at is V8's doing: the young generation grows to 32 MB and the old one is collected
 * only once it is several times what is live. While a big log is read (withBoundedHeap), both
 * are bounded with V8 flags set at run time, which V8 honours for a heap already running:
 * `--semi-space-growth-factor=1` (`--max-semi-space-size` it ignores once running) and
 * `--expose-gc` for a full collection every few megabytes. Measured in bench/big.ts. Outside
 * that mode nothing here does anything: an ordinary save, or the MCP server, never pays for a
 * forced collection. These flags exist in V8 since long before Node 20; should one go, V8 says
 * so on stderr and ignores it.
 */

/** V8's default: a semi-space doubles when most of the young generation survives. */
const DEFAULT_SEMI_SPACE_GROWTH = 2;

let gc: (() => void) | null | undefined;
let depth = 0;

/** True while a big log is read (withBoundedHeap): then nothing is kept that memory could do without (memo.ts). */
export const heapBounded = (): boolean => depth > 0;

/** A full garbage collection, now, while a big log is read; elsewhere nothing. */
export function collectGarbage(): void {
  if (depth === 0) return;
  if (gc === undefined) {
    try {
      v8().setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** `fn`'s result, with a full garbage collection after it while a big log is read (a pass that leaves megabytes behind). */
export function collectedAfter<T>(fn: () => T): T {
  const out = fn();
  collectGarbage();
  return out;
}

/**
 * Runs `fn` (the read, redaction, extraction and trail of a big log) with the young generation held at
 * the size it has now (a few MB after start-up) and collectGarbage on; V8's default after.
 */
export async function withBoundedHeap<T>(fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0) v8().setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return await fn();
  } finally {
    if (--depth === 0) v8().setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH}`);
  }
}
