/**
 * Writing a snapshot's objects: every blob and every new tree in this process as loose objects
 * where git would write plain ones (see loose-object.ts), else every blob in one
 * `git hash-object --stdin-paths` and every new tree in one `git mktree --batch` (their ids
 * computed here first, see tree-object.ts); the parent's two trees a save rewrites are read in
 * one `git cat-file --batch`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitSessionError } from '../errors.js';
import { writeAtomic } from '../files.js';
import type { GitResult, Repo } from './git.js';
import { isSessionDirName, isShardName, sessionDir } from './format.js';
import { writeLooseObject } from './loose-object.js';
import { sleepMs } from './write.js';
import { mktreeLines, parseBatch, parseTree, treeObject, type BatchObject, type TreeEntry } from './tree-object.js';

type Git = (args: string[], opts?: { input?: string; allowFail?: boolean }) => GitResult;

/** A snapshot's blobs once written: the manifest's id and the trail's (`trail/<kind>/<chunk>.jsonl` → id). */
export interface SnapshotBlobs {
  manifest: string;
  trail: Map<string, string>;
}

/**
 * Writes the manifest and the trail's files as blobs: here into `objects` (the folder
 * looseObjectsDir gave), else in one `git hash-object -w --stdin-paths`. A chunk stored before is
 * the same blob, not a new one.
 */
export function writeBlobs(git: Git, manifestJson: string, trail: Map<string, string> = new Map(), objects?: string): SnapshotBlobs {
  const paths = [...trail.keys()].sort();
  if (objects) {
    const id = (text: string) => writeLooseObject(objects, 'blob', Buffer.from(text));
    return { manifest: id(manifestJson), trail: new Map(paths.map((p) => [p, id(trail.get(p)!)])) };
  }
  // A private folder of the system's (mode 0700, a fresh name): nothing in .git to trust or clean.
  const tmp = mkdtempSync(join(tmpdir(), 'git-session-blobs-'));
  try {
    const local = [manifestJson, ...paths.map((p) => trail.get(p)!)].map((text, i) => {
      const f = join(tmp, String(i));
      writeFileSync(f, text);
      return f;
    });
    const [manifest = '', ...ids] = git(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${local.join('\n')}\n` })
      .stdout.trim()
      .split('\n');
    return { manifest, trail: new Map(paths.map((p, i) => [p, ids[i]!])) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Trees to write, inner ones first, each with the id git will give it. */
class TreeBatch {
  readonly trees: Array<{ id: string; entries: TreeEntry[]; content: Buffer }> = [];
  add(entries: TreeEntry[]): string {
    const { id, content } = treeObject(entries);
    this.trees.push({ id, entries, content });
    return id;
  }
  /** Writes them all: here into `objects` when given, else in one `git mktree --batch` (an id git disagrees with is a bug, never stored). */
  write(git: Git, objects?: string): void {
    if (objects) {
      for (const t of this.trees) writeLooseObject(objects, 'tree', t.content);
      return;
    }
    if (!this.trees.length) return;
    const written = git(['mktree', '--batch'], { input: this.trees.map((t) => `${mktreeLines(t.entries)}\n`).join('') })
      .stdout.trim()
      .split('\n');
    this.trees.forEach((t, i) => {
      if (written[i] !== t.id)
        throw new GitSessionError('EGIT', `git wrote tree ${written[i]} where ${t.id} was expected; nothing was stored. Please report this.`);
    });
  }
}

/** A session's own tree: its manifest, and its trail (`trail/<kind>/<chunk>.jsonl`) when it has one. */
function sessionTree(batch: TreeBatch, blobs: SnapshotBlobs): string {
  const entries: TreeEntry[] = [{ kind: 'blob', id: blobs.manifest, name: 'manifest.json' }];
  const byKind = new Map<string, TreeEntry[]>();
  for (const [p, id] of blobs.trail) {
    const [, kind = '', name = ''] = p.split('/');
    byKind.set(kind, [...(byKind.get(kind) ?? []), { kind: 'blob', id, name }]);
  }
  if (byKind.size)
    entries.push({ kind: 'tree', id: batch.add([...byKind].map(([kind, files]) => ({ kind: 'tree', id: batch.add(files), name: kind }))), name: 'trail' });
  return batch.add(entries);
}

/** The objects these names name, in one `git cat-file --batch`: undefined for a name git does not know. */
export function readObjects(repo: Repo, names: string[]): Array<BatchObject | undefined> {
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd: repo.root, input: `${names.join('\n')}\n`, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new GitSessionError('EGIT', `git cat-file --batch failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
  return parseBatch(r.stdout, names.length);
}

/** readObjects in the background: the git process runs while this one works on. */
export function readObjectsSoon(repo: Repo, names: string[]): Promise<Array<BatchObject | undefined> | undefined> {
  return new Promise((done) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo.root, stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    // A read that fails is made again, in the foreground, by whoever needs it.
    child.on('error', () => done(undefined));
    child.on('close', (code) => done(code === 0 ? parseBatch(Buffer.concat(out), names.length) : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${names.join('\n')}\n`);
  });
}

/** The names of the parent's `sessions/` tree and of one shard of it, for readObjects. */
export const parentTreeNames = (parent: string, shard: string): string[] => [`${parent}:sessions`, `${parent}:sessions/${shard}`];

/** Those two trees' entries: undefined for a part that is missing or not a tree. */
export type ParentTrees = [TreeEntry[] | undefined, TreeEntry[] | undefined];
export const parentTrees = (read: Array<BatchObject | undefined>, idBytes: number): ParentTrees =>
  [read[0], read[1]].map((o) => (o?.type === 'tree' ? parseTree(o.content, idBytes) : undefined)) as ParentTrees;

/**
 * Builds and writes the snapshot tree: the parent's tree with this session's directory replaced.
 * Only its shard and the `sessions/` tree are rewritten. A parent in the older flat layout is
 * handed to `migrate` with the new session tree, which writes every session's tree sharded.
 * @param shard the session's shard (see shardOf)
 */
export function writeSnapshotTree(
  repo: Repo,
  git: Git,
  parent: string | undefined,
  sessionId: string,
  shard: string,
  blobs: SnapshotBlobs,
  migrate: (sessionTree: string) => string,
  opts: { objects?: string; parentTrees?: ParentTrees } = {},
): string {
  const { objects } = opts;
  const dir = sessionDir(sessionId);
  const batch = new TreeBatch();
  const own = sessionTree(batch, blobs);
  const idBytes = blobs.manifest.length / 2;
  const [top = [], inShard = []] = parent ? (opts.parentTrees ?? parentTrees(readObjects(repo, parentTreeNames(parent, shard)), idBytes)) : [];
  // Only what a save writes is kept. Anything else in a pushed snapshot (a blob, a submodule,
  // an odd name) is left out instead of blocking the save.
  const sessionEntries = (list: TreeEntry[]) => list.filter((e) => e.kind === 'tree' && isSessionDirName(e.name));
  if (sessionEntries(top).some((e) => !isShardName(e.name))) {
    batch.write(git, objects);
    return migrate(own);
  }
  const shardTree = batch.add([...sessionEntries(inShard).filter((e) => e.name !== dir), { kind: 'tree', id: own, name: dir }]);
  const sessions = batch.add([...sessionEntries(top).filter((e) => isShardName(e.name) && e.name !== shard), { kind: 'tree', id: shardTree, name: shard }]);
  const root = batch.add([{ kind: 'tree', id: sessions, name: 'sessions' }]);
  batch.write(git, objects);
  return root;
}

/** git's default `gc.auto` (loose objects) and `gc.autoPackLimit`. */
const GC_AUTO = 6700;
const GC_AUTO_PACK_LIMIT = 50;

/**
 * Whether `git gc --auto` could find work, judged as git judges it with its default limits: the
 * loose objects of `objects/17` (a 256th of them) above 6700 / 256, or 50 packs. Only then is it
 * spawned, and it applies the user's own settings; a save saves a git process otherwise.
 */
export function gcMayBeDue(repo: Repo): boolean {
  if (process.env.GIT_OBJECT_DIRECTORY) return true;
  const objects = join(repo.commonDir, 'objects');
  const list = (d: string): string[] => {
    try {
      return readdirSync(join(objects, d));
    } catch {
      return [];
    }
  };
  const loose = list('17').filter((n) => /^[0-9a-f]{38}$|^[0-9a-f]{62}$/.test(n)).length;
  if (loose > Math.ceil(GC_AUTO / 256)) return true;
  const packs = list('pack');
  return packs.filter((n) => n.endsWith('.pack') && !packs.includes(n.replace(/\.pack$/, '.keep'))).length >= GC_AUTO_PACK_LIMIT;
}

/**
 * Test seam: with GIT_SESSION_TEST_PAUSE_BEFORE_REF=<file>, a save writes its new commit id to
 * that file and waits 10 s between writing its objects and moving the ref, so a test can kill
 * it inside that window every time. The id is written atomically (beside the file, then renamed
 * onto it), so the test never sees the file before the id is in it.
 */
export function pauseForTest(commit: string): void {
  const marker = process.env.GIT_SESSION_TEST_PAUSE_BEFORE_REF;
  if (!marker) return;
  writeAtomic(marker, commit);
  sleepMs(10_000);
}
