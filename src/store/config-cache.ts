/**
 * The `agentflow.*` values of git's config (and the few that decide a commit's identity, see
 * identity.ts) without a git process when nothing they come from has changed: every hook and
 * `status` read them, and a git process costs 3–5 ms. git reads them once
 * (`git config --list --show-origin`); they are kept in the per-user cache with a stamp (inode,
 * size, modification and change time) of every file git read or could read (system, global,
 * repository and worktree config, and every file an include names), and the environment variables
 * that change what git reads. Any change there, or a conditional include on the branch
 * (`includeIf "onbranch:…"`), means git reads them again.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readJsonCache, writeJsonCache } from '../files.js';
import { cacheDir } from '../monitor/cache-dir.js';
import { userConfigFiles } from './discover.js';
import { runGit, type Repo } from './git.js';

const VERSION = 3;

/**
 * The config keys that decide a commit's identity and form (identity.ts) and how its loose objects
 * are written (loose-object.ts), kept with the `agentflow.*` ones.
 */
const IDENTITY_KEYS = [
  'user.name',
  'user.email',
  'author.name',
  'author.email',
  'committer.name',
  'committer.email',
  'commit.gpgsign',
  'i18n.commitencoding',
  'core.sharedrepository',
];
const CACHE_MAX_BYTES = 1 << 20;
/** Repositories kept: the most recently read. */
const MAX_REPOS = 32;
/**
 * A file written this recently may be written again within the file system's clock tick without
 * its stamp changing (git's "racy" case): its values are read, not cached.
 */
const RACY_MS = 2000;

interface Entry {
  env: string;
  files: Record<string, string>;
  values: Array<[string, string]>;
  at: number;
}

/** The environment that changes which files git reads, or adds values of its own (`git -c`). */
function environment(env: NodeJS.ProcessEnv): string {
  const keys = ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG', 'GIT_DIR', 'HOME', 'XDG_CONFIG_HOME'];
  const parts = keys.map((k) => `${k}=${env[k] ?? ''}`);
  const count = Number(env.GIT_CONFIG_COUNT) || 0;
  parts.push(`GIT_CONFIG_COUNT=${count}`);
  for (let i = 0; i < count; i++) parts.push(`${env[`GIT_CONFIG_KEY_${i}`] ?? ''}=${env[`GIT_CONFIG_VALUE_${i}`] ?? ''}`);
  return parts.join('\0');
}

/** The config files git looks for, whether they exist or not. */
function standardFiles(repo: Repo, env: NodeJS.ProcessEnv): string[] {
  return [join(repo.commonDir, 'config'), join(repo.gitDir, 'config.worktree'), ...userConfigFiles(env, repo.root)];
}

/** What tells a file changed; `-` when there is none. */
function stamp(path: string): { stamp: string; mtimeMs: number } {
  try {
    const s = statSync(path, { bigint: true });
    return { stamp: `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, mtimeMs: Number(s.mtimeNs / 1_000_000n) };
  } catch {
    return { stamp: '-', mtimeMs: 0 };
  }
}

/** git's own reading: the `agentflow.*` values (the last of a key wins), and the files behind them; undefined files when it cannot be cached. */
function readFromGit(repo: Repo, env: NodeJS.ProcessEnv): { values: Map<string, string>; files?: string[] } {
  const r = runGit(repo.root, ['config', '-z', '--show-origin', '--list'], { allowFail: true, env });
  const values = new Map<string, string>();
  const files = new Set(standardFiles(repo, env));
  let cacheable = r.status === 0;
  const records = r.stdout.split('\0');
  for (let i = 0; i + 1 < records.length; i += 2) {
    const origin = records[i]!;
    const rec = records[i + 1]!;
    const nl = rec.indexOf('\n');
    const key = (nl < 0 ? rec : rec.slice(0, nl)).toLowerCase();
    const value = nl < 0 ? '' : rec.slice(nl + 1);
    const file = origin.startsWith('file:') ? resolve(repo.root, origin.slice(5)) : undefined;
    if (file) files.add(file);
    if (key.startsWith('agentflow.') || IDENTITY_KEYS.includes(key)) values.set(key, value);
    if (/^includeif\.onbranch:/.test(key)) cacheable = false;
    if ((key === 'include.path' || /^includeif\..*\.path$/.test(key)) && value) {
      const home = env.HOME ?? homedir();
      const path = value.startsWith('~/') ? join(home, value.slice(2)) : resolve(file ? dirname(file) : repo.root, value);
      files.add(path);
    }
  }
  return { values, files: cacheable ? [...files] : undefined };
}

/** The raw `agentflow.*` values git's config holds for `repo` (and its identity keys), from the cache when nothing changed. */
export function cachedAgentflowConfig(repo: Repo, env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const path = join(cacheDir(env), 'git-config.json');
  const cache = readJsonCache(path, VERSION, CACHE_MAX_BYTES);
  const repos = (cache?.repos && typeof cache.repos === 'object' ? cache.repos : {}) as Record<string, Entry>;
  const envKey = environment(env);
  const known = repos[repo.gitDir];
  if (known && known.env === envKey && Array.isArray(known.values) && known.files && Object.entries(known.files).every(([file, s]) => stamp(file).stamp === s))
    return new Map(known.values);
  const now = Date.now();
  const { values, files } = readFromGit(repo, env);
  if (!files) return values;
  const stamps: Record<string, string> = {};
  for (const file of files) {
    const s = stamp(file);
    if (s.mtimeMs > now - RACY_MS) return values;
    stamps[file] = s.stamp;
  }
  const kept = Object.entries(repos)
    .filter(([dir]) => dir !== repo.gitDir)
    .sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0))
    .slice(0, MAX_REPOS - 1);
  writeJsonCache(path, VERSION, { repos: Object.fromEntries([[repo.gitDir, { env: envKey, files: stamps, values: [...values], at: now }], ...kept]) });
  return values;
}
