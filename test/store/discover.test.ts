import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRepo } from '../../src/store/discover.js';
import { openRepo } from '../../src/store/git.js';
import { git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

/** What git itself says of `cwd`: the repository (as openRepo reads it) and HEAD; undefined outside one. */
function viaGit(cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const [root, gitDir, common] = r.stdout.trim().split('\n');
  const branch = spawnSync('git', ['symbolic-ref', '-q', '--short', 'HEAD'], { cwd, env, encoding: 'utf8' }).stdout.trim();
  const head = spawnSync('git', ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { cwd, env, encoding: 'utf8' }).stdout.trim();
  // A relative common dir is relative to where git ran: the folder itself, symlinks resolved.
  return { root, gitDir, commonDir: realpathSync(resolve(realpathSync(cwd), common!)), head: head || undefined, branch: branch || undefined };
}

describe('finding the repository without git: the same answer as git, or none', () => {
  const env = isolatedEnv();

  it('agrees with git from a repository, a subfolder, a linked worktree and a symlinked path', () => {
    const repo = tempRepo(env);
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    git(repo, ['checkout', '-q', '-b', 'feature/x'], env);
    const wt = join(tempDir(), 'wt');
    git(repo, ['worktree', 'add', '-q', '-b', 'side', wt], env);
    mkdirSync(join(wt, 'lib'));
    const link = join(tempDir(), 'link');
    symlinkSync(join(repo, 'src'), link);
    for (const cwd of [repo, join(repo, 'src', 'deep'), wt, join(wt, 'lib'), link]) {
      const found = discoverRepo(cwd, env);
      expect(found, cwd).toBeDefined();
      expect(found, cwd).toEqual(viaGit(cwd, env));
    }
    // Through git (a ref to read), from a symlinked folder: git's relative common dir is resolved where git ran.
    expect(openRepo(link, { readRef: 'refs/heads/feature/x' }).commonDir).toBe(realpathSync(join(repo, '.git')));
  });

  it('agrees with git on a detached HEAD, a branch with no commit yet, and refs only in packed-refs', () => {
    const detached = tempRepo(env);
    git(detached, ['checkout', '-q', '--detach'], env);
    const unborn = tempDir();
    git(unborn, ['init', '-q', '-b', 'trunk'], env);
    const packed = tempRepo(env);
    git(packed, ['pack-refs', '--all'], env);
    for (const cwd of [detached, unborn, packed]) expect(discoverRepo(cwd, env), cwd).toEqual(viaGit(cwd, env));
    // What git sets for the hooks it runs (post-commit) changes nothing here.
    const hook = { ...env, GIT_INDEX_FILE: '.git/index', GIT_PREFIX: '', GIT_EXEC_PATH: '/usr/lib/git-core' };
    expect(discoverRepo(packed, hook)).toBeDefined();
    expect(discoverRepo(packed, hook)).toEqual(viaGit(packed, hook));
    expect(discoverRepo(detached, env)?.branch).toBeUndefined();
    expect(discoverRepo(unborn, env)).toMatchObject({ branch: 'trunk', head: undefined });
  });

  it('leaves to git what it does not reproduce: GIT_DIR, a folder inside .git, a bare repository, core.worktree (a submodule sets it), extensions, includes', () => {
    const repo = tempRepo(env);
    const sub = tempRepo(env);
    git(repo, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor/sub'], env);
    expect(viaGit(join(repo, 'vendor', 'sub'), env)).toBeDefined();
    expect(discoverRepo(join(repo, 'vendor', 'sub'), env)).toBeUndefined();
    expect(discoverRepo(repo, { ...env, GIT_DIR: join(repo, '.git') })).toBeUndefined();
    expect(discoverRepo(repo, { ...env, GIT_CONFIG_PARAMETERS: "'core.worktree'='/elsewhere'" })).toBeUndefined();
    expect(discoverRepo(join(repo, '.git', 'hooks'), env)).toBeUndefined();
    const bare = tempDir();
    git(bare, ['init', '-q', '--bare'], env);
    expect(discoverRepo(bare, env)).toBeUndefined();
    const moved = tempRepo(env);
    git(moved, ['config', 'core.worktree', moved], env);
    expect(discoverRepo(moved, env)).toBeUndefined();
    expect(discoverRepo(tempRepo(env, 'sha256'), env)).toBeUndefined();
    const included = tempRepo(env);
    git(included, ['config', 'include.path', join(included, 'extra.cfg')], env);
    expect(discoverRepo(included, env)).toBeUndefined();
    // The user's own config can set core.worktree or core.bare too.
    const home = tempDir();
    const userEnv = { ...env, GIT_CONFIG_GLOBAL: join(home, '.gitconfig') };
    writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = A\n[include]\n\tpath = more.cfg\n');
    expect(discoverRepo(repo, userEnv)).toBeUndefined();
    writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = A\n');
    expect(discoverRepo(repo, userEnv)).toEqual(viaGit(repo, userEnv));
  });

  it('takes a repository with extensions that change nothing here (worktreeConfig, as sparse-checkout sets), and leaves another ref store to git', () => {
    const repo = tempRepo(env);
    git(repo, ['config', 'core.repositoryformatversion', '1'], env);
    git(repo, ['config', 'extensions.worktreeConfig', 'true'], env);
    git(repo, ['config', '--worktree', 'core.sparseCheckout', 'false'], env);
    expect(discoverRepo(repo, env)).toBeDefined();
    expect(discoverRepo(repo, env)).toEqual(viaGit(repo, env));
    // A work tree set in the worktree's own config is still git's.
    git(repo, ['config', '--worktree', 'core.worktree', repo], env);
    expect(discoverRepo(repo, env)).toBeUndefined();
    const reftable = tempRepo(env);
    git(reftable, ['config', 'core.repositoryformatversion', '1'], env);
    git(reftable, ['config', 'extensions.refStorage', 'reftable'], env);
    expect(discoverRepo(reftable, env)).toBeUndefined();
  });

  it('finds nothing where git finds nothing', () => {
    const plain = tempDir();
    expect(viaGit(plain, env)).toBeUndefined();
    expect(discoverRepo(plain, env)).toBeUndefined();
  });
});
