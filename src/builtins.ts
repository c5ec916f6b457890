/**
 * Node built-ins loaded on first use: node:child_process (~3 ms to load; a Stop hook with no save
 * due, a statusline and `status` start no process) and node:zlib (~2 ms; only a save compresses).
 * test/hooks/lean.test.ts guards the hooks' bundle.
 */
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';

const require = createRequire(import.meta.url);
let childProcessModule: typeof ChildProcess | undefined;
let zlibModule: typeof Zlib | undefined;

export const childProcess = (): typeof ChildProcess => (childProcessModule ??= require('node:child_process') as typeof ChildProcess);
export const zlib = (): typeof Zlib => (zlibModule ??= require('node:zlib') as typeof Zlib);
