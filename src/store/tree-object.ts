/**
 * Git tree objects as git encodes them, so that a save can know every tree's id before git
 * writes it and hand all its trees to one `git mktree --batch` (and read its parent's trees in
 * one `git cat-file --batch`) instead of a git process per tree.
 */
import { crypto } from '../builtins.js';

export interface TreeEntry {
  kind: 'blob' | 'tree';
  id: string;
  name: string;
}

const MODE = { blob: '100644', tree: '40000' } as const;

/** git's order of a tree's entries: by name bytes, a tree's name compared as if it ended in '/'. */
function gitOrder(entries: TreeEntry[]): TreeEntry[] {
  const key = (e: TreeEntry): Buffer => Buffer.from(e.kind === 'tree' ? `${e.name}/` : e.name);
  return [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
}

/** A tree object's content as git encodes it. */
export function treeContent(entries: TreeEntry[]): Buffer {
  return Buffer.concat(gitOrder(entries).flatMap((e) => [Buffer.from(`${MODE[e.kind]} ${e.name}\0`), Buffer.from(e.id, 'hex')]));
}

/** A tree of these entries as git encodes it, and the id git gives it: SHA-1, or SHA-256 in a repository whose ids are 64 digits. */
export function treeObject(entries: TreeEntry[], idLength = entries[0]?.id.length ?? 40): { id: string; content: Buffer } {
  const content = treeContent(entries);
  const id = crypto()
    .createHash(idLength === 64 ? 'sha256' : 'sha1')
    .update(`tree ${content.length}\0`)
    .update(content)
    .digest('hex');
  return { id, content };
}

/** The tree as `git mktree` reads it: one `<mode> <type> <id>\t<name>` line each. */
export function mktreeLines(entries: TreeEntry[]): string {
  return entries.map((e) => `${e.kind === 'tree' ? '040000' : '100644'} ${e.kind} ${e.id}\t${e.name}\n`).join('');
}

/**
 * The entries of a raw tree object (as `git cat-file --batch` prints its content); entries that
 * are neither a plain file nor a directory (a submodule, a link, an executable) are left out.
 */
export function parseTree(raw: Buffer, idBytes: number): TreeEntry[] {
  const out: TreeEntry[] = [];
  let at = 0;
  while (at < raw.length) {
    const space = raw.indexOf(0x20, at);
    const nul = raw.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > raw.length) break;
    const mode = raw.toString('latin1', at, space);
    const name = raw.toString('utf8', space + 1, nul);
    const id = raw.toString('hex', nul + 1, nul + 1 + idBytes);
    at = nul + 1 + idBytes;
    if (mode === '40000') out.push({ kind: 'tree', id, name });
    else if (mode === '100644') out.push({ kind: 'blob', id, name });
  }
  return out;
}

/** An object as `git cat-file --batch` prints it. */
export interface BatchObject {
  id: string;
  type: string;
  content: Buffer;
}

/**
 * The objects `git cat-file --batch` printed, in the order asked: each one's content, or
 * undefined for a name git does not know.
 */
export function parseBatch(out: Buffer, count: number): Array<BatchObject | undefined> {
  const objects: Array<BatchObject | undefined> = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    if (header.length !== 3) {
      objects.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    objects.push({ id: header[0]!, type: header[1]!, content: out.subarray(at, at + size) });
    at += size + 1;
  }
  return objects;
}
