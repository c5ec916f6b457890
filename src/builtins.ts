/**
 * Node built-ins loaded on first use: node:child_process (~3 ms to load; a Stop hook with no save
 * due, a statusline and `status` start no process), node:zlib (~2 ms; only a save compresses),
 * node:crypto (2-5 ms; a save hashes, a resume does not: see store/format.ts shardOf) and node:v8
 * (0.5-2 ms; only the read of a big log sets V8 flags, see memory.ts).
 * test/hooks/lean.test.ts guards the hooks' bundle.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as V8 from 'node:v8';
import type * as Zlib from 'node:zlib';

const require = createRequire(import.meta.url);
let childProcessModule: typeof ChildProcess | undefined;
let zlibModule: typeof Zlib | undefined;
let cryptoModule: typeof Crypto | undefined;
let v8Module: typeof V8 | undefined;

export const childProcess = (): typeof ChildProcess => (childProcessModule ??= require('node:child_process') as typeof ChildProcess);
export const zlib = (): typeof Zlib => (zlibModule ??= require('node:zlib') as typeof Zlib);
export const crypto = (): typeof Crypto => (cryptoModule ??= require('node:crypto') as typeof Crypto);
export const v8 = (): typeof V8 => (v8Module ??= require('node:v8') as typeof V8);
