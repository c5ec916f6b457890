/**
 * What a fetched snapshot or notes history may hold, checked before any of it becomes history
 * here: only the paths, modes, types and sizes a save writes (see format.ts for the layout).
 */
import { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';
import { TRAIL_KINDS } from '../trail/build.js';
import { CHUNK_NAME, MAX_CHUNK_BYTES } from '../trail/files.js';
import type { TreeLayout } from './fetched.js';
import { isSessionDirName, shardOf } from './format.js';

/** No note git-session writes is larger (a block per session saved at one commit). */
export const MAX_NOTE_BYTES = 16 * 1024;
export const isShard = (name: string | undefined): boolean => name !== undefined && /^[0-9a-f]{2}$/.test(name);

/** A path under a session directory that a save's trail writes: `trail/`, `trail/<kind>/`, `trail/<kind>/NNNN.jsonl`. */
function isTrailPath(rest: string[], mode: string, type: string, size: number): boolean {
  if (rest[0] !== 'trail') return false;
  if (rest.length === 1) return mode === '040000';
  if (!(TRAIL_KINDS as readonly string[]).includes(rest[1]!)) return false;
  if (rest.length === 2) return mode === '040000';
  return rest.length === 3 && CHUNK_NAME.test(rest[2]!) && mode === '100644' && type === 'blob' && size <= MAX_CHUNK_BYTES;
}

/** Where an entry of a snapshot's tree sits: `other` is one a save does not write, inside a session directory. */
export type SnapshotEntry = { kind: 'folder' } | { kind: 'session' | 'manifest' | 'trail' | 'other'; dir: string; rest: string[] };

/**
 * An entry of a snapshot's tree as a save writes it: `sessions/` and its shards, a session
 * directory (`sessions/<shard>/<dir>/`, or `sessions/<dir>/` written before sharding), its
 * `manifest.json` (mode 100644, at most MAX_STORED_MANIFEST_BYTES) and its trail; anything else
 * in a session directory is `other`, anything else elsewhere undefined.
 */
export function snapshotEntry(path: string, mode: string, type: string, size: number): SnapshotEntry | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'sessions') return undefined;
  if (mode === '040000' && type === 'tree' && (parts.length === 1 || (parts.length === 2 && isShard(parts[1])))) return { kind: 'folder' };
  const sharded = parts.length >= 3 && isShard(parts[1]) && isSessionDirName(parts[2]!) && shardOf(parts[2]!) === parts[1];
  if (!sharded && !(parts[1] !== undefined && isSessionDirName(parts[1]) && !isShard(parts[1]))) return undefined;
  const at = sharded ? 2 : 1;
  const [dir, rest] = [parts[at]!, parts.slice(at + 1)];
  let kind: 'session' | 'manifest' | 'trail' | 'other' = 'other';
  if (!rest.length) {
    if (mode === '040000' && type === 'tree') kind = 'session';
  } else if (rest.length === 1 && rest[0] === 'manifest.json') {
    if (mode === '100644' && type === 'blob' && size <= MAX_STORED_MANIFEST_BYTES) kind = 'manifest';
  } else if (isTrailPath(rest, mode, type, size)) kind = 'trail';
  return { kind, dir, rest };
}

export const entryLabel = (mode: string, type: string, size: number): string => `${mode} ${type}${type === 'blob' ? `, ${size} bytes` : ''}`;

export const NOT_OURS = 'not something git-session writes';

/** What a snapshot history may hold: only what a save writes. */
export const snapshotLayout: TreeLayout = ({ path, mode, type, size }) => {
  const e = snapshotEntry(path, mode, type, size);
  return e && e.kind !== 'other' ? undefined : NOT_OURS;
};

/** What a notes history may hold: blob notes of bounded size, named by an object id, in fan-out folders of two hex digits. */
export const notesLayout: TreeLayout = ({ path, mode, type, size, hexLength }) => {
  const parts = path.split('/');
  const hex = parts.join('');
  const fanout = parts.slice(0, -1).every(isShard);
  if (type === 'tree') return mode === '040000' && fanout && isShard(parts.at(-1)) && hex.length < hexLength ? undefined : 'not a notes fan-out folder';
  if (mode !== '100644' || type !== 'blob' || !fanout || hex.length !== hexLength || !/^[0-9a-f]+$/.test(hex)) return 'not a note';
  return size <= MAX_NOTE_BYTES ? undefined : `larger than any note git-session writes (${MAX_NOTE_BYTES} bytes)`;
};

/**
 * A note's text is printed raw by `git log --notes=agentflow` (the command a save suggests): one
 * holding a terminal escape sequence, another control character, a bidi override or invisible tag
 * characters is refused. git-session's notes are plain lines.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\u{e0000}-\u{e007f}]/u;
export const noteTextRefusal = (text: string): string | undefined =>
  UNPRINTABLE.test(text) ? 'a note with control or invisible characters (an escape sequence?)' : undefined;
