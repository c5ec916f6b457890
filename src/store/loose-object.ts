/**
 * A snapshot's blobs and trees written as git writes loose objects, in this process: the object's
 * header and content deflated into `objects/xx/<rest of id>`, through a temporary file in the
 * same folder renamed into place (a reader never sees half an object; two writers of one object
 * write the same bytes). A save spared `git hash-object` (and the files it read) and
 * `git mktree`: 8–20 ms of a hook's save. isomorphic-git writes objects too, but importing it
 * takes 50–85 ms on this machine, more than the two processes.
 *
 * Only where git would write plain SHA-1 objects into the repository's own folder: a SHA-256
 * repository, a shared repository (git sets group permissions; a global or system config can
 * say so too, read through config-cache.ts), a repository config that includes other files
 * (which could say either) or objects redirected by the environment are left to git.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crypto, zlib } from '../builtins.js';
import { cachedAgentflowConfig } from './config-cache.js';
import type { Repo } from './git.js';

/** git's default compression for loose objects (`core.looseCompression`): fastest. */
const LOOSE_LEVEL = 1;

/** The repository's object folder when its objects can be written here, else undefined (git writes them). */
export function looseObjectsDir(repo: Repo, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GIT_OBJECT_DIRECTORY || env.GIT_CONFIG_PARAMETERS || env.GIT_CONFIG_COUNT) return undefined;
  for (const file of [join(repo.commonDir, 'config'), join(repo.gitDir, 'config.worktree')]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (/objectformat|sharedrepository|\[\s*include/i.test(text)) return undefined;
  }
  // git takes core.sharedRepository from any config it reads (a global or system one too).
  const shared = cachedAgentflowConfig(repo, env).get('core.sharedrepository');
  if (shared !== undefined && !/^(?:umask|false|no|off|0)$/i.test(shared.trim())) return undefined;
  return join(repo.commonDir, 'objects');
}

/**
 * Writes one object (a blob's, a tree's or a commit's content) and returns its id. An object
 * already there is only freshened, as git does: a `git prune` that found it unreachable before
 * the ref moved to it then sees it new and keeps it.
 */
export function writeLooseObject(objects: string, type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  const header = Buffer.from(`${type} ${content.length}\0`);
  const id = crypto().createHash('sha1').update(header).update(content).digest('hex');
  const dir = join(objects, id.slice(0, 2));
  const file = join(dir, id.slice(2));
  // There already (freshened), or not: one system call either way.
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return id;
  } catch {
    // Missing, or not ours to touch: written (again) below, as git does when it cannot freshen.
  }
  // git's own name for its temporary objects (`tmp_obj_*`), which its gc removes when left behind.
  const tmp = join(dir, `tmp_obj_${process.pid}_${crypto().randomBytes(4).toString('hex')}`);
  const bytes = zlib().deflateSync(Buffer.concat([header, content]), { level: LOOSE_LEVEL });
  const write = () => writeFileSync(tmp, bytes, { mode: 0o444, flag: 'wx' });
  try {
    try {
      write();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dir, { recursive: true });
      write();
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return id;
}
