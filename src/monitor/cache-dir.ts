import { homedir } from 'node:os';
import { join } from 'node:path';

/** git-session's per-user cache folder: `$GIT_SESSION_CACHE_DIR`, else `$XDG_CACHE_HOME/git-session` (`~/.cache/git-session`). */
export function cacheDir(env = process.env): string {
  return env.GIT_SESSION_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'git-session');
}
