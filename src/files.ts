/**
 * The one way git-session writes and reads its own files (state, caches, settings it installs):
 * a write replaces the file in one step, so no reader ever sees half of it; a read is bounded and
 * takes only a regular file, never through a symbolic link, so a FIFO or a link to /dev/zero in
 * its place costs nothing.
 */
import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Replaces `path` in one step: written beside it as a new file (never through a link), then
 * renamed over it, which replaces a symlink there rather than following it. `mode` sets the
 * file's permissions. Missing folders are made.
 * @throws the file system's error; nothing is left behind
 */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    closeSync(fd);
    // The umask may have narrowed the mode at creation.
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      /* closed already */
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * A regular file of at most `max` bytes, or undefined when there is none, it is larger, or it is
 * anything but a regular file (a symlink, a FIFO, a device, a folder).
 */
export function readBounded(path: string, max: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > max) return undefined;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (!n) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * A JSON cache written by `writeJsonCache` with this `version`, or undefined when it is missing,
 * unreadable, past `max` bytes or from another version: a cache is rebuilt, never misread.
 */
export function readJsonCache(path: string, version: number, max: number): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(readBounded(path, max)?.toString('utf8') ?? '');
    return v && typeof v === 'object' && (v as { version?: unknown }).version === version ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a JSON cache stamped with `version`. Never throws: a cache that cannot be written only costs speed. */
export function writeJsonCache(path: string, version: number, value: Record<string, unknown>): void {
  try {
    writeAtomic(path, JSON.stringify({ ...value, version }));
  } catch {
    /* only a cache */
  }
}
