import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRepo } from '../../src/store/discover.js';
import { git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

/**
 * What git-session learns through git when discovery declines: openRepo's one rev-parse, else its
 * fallback (the three paths) with headState's reads of HEAD; undefined where git refuses.
 */
function gitAnswer(cwd: string, env: NodeJS.ProcessEnv) {
  const run = (args: string[]) => spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  const common = (c: string) => realpathSync(resolve(realpathSync(cwd), c));
  const r = run(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', 'HEAD', '--abbrev-ref', 'HEAD']);
  if (r.status === 0) {
    const [root, gitDir, c, head, branch] = r.stdout.replace(/\n$/, '').split('\n');
    return { root, gitDir, commonDir: common(c!), head: head || undefined, branch: branch && branch !== 'HEAD' ? branch : undefined };
  }
  const r2 = run(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir']);
  if (r2.status !== 0) return undefined;
  const [root, gitDir, c] = r2.stdout.split('\n');
  const b = run(['symbolic-ref', '-q', '--short', 'HEAD']);
  const h = run(['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  return { root, gitDir, commonDir: common(c!), head: h.status === 0 ? h.stdout.trim() : undefined, branch: b.status === 0 ? b.stdout.trim() : undefined };
}

/** Discovery may decline (undefined); when it answers, the answer is git's. */
function expectGitsAnswerOrNone(cwd: string, env: NodeJS.ProcessEnv): void {
  const found = discoverRepo(cwd, env);
  if (found !== undefined) expect(found, cwd).toEqual(gitAnswer(cwd, env));
}

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('discovery without git never answers other than git', () => {
  const env = isolatedEnv();

  it('a HEAD git does not take for one (leading blank, a symlink out of refs/) is no repository to git: it looks further up', () => {
    const outer = tempRepo(env);
    const inner = join(outer, 'inner');
    mkdirSync(inner);
    git(inner, ['init', '-q', '-b', 'x'], env);
    writeFileSync(join(inner, '.git', 'HEAD'), '  ref: refs/heads/x\n');
    expect(gitAnswer(inner, env)?.root).toBe(realpathSync(outer));
    expectGitsAnswerOrNone(inner, env);
    const detached = tempRepo(env);
    writeFileSync(join(detached, '.git', 'HEAD'), ` ${git(detached, ['rev-parse', 'HEAD'], env)}\n`);
    expectGitsAnswerOrNone(detached, env);
    const linkedOut = tempRepo(env);
    unlinkSync(join(linkedOut, '.git', 'HEAD'));
    symlinkSync(join(linkedOut, '.git', 'refs', 'heads', 'main'), join(linkedOut, '.git', 'HEAD'));
    expectGitsAnswerOrNone(linkedOut, env);
  });

  it('a symlinked HEAD or branch ref (core.preferSymlinkRefs) is a symbolic ref to git', () => {
    const repo = tempRepo(env);
    unlinkSync(join(repo, '.git', 'HEAD'));
    symlinkSync('refs/heads/main', join(repo, '.git', 'HEAD'));
    expectGitsAnswerOrNone(repo, env);
    const ref = tempRepo(env);
    git(ref, ['branch', 'other'], env);
    git(ref, ['commit', '-q', '--allow-empty', '-m', 'second'], env);
    unlinkSync(join(ref, '.git', 'refs', 'heads', 'main'));
    symlinkSync('refs/heads/other', join(ref, '.git', 'refs', 'heads', 'main'));
    expectGitsAnswerOrNone(ref, env);
  });

  it('a ref with a leading blank, or an object id of the other length, is broken to git; a ref packed twice', () => {
    const blank = tempRepo(env);
    edit(join(blank, '.git', 'refs', 'heads', 'main'), (id) => ` ${id}`);
    expectGitsAnswerOrNone(blank, env);
    const long = tempRepo(env);
    edit(join(long, '.git', 'refs', 'heads', 'main'), (id) => `${id.trim()}${'0'.repeat(24)}\n`);
    expectGitsAnswerOrNone(long, env);
    // A branch packed twice (by hand): git does not take the first.
    const twice = tempRepo(env);
    git(twice, ['pack-refs', '--all'], env);
    const id = git(twice, ['rev-parse', 'HEAD'], env);
    edit(join(twice, '.git', 'packed-refs'), (text) => `${text}${id[0] === 'f' ? 'e' : 'f'}${id.slice(1)} refs/heads/main\n`);
    expectGitsAnswerOrNone(twice, env);
  });

  it('a .git without refs/ (or whose objects are only promised by commondir) is no repository to git', () => {
    const outer = tempRepo(env);
    const noRefs = join(outer, 'a');
    mkdirSync(noRefs);
    git(noRefs, ['init', '-q', '-b', 'x'], env);
    rmSync(join(noRefs, '.git', 'refs'), { recursive: true });
    expectGitsAnswerOrNone(noRefs, env);
    const noObjects = join(outer, 'b');
    mkdirSync(noObjects);
    git(noObjects, ['init', '-q', '-b', 'x'], env);
    rmSync(join(noObjects, '.git', 'objects'), { recursive: true });
    writeFileSync(join(noObjects, '.git', 'commondir'), '.\n');
    expectGitsAnswerOrNone(noObjects, env);
    const emptyCommondir = tempRepo(env);
    writeFileSync(join(emptyCommondir, '.git', 'commondir'), '');
    expectGitsAnswerOrNone(emptyCommondir, env);
  });

  it("a worktree's commondir with trailing blanks names another folder to git", () => {
    const repo = tempRepo(env);
    const wt = join(tempDir(), 'wt');
    git(repo, ['worktree', 'add', '-q', '-b', 'side', wt], env);
    edit(join(repo, '.git', 'worktrees', 'wt', 'commondir'), (c) => `${c.trimEnd()}  \n`);
    expectGitsAnswerOrNone(wt, env);
  });

  it('core.bare given as yes, on, 1, "true" or with no value; core.worktree with no value; a repository format git does not know; a config line git rejects', () => {
    for (const [from, to] of [
      ['bare = false', 'bare = yes'],
      ['bare = false', 'bare = on'],
      ['bare = false', 'bare = 1'],
      ['bare = false', 'bare = "true"'],
      ['bare = false', 'bare'],
      ['bare = false', 'bare = false\n\tworktree'],
      ['repositoryformatversion = 0', 'repositoryformatversion = 2'],
      ['[core]', '[core'],
      ['bare = false', 'bare = false\n[foo]\n\tbar = "unterminated'],
      ['bare = false', 'bare = false\n[foo]\n\tbar = a\\qb'],
    ]) {
      const repo = tempRepo(env);
      edit(join(repo, '.git', 'config'), (text) => text.replace(from!, to!));
      expectGitsAnswerOrNone(repo, env);
    }
    // The user's config, when git cannot read it, stops every git command.
    const home = tempDir();
    writeFileSync(join(home, '.gitconfig'), '[user\n');
    expectGitsAnswerOrNone(tempRepo(env), { ...env, GIT_CONFIG_GLOBAL: join(home, '.gitconfig') });
  });

  it('a HEAD on a branch whose name git rejects, or that is named HEAD', () => {
    for (const name of ['a~b', 'x.lock', '.hidden', 'a:b', 'a@{b', 'end.', 'a\\b', 'with*star', 'a?b', 'a[b', 'HEAD']) {
      const repo = tempRepo(env);
      writeFileSync(join(repo, '.git', 'refs', 'heads', name), `${git(repo, ['rev-parse', 'HEAD'], env)}\n`);
      writeFileSync(join(repo, '.git', 'HEAD'), `ref: refs/heads/${name}\n`);
      expectGitsAnswerOrNone(repo, env);
    }
  });

  it('a branch whose short name also names a tag or a remote-tracking ref: git says heads/<name>', () => {
    const tagged = tempRepo(env);
    git(tagged, ['tag', 'main'], env);
    expectGitsAnswerOrNone(tagged, env);
    const remoteLike = tempRepo(env);
    git(remoteLike, ['update-ref', 'refs/remotes/origin/main', 'HEAD'], env);
    git(remoteLike, ['checkout', '-q', '-b', 'origin/main'], env);
    expectGitsAnswerOrNone(remoteLike, env);
    const packed = tempRepo(env);
    git(packed, ['remote', 'add', 'origin', packed], env);
    git(packed, ['fetch', '-q', 'origin'], env);
    git(packed, ['remote', 'set-head', 'origin', 'main'], env);
    git(packed, ['pack-refs', '--all'], env);
    git(packed, ['checkout', '-q', '-b', 'origin'], env);
    expectGitsAnswerOrNone(packed, env);
  });

  it.skipIf(process.getuid?.() !== 0)('a .git file owned by another user: git refuses the repository (safe.directory)', () => {
    const repo = tempRepo(env);
    const wt = join(tempDir(), 'wt');
    git(repo, ['worktree', 'add', '-q', '-b', 'side', wt], env);
    chownSync(join(wt, '.git'), 12345, 12345);
    expect(gitAnswer(wt, env)).toBeUndefined();
    expect(discoverRepo(wt, env)).toBeUndefined();
  });
});
