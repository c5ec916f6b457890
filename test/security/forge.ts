// What an attacker who can push to a shared remote writes, with plain git only: any tree, any
// message, any date, any ref value. The tests of strangers' snapshots and of hostile remotes share it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT, cli, git, tempDir } from '../helpers.js';

export const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** A valid manifest, as git-session would write it, to start a forgery from. */
export function manifestTemplate(cwd: string, env: NodeJS.ProcessEnv): any {
  return JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd, env }).stdout).manifest;
}

export function blob(dir: string, env: NodeJS.ProcessEnv, text: string | Buffer): string {
  return spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: text, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.trim();
}

/**
 * A tree from `path → entry` with plain `git mktree`, which writes what it is given: names such
 * as `..` and `.git`, symlinks (120000), gitlinks (160000) and blobs of any size.
 */
export function tree(dir: string, env: NodeJS.ProcessEnv, entries: Record<string, { mode?: string; text?: string | Buffer; id?: string }>): string {
  const build = (prefix: string): string => {
    const here = new Map<string, string>();
    for (const [path, e] of Object.entries(entries)) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      if (rest.length) here.set(name!, `040000 tree ${build(`${prefix}${name}/`)}\t${name}`);
      else {
        const mode = e.mode ?? '100644';
        const id = e.id ?? blob(dir, env, e.text ?? '');
        here.set(name!, `${mode} ${mode === '160000' ? 'commit' : 'blob'} ${id}\t${name}`);
      }
    }
    return spawnSync('git', ['mktree', '--missing'], {
      cwd: dir,
      env,
      input: [...here.values()].map((l) => `${l}\n`).join(''),
      encoding: 'utf8',
    }).stdout.trim();
  };
  return build('');
}

/** A commit of `treeId` on `parents`, with any message, date and author. */
export function commit(
  dir: string,
  env: NodeJS.ProcessEnv,
  treeId: string,
  parents: string[],
  opts: { message?: string; date?: string; author?: { name: string; email: string } } = {},
): string {
  const dates = opts.date ? { GIT_COMMITTER_DATE: opts.date, GIT_AUTHOR_DATE: opts.date } : {};
  const who = opts.author
    ? { GIT_AUTHOR_NAME: opts.author.name, GIT_AUTHOR_EMAIL: opts.author.email, GIT_COMMITTER_NAME: opts.author.name, GIT_COMMITTER_EMAIL: opts.author.email }
    : {};
  const r = spawnSync('git', ['commit-tree', treeId, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], {
    cwd: dir,
    env: { ...env, ...dates, ...who },
    input: opts.message ?? 'session forged\n\nSession-Id: forged\n',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

/** Sets `ref` to `value` (any object) in the attacker's clone and force-pushes it to origin. */
export function pushRef(dir: string, env: NodeJS.ProcessEnv, ref: string, value: string): void {
  git(dir, ['update-ref', ref, value], env);
  git(dir, ['push', '-q', '-f', 'origin', `${ref}:${ref}`], env);
}

/** The attacker's current snapshot ref, to build on. */
export const tipOf = (dir: string, env: NodeJS.ProcessEnv, ref = 'refs/agentflow/sessions'): string | undefined =>
  spawnSync('git', ['rev-parse', '-q', '--verify', ref], { cwd: dir, env, encoding: 'utf8' }).stdout.trim() || undefined;

/**
 * Writes a snapshot with plain git, the way an attacker would: any files, any message, any date,
 * on top of what the attacker's ref holds, and pushes it.
 */
export function forge(
  dir: string,
  env: NodeJS.ProcessEnv,
  files: Record<string, string>,
  opts: { date?: string; message?: string; author?: { name: string; email: string } } = {},
): string {
  // A throwaway index: any paths, without touching the attacker's work tree.
  const e = { ...env, GIT_INDEX_FILE: join(tempDir(), 'index') };
  for (const [path, text] of Object.entries(files)) git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob(dir, env, text)},${path}`], e);
  const parent = tipOf(dir, env);
  const c = commit(dir, env, git(dir, ['write-tree'], e), parent ? [parent] : [], opts);
  pushRef(dir, env, 'refs/agentflow/sessions', c);
  return c;
}

/** `git fsck --strict`'s complaints (empty when the repository is clean). */
export function fsckProblems(dir: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('git', ['fsck', '--strict', '--no-progress', '--no-dangling'], { cwd: dir, env, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim() || `exit ${r.status}`;
}
