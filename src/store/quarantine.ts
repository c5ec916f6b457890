import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runGit, type GitOptions, type GitResult, type Repo } from './git.js';

/** The repository's own object directory. */
const objectsDir = (repo: Repo): string => process.env.GIT_OBJECT_DIRECTORY ?? join(repo.commonDir, 'objects');

/** Pack files in the order they are moved: the index last, so no reader meets a pack without it. */
const PACK_FILES = ['.pack', '.rev', '.idx'];

/**
 * Objects fetched from a remote before anything has checked them: a temporary object directory
 * beside the repository's own, as git's receive-pack quarantines a push. git run through it sees
 * these objects and the repository's, and may not move a ref. Nothing in it is part of the
 * repository (nor seen by `git fsck`, gc or a push) until `keepAll` or `keep` moves it in; `drop`
 * deletes the rest.
 */
export class Quarantine {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly repo: Repo) {
    const objects = objectsDir(repo);
    // Named like git's own (tmp_objdir-…): `git prune` removes one a killed sync left behind.
    this.dir = mkdtempSync(join(objects, 'tmp_objdir-git-session-'));
    mkdirSync(join(this.dir, 'pack'));
    const alternates = [objects, process.env.GIT_ALTERNATE_OBJECT_DIRECTORIES].filter(Boolean).join(delimiter);
    this.env = { ...process.env, GIT_OBJECT_DIRECTORY: this.dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: alternates, GIT_QUARANTINE_PATH: this.dir };
  }

  /** git with the quarantined objects in view; ref updates are refused. */
  git(args: string[], opts: Omit<GitOptions, 'env'> = {}): GitResult {
    return runGit(this.repo.root, args, { ...opts, env: this.env });
  }

  /** The environment `git` runs with, for readers that spawn git themselves. */
  get gitEnv(): NodeJS.ProcessEnv {
    return this.env;
  }

  /**
   * Fetches these refs of `remote` into the quarantine, writing no ref and (git 2.29 on) no FETCH_HEAD.
   * @param fsck have git check every object received (`fetch.fsckObjects`): the fetch fails on
   *   the first one git itself calls broken
   */
  fetch(remote: string, refs: string[], fsck: boolean): GitResult {
    const config = [`fetch.fsckObjects=${fsck}`, 'gc.auto=0', 'maintenance.auto=false', 'fetch.writeCommitGraph=false'].flatMap((c) => ['-c', c]);
    // --refmap= : no opportunistic update of a remote-tracking ref `install --sync` configured.
    const run = (extra: string[]) =>
      this.git([...config, 'fetch', '--quiet', '--no-tags', '--no-prune', '--no-recurse-submodules', '--refmap=', ...extra, remote, ...refs], {
        allowFail: true,
      });
    const r = run(['--no-write-fetch-head']);
    // git before 2.29 has no such option: it writes FETCH_HEAD, which nothing reads as history.
    return r.status !== 0 && /unknown option.*write-fetch-head/.test(r.stderr) ? run([]) : r;
  }

  /** Forgets everything fetched so far (before fetching again). */
  empty(): void {
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
    mkdirSync(join(this.dir, 'pack'));
  }

  /** Moves every quarantined object into the repository. */
  keepAll(): void {
    const objects = objectsDir(this.repo);
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(name)) continue;
      mkdirSync(join(objects, name), { recursive: true });
      for (const file of readdirSync(join(this.dir, name))) if (/^[0-9a-f]+$/.test(file)) renameSync(join(this.dir, name, file), join(objects, name, file));
    }
    this.movePacks(join(this.dir, 'pack'));
  }

  /**
   * Moves only some objects into the repository, as one new pack: `revs` in `git rev-list`'s
   * terms (commits, trees or blobs to include with everything they reach; `^<commit>` for what
   * the repository holds already).
   * @param verify have git's fsck check the pack first (`index-pack --strict`)
   * @returns false when the check failed; nothing was moved then
   */
  keep(revs: string[], verify: boolean): boolean {
    if (!revs.some((r) => !r.startsWith('^'))) return true;
    const dir = join(this.dir, 'keep');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const hash = this.git(['pack-objects', '--revs', '--quiet', join(dir, 'pack')], { input: `${revs.join('\n')}\n` }).stdout.trim();
    if (verify && this.git(['index-pack', '--strict', '-o', join(dir, 'checked.idx'), join(dir, `pack-${hash}.pack`)], { allowFail: true }).status !== 0)
      return false;
    rmSync(join(dir, 'checked.idx'), { force: true });
    this.movePacks(dir);
    return true;
  }

  private movePacks(from: string): void {
    const pack = join(objectsDir(this.repo), 'pack');
    mkdirSync(pack, { recursive: true });
    const files = readdirSync(from).filter((f) => /^pack-[0-9a-f]+\.[a-z]+$/.test(f));
    for (const ext of PACK_FILES) for (const f of files.filter((x) => x.endsWith(ext))) renameSync(join(from, f), join(pack, f));
  }

  /** Deletes the quarantine and whatever is still in it. */
  drop(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
