/**
 * node:child_process, loaded when first used. Loading it costs ~3 ms, a sixth of what a Stop
 * hook may add to node's start, and most hook runs start no process (test/hooks/lean.test.ts).
 */
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';

let loaded: typeof ChildProcess | undefined;

export const childProcess = (): typeof ChildProcess => (loaded ??= createRequire(import.meta.url)('node:child_process') as typeof ChildProcess);
