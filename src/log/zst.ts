/**
 * Logs an agent rewrote compressed: Codex (from 0.137, with `local_thread_store_compression`)
 * turns rollouts idle for a week into `rollout-*.jsonl.zst`. They are read through a decompressed
 * copy in git-session's cache, kept by (path, size, mtime), so every reader streams plain lines.
 * fzstd decompresses in pure JavaScript: Node 20 has no zstd of its own, and a native binding
 * would need a prebuilt binary at install.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Decompress } from 'fzstd';

export const isCompressedLog = (path: string): boolean => path.endsWith('.zst');

const cacheFolder = (env = process.env): string =>
  join(env.GIT_SESSION_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'git-session'), 'zst');
const CHUNK = 1 << 20;

/** A file name for a path (FNV-1a, 2 × 32 bits): the hooks load this module, and node:crypto costs them start-up time. */
function pathKey(path: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < path.length; i++) {
    a = Math.imul(a ^ path.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ path.charCodeAt(path.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * Streams a .zst file's decompressed bytes to `onData` until it returns false or the file ends.
 * @throws when the data is not zstd
 */
function decompress(path: string, onData: (data: Uint8Array) => boolean | void): void {
  const fd = openSync(path, 'r');
  let stop = false;
  try {
    const z = new Decompress((data) => {
      if (!stop && onData(data) === false) stop = true;
    });
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      z.push(buf.subarray(0, n), n === 0);
      if (n === 0 || stop) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** The first `maxBytes` of a compressed log, decompressed (to read its first lines). */
export function compressedHead(path: string, maxBytes: number): Buffer {
  const parts: Buffer[] = [];
  let have = 0;
  decompress(path, (data) => {
    parts.push(Buffer.from(data));
    have += data.length;
    return have < maxBytes;
  });
  return Buffer.concat(parts).subarray(0, maxBytes);
}

/**
 * The path to read a log from: itself, or for a `.zst` log its decompressed copy (made once per
 * version of the file; older copies of it are removed).
 */
export function readablePath(path: string, env = process.env): string {
  if (!isCompressedLog(path) || !existsSync(path)) return path;
  const st = statSync(path);
  const key = pathKey(path);
  const dir = cacheFolder(env);
  const out = join(dir, `${key}-${st.size}-${Math.round(st.mtimeMs)}.jsonl`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.startsWith(`${key}-`)) rmSync(join(dir, old), { force: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    decompress(path, (data) => void writeSync(fd, data));
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, out);
  return out;
}
