/**
 * Who git would name as a commit's author and committer, known without a git process when git's
 * config says it plainly: `user.name` and `user.email` (from the config cache, see
 * config-cache.ts), no identity in the environment, no `author.*`/`committer.*` override, no
 * signing, no other encoding, and a time zone this process sees as git does. Anything else is left to `git commit-tree`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cachedAgentflowConfig } from './config-cache.js';
import type { Repo } from './git.js';

const ENV_KEYS = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE', 'EMAIL'];

/**
 * A name or address git writes as it is: nothing it would strip at either end (its "crud": any
 * byte up to a space, and `.,:;"\'`), no angle brackets, no line break, and no byte the config
 * held that was not UTF-8 (read here as U+FFFD; git writes it as Latin-1 converted to UTF-8).
 */
// eslint-disable-next-line no-control-regex
const plain = (s: string | undefined): s is string => !!s && !/[<>\n\0\uFFFD]/.test(s) && !/^[\s\x00-\x20.,:;"\\']|[\s\x00-\x20.,:;"\\']$/.test(s);

/**
 * Whether this process's local time zone is the one git's C library would use: TZ unset (both
 * read /etc/localtime), or a zone name both know. A POSIX rule (`CET-1CEST`, `<+0530>-5:30`) is
 * UTC to Node but not to git.
 */
function zoneAgrees(env: NodeJS.ProcessEnv): boolean {
  if (env.TZ === undefined) return true;
  const name = env.TZ.replace(/^:/, '');
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    return false;
  }
  return !name.split('/').includes('..') && existsSync(join(env.TZDIR ?? '/usr/share/zoneinfo', name));
}

/** `Name <email>` as git would write it for a commit in `repo`, or undefined when git must say. */
export function commitIdentity(repo: Repo, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (ENV_KEYS.some((k) => env[k] !== undefined) || !zoneAgrees(env)) return undefined;
  const config = cachedAgentflowConfig(repo, env);
  if (['author.name', 'author.email', 'committer.name', 'committer.email', 'i18n.commitencoding'].some((k) => config.has(k))) return undefined;
  const sign = config.get('commit.gpgsign');
  if (sign !== undefined && !/^(?:false|no|off|0)$/i.test(sign.trim())) return undefined;
  const name = config.get('user.name');
  const email = config.get('user.email');
  return plain(name) && plain(email) ? `${name} <${email}>` : undefined;
}

/** A commit's time as git writes it: seconds since the epoch and the local zone (`1767225600 +0100`). */
export function gitTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `${Math.floor(date.getTime() / 1000)} ${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A commit object's content: its tree, parents, author and committer (one identity, one time) and message. */
export function commitContent(tree: string, parents: string[], identity: string, date: Date, message: string): Buffer {
  const who = `${identity} ${gitTime(date)}`;
  return Buffer.from(`tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${who}\ncommitter ${who}\n\n${message}`);
}
