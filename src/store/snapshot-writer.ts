/**
 * Writing a snapshot: the manifest and its trail as a new commit on the snapshot ref, moved by
 * compare-and-swap and retried with jitter, so concurrent saves never lose each other's
 * snapshot and a save killed at any point leaves the ref on a valid commit. A manifest that
 * could not be stored (the ref's lock held) waits in .git/agentflow/pending for the next save.
 */
import { RefLockedError, ConcurrentUpdateError } from '../errors.js';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSessionDirName, isShardName, sessionDir, shardOf, snapshotMessage, type SnapshotInfo } from './format.js';
import type { GitResult, Repo } from './git.js';
import { privateDir, readPrivateText, writePrivate } from './private-fs.js';
import { SESSIONS_REF } from './refs.js';
import { looseObjectsDir } from './loose-object.js';
import { gcMayBeDue, pauseForTest, writeBlobs, writeSnapshotTree } from './snapshot-tree.js';
import { saveInOneTransaction, type NoteRequest, type ReadAhead } from './snapshot-transaction.js';
import { sleepMs, type GitWriteOptions } from './write.js';

/** A manifest kept aside is at most 2 KB, with its commit's details. */
const PENDING_MAX_BYTES = 1024 * 1024;

type Git = (args: string[], opts?: GitWriteOptions) => GitResult;

/** What a save needs of the store: git, and the ref it moves. */
export interface SnapshotTarget {
  readonly repo: Repo;
  git: Git;
  tip(): string | undefined;
  moveTip(next: string, expected: string | undefined): boolean;
  /** The ref was moved to `commit` by another way than moveTip. */
  tipMoved(commit: string): void;
  setAsideNonCommitTip(): void;
}

/**
 * Stores a manifest as a new snapshot, after the manifests earlier saves had to keep aside, with
 * its note on the work commit in the same transaction where that can be done (see
 * snapshot-transaction.ts).
 * @returns the new snapshot's commit id, and whether the note was written with it
 * @throws RefLockedError (naming where the manifest was kept) when the ref's lock stays held
 */
export function saveSnapshot(
  store: SnapshotTarget,
  manifestJson: string,
  info: SnapshotInfo,
  trail?: Map<string, string>,
  note?: NoteRequest,
  ahead?: ReadAhead,
): { snapshot: string; noted: boolean } {
  try {
    storePending(store);
    return saveInOneTransaction(store, manifestJson, info, trail, note, ahead) ?? { snapshot: storeSnapshot(store, manifestJson, info, trail), noted: false };
  } catch (err) {
    if (!(err instanceof RefLockedError)) throw err;
    throw new RefLockedError(err.ref, err.lockFile, keepPending(store.repo, manifestJson, info));
  }
}

/** Where manifests that could not be stored wait for the next save. */
const pendingDir = (repo: Repo): string => privateDir(repo, 'pending');

function keepPending(repo: Repo, manifestJson: string, info: SnapshotInfo): string {
  const name = `${Date.now()}-${process.pid}-${sessionDir(info.sessionId)}.json`;
  writePrivate(repo, `pending/${name}`, `${JSON.stringify({ manifest: manifestJson, info })}\n`);
  return join(pendingDir(repo), name);
}

/** Stores the manifests earlier saves had to keep aside, oldest first. */
function storePending(store: SnapshotTarget): void {
  let names: string[];
  try {
    names = readdirSync(pendingDir(store.repo))
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(pendingDir(store.repo), name);
    // Claimed by renaming it: of two saves running at once, only one stores each manifest.
    const claimed = `${file}.${process.pid}.claim`;
    try {
      renameSync(file, claimed);
    } catch {
      continue;
    }
    let kept: { manifest?: unknown; info?: SnapshotInfo } = {};
    try {
      kept = JSON.parse(readPrivateText(store.repo, `pending/${name}.${process.pid}.claim`, PENDING_MAX_BYTES) ?? '');
    } catch {
      /* unreadable: set aside below */
    }
    if (typeof kept.manifest !== 'string' || typeof kept.info?.sessionId !== 'string' || typeof kept.info.subject !== 'string') {
      renameSync(claimed, `${file}.bad`);
      continue;
    }
    try {
      storeSnapshot(store, kept.manifest, { ...kept.info, trailers: kept.info.trailers ?? {} });
    } catch (err) {
      renameSync(claimed, file);
      throw err;
    }
    rmSync(claimed, { force: true });
  }
}

function storeSnapshot(store: SnapshotTarget, manifestJson: string, info: SnapshotInfo, trailFiles?: Map<string, string>): string {
  const git: Git = (args, opts) => store.git(args, opts);
  const objects = looseObjectsDir(store.repo);
  const blobs = writeBlobs(git, manifestJson, trailFiles, objects);
  const message = snapshotMessage(info);
  const dir = sessionDir(info.sessionId);
  const attempts = 64;
  for (let i = 0; i < attempts; i++) {
    const parent = store.tip();
    const tree = writeSnapshotTree(
      store.repo,
      git,
      parent,
      info.sessionId,
      shardOf(dir),
      blobs,
      (own) => {
        const all = sessionTrees(git, parent!);
        all.set(dir, own);
        return shardedTree(git, all);
      },
      { objects },
    );
    const commit = commitTree(git, tree, parent ? [parent] : [], message);
    pauseForTest(commit);
    if (store.moveTip(commit, parent)) {
      // As git's own porcelain does after writing objects: pack them when there are many
      // (in the background); judged here first, so most saves start no git for it.
      if (gcMayBeDue(store.repo)) git(['gc', '--auto', '--quiet'], { allowFail: true });
      return commit;
    }
    if (!parent) store.setAsideNonCommitTip();
    sleepMs(2 + Math.random() * Math.min(100, 5 * (i + 1)));
  }
  throw new ConcurrentUpdateError(SESSIONS_REF, attempts);
}

/** Writes a snapshot commit (with the fallback identity when needed). */
export function commitTree(git: Git, tree: string, parents: string[], message: string): string {
  return git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { input: message, identity: true }).stdout.trim();
}

/**
 * Every session directory of a snapshot, in either layout, from one recursive listing: the
 * session directory name → its tree.
 */
export function sessionTrees(git: Git, commit: string): Map<string, string> {
  const out = new Map<string, string>();
  const ls = git(['ls-tree', '-r', '-t', '-z', `${commit}:sessions`], { allowFail: true });
  for (const e of ls.stdout.split('\0')) {
    const m = /^040000 tree ([0-9a-f]+)\t(?:([0-9a-f]{2})\/)?([^/]+)$/.exec(e);
    if (!m || !isSessionDirName(m[3]!) || (!m[2] && isShardName(m[3]!))) continue;
    if (!m[2] || m[2] === shardOf(m[3]!)) out.set(m[3]!, m[1]!);
  }
  return out;
}

/**
 * The root tree of a snapshot holding these session directories (name → tree), sharded:
 * every shard tree in one `git mktree --batch`, then `sessions/` and the root.
 */
export function shardedTree(git: Git, sessions: Map<string, string>): string {
  const shards = new Map<string, string[]>();
  for (const [dir, tree] of [...sessions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const s = shardOf(dir);
    shards.set(s, [...(shards.get(s) ?? []), `040000 tree ${tree}\t${dir}`]);
  }
  const names = [...shards.keys()];
  const built = names.length
    ? git(['mktree', '--batch'], { input: names.map((n) => `${shards.get(n)!.join('\n')}\n`).join('\n') })
        .stdout.trim()
        .split('\n')
    : [];
  const entries = names.map((n, i) => `040000 tree ${built[i]}\t${n}`);
  const sessionsTree = git(['mktree', '-z'], { input: entries.length ? `${entries.join('\0')}\0` : '' }).stdout.trim();
  return git(['mktree'], { input: `040000 tree ${sessionsTree}\tsessions\n` }).stdout.trim();
}
