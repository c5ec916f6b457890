/**
 * The objects a command has read already, per opened Repo. A name that starts with an object id
 * (`<id>`, `<commit>:<path>`) names the same object for ever, so what one reader fetched (a
 * read-ahead of everything a resume needs in one `git cat-file --batch`) is not asked of git again.
 */
import { spawnSync } from 'node:child_process';
import type { Repo } from './git.js';

/** What git said of a name: missing, or an object's type and size, with its text when it was kept. */
export type KnownObject = { missing: true } | { missing?: false; type: string; size: number; text?: string };

const known = new WeakMap<Repo, Map<string, KnownObject>>();

/** Whether a name always means the same object: an object id, or a path in one. */
const isFixedName = (name: string): boolean => /^(?:[0-9a-f]{40}|[0-9a-f]{64})(?::|$)/.test(name);

/** What this command read of `name` already, if anything. */
export const knownObject = (repo: Repo, name: string): KnownObject | undefined => known.get(repo)?.get(name);

/** Keeps what git said of `name` for the rest of the command (names that may change meaning are not kept). */
export function rememberObject(repo: Repo, name: string, what: KnownObject): void {
  if (!isFixedName(name)) return;
  let map = known.get(repo);
  if (!map) known.set(repo, (map = new Map()));
  map.set(name, what);
}

/**
 * Reads these objects in one `git cat-file --batch` and keeps them (see knownObject): each blob's
 * text when it is no larger than its `maxBytes`, else only its size. Sizes are not asked first:
 * git's output is capped at the sum of the limits, and a read that passes it keeps nothing (the
 * readers then ask as they always do, sizes first). Best effort: a failure keeps nothing.
 */
export function readAhead(repo: Repo, wanted: Array<{ name: string; maxBytes: number }>): void {
  const list = wanted.filter((w) => isFixedName(w.name) && !knownObject(repo, w.name));
  if (!list.length) return;
  const cap = list.reduce((n, w) => n + w.maxBytes + 160, 1024);
  const r = spawnSync('git', ['cat-file', '--buffer', '--batch'], { cwd: repo.root, input: `${list.map((w) => w.name).join('\n')}\n`, maxBuffer: cap });
  if (r.error || r.status !== 0) return;
  const buf = r.stdout;
  let at = 0;
  for (const { name, maxBytes } of list) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) return;
    const header = buf.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    // `<name> missing` (or `ambiguous`): nothing follows.
    if (header.length !== 3) {
      rememberObject(repo, name, { missing: true });
      continue;
    }
    const [id = '', type = '', sizeText = ''] = header;
    const size = Number(sizeText);
    const what: KnownObject = { type, size, text: type === 'blob' && size <= maxBytes ? buf.toString('utf8', at, at + size) : undefined };
    rememberObject(repo, name, what);
    rememberObject(repo, id, what);
    at += size + 1;
  }
}
