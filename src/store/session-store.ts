/**
 * Session snapshots kept in git: each save is a commit on refs/agentflow/sessions whose tree
 * holds the latest manifest of every session, parent = the previous snapshot. The working tree,
 * the index and the user's branches are never touched. SessionStore is the one owner of that
 * ref; its rooms: format.ts (layout and messages, written and read), refs.ts (the ref and its
 * compare-and-swap), snapshot-writer.ts, snapshot-reader.ts, session-index.ts, selection.ts.
 */
import { listedAlone, LOG_FORMAT, parseLog, type Keyed, type Snapshot, type SnapshotInfo } from './format.js';
import { takeRefAtOpen, type Repo } from './git.js';
import { isAncestor, readTip, SESSIONS_REF, setAsideNonCommitTip, swapTip } from './refs.js';
import { newestPerSession } from './session-index.js';
import { latestOf, readablePerSession } from './selection.js';
import { history, readLog, readManifestBlob, readManifestText, readSessionAhead, readTrail } from './snapshot-reader.js';
import { commitTree, saveSnapshot, sessionTrees, shardedTree } from './snapshot-writer.js';
import { transactionReads, type NoteRequest, type ReadAhead } from './snapshot-transaction.js';
import { readObjectsSoon } from './snapshot-tree.js';
import { GitWriter, NOTES_REF, writeNote, type GitWriteOptions } from './write.js';

/** Up to this many commits are checked against the ref one `merge-base --is-ancestor` each. */
const ANCESTRY_TESTS = 4;

export { heldLock, mergeNoteBlocks, NOTES_REF } from './write.js';
export { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';
export { isSessionDirName, isSessionEntry, legacyManifestPath, manifestPath, sessionDir, shardOf, type Snapshot, type SnapshotInfo } from './format.js';
export { MUST_NOT_EXIST, SESSIONS_REF } from './refs.js';

export class SessionStore {
  private readonly writer: GitWriter;
  /** The tip as last read or moved here; a store lives for one command, which reads it once. */
  private knownTip: { commit: string | undefined } | undefined;
  /** What was read against the current tip (the index, records, manifests), kept until the ref moves. */
  private readonly reads = new Map<string, unknown>();

  constructor(readonly repo: Repo) {
    this.writer = new GitWriter(repo);
  }

  /** Runs git in the repository (writes that need an author get the fallback identity when there is none). */
  git(args: string[], opts: GitWriteOptions = {}) {
    return this.writer.git(args, opts);
  }

  /** The current snapshot commit, or undefined before the first save; read from git once per store. */
  tip(): string | undefined {
    // Read with the repository when it was opened for a read (openRepo's readRef), else now.
    this.knownTip ??= takeRefAtOpen(this.repo, SESSIONS_REF) ?? { commit: readTip((args, opts) => this.git(args, opts)) };
    return this.knownTip.commit;
  }

  /** The ref moved (to `commit` when known): what was read against the old tip is forgotten. */
  tipMoved(commit?: string): void {
    this.knownTip = commit ? { commit } : undefined;
    this.reads.clear();
  }

  /** `read()` once per tip: the commands ask the same facts from several places. */
  private remember<T>(key: string, read: () => T): T {
    if (!this.reads.has(key)) this.reads.set(key, read());
    return this.reads.get(key) as T;
  }

  /** See snapshot-writer.ts: every session directory of a snapshot, name → tree. */
  sessionTrees(commit: string): Map<string, string> {
    return sessionTrees((args, opts) => this.git(args, opts), commit);
  }

  /** See snapshot-writer.ts: the sharded root tree holding these session directories. */
  shardedTree(sessions: Map<string, string>): string {
    return shardedTree((args, opts) => this.git(args, opts), sessions);
  }

  /**
   * Stores a manifest as a new snapshot (see snapshot-writer.ts): the ref moves by
   * compare-and-swap, so concurrent saves never lose each other's snapshot.
   * @returns the new snapshot's commit id
   */
  save(manifestJson: string, info: SnapshotInfo, trail?: Map<string, string>): string {
    return saveSnapshot(this, manifestJson, info, trail).snapshot;
  }

  /**
   * Stores a snapshot and, where both can move in one transaction, its block of the work commit's
   * note (see snapshot-transaction.ts); `noted` false means the note is still to be written.
   */
  saveWithNote(manifestJson: string, info: SnapshotInfo, trail: Map<string, string> | undefined, note: NoteRequest): { snapshot: string; noted: boolean } {
    const ahead = this.ahead?.objects ? { names: this.ahead.names, objects: this.ahead.objects } : undefined;
    this.ahead = undefined;
    return saveSnapshot(this, manifestJson, info, trail, note, ahead);
  }

  /** What a save read ahead (see readAheadForSave): its names, and the objects once read. */
  private ahead: { names: string[]; objects?: ReadAhead['objects'] } | undefined;

  /**
   * Starts reading, with a git process of its own, what the save of `sessionId` with its note on
   * `noteOn` will read (see snapshot-transaction.ts), while the caller works on; the save uses it
   * when it is read by then and the snapshot ref has not moved.
   */
  readAheadForSave(sessionId: string, noteOn: string | undefined): Promise<void> {
    const ahead: { names: string[]; objects?: ReadAhead['objects'] } = { names: transactionReads(this.tip(), sessionId, noteOn) };
    this.ahead = ahead;
    return readObjectsSoon(this.repo, ahead.names).then((objects) => {
      ahead.objects = objects;
    });
  }

  /** A ref that names no commit is set aside (see refs.ts); the next save starts a new history. */
  setAsideNonCommitTip(): void {
    if (setAsideNonCommitTip((args, opts) => this.git(args, opts))) this.tipMoved();
  }

  /** Writes a snapshot commit (with the fallback identity when needed). */
  commitTree(tree: string, parents: string[], message: string): string {
    return commitTree((args, opts) => this.git(args, opts), tree, parents, message);
  }

  /**
   * Moves the snapshot ref from `expected` to `next` only if nobody moved it meanwhile.
   * @returns false when another save moved it first
   * @throws RefLockedError when its lock file stays in place (a killed git's)
   */
  moveTip(next: string, expected: string | undefined): boolean {
    const moved = swapTip((args, opts) => this.git(args, opts), next, expected);
    this.tipMoved(moved ? next : undefined);
    return moved;
  }

  /** Merges another notes ref into refs/notes/agentflow; notes on the same commit are concatenated. */
  mergeNotes(otherRef: string): void {
    this.git(['notes', `--ref=${NOTES_REF}`, 'merge', '--quiet', '-s', 'cat_sort_uniq', otherRef], { identity: true });
  }

  /**
   * Attaches (replacing) a note on a work commit in refs/notes/agentflow; retried while another
   * git holds the notes lock.
   * @throws RefLockedError when the lock stays in place (a killed git's) for LOCK_WAIT_MS
   */
  note(commit: string, text: string): void {
    writeNote(this.writer, commit, text);
  }

  /** Every snapshot, newest first by arrival (see snapshot-reader.ts), at most `limit` of those `keep` accepts. */
  history(limit = Number.POSITIVE_INFINITY, keep?: (s: Snapshot) => boolean): Snapshot[] {
    if (!this.tip()) return [];
    return history((args, opts) => this.git(args, opts), limit, keep);
  }

  /** The newest snapshot of every session, newest first, from the session index (session-index.ts). */
  newestPerSession(): Snapshot[] {
    return [...this.sessionIndex().newest];
  }

  /** The session index at the current tip, read once per tip. */
  private sessionIndex(): ReturnType<typeof newestPerSession> {
    return this.remember('index', () => {
      const tip = this.tip();
      const git = (args: string[], opts?: GitWriteOptions) => this.git(args, opts);
      return tip ? newestPerSession(this.repo, git, tip, (range, times) => readLog(git, range, times)) : { newest: [], byCommit: new Map() };
    });
  }

  /** The snapshot each session is read from, newest first (see selection.ts). */
  readablePerSession(): Snapshot[] {
    return [...this.remember('readable', () => readablePerSession(this))];
  }

  /**
   * Snapshot records of these commits (one `git log --no-walk`), newest first; unknown ids, and
   * commits the ref no longer reaches, are left out.
   */
  snapshotsAt(commits: string[]): Snapshot[] {
    return [
      ...this.remember(`at ${commits.join(' ')}`, () => {
        // Each a session's newest in the session index (read already): the ref reaches it, and its
        // record is the index's, dated as `git log --no-walk` dates it (format.ts listedAlone).
        const indexed = (this.reads.get('index') as ReturnType<typeof newestPerSession> | undefined)?.byCommit;
        const wanted = [...new Set(commits)];
        if (indexed && wanted.length && wanted.every((c) => indexed.has(c)))
          return listedAlone(wanted.map((c) => indexed.get(c)!)).map(({ key: _, seq: __, ...s }: Keyed & { seq?: number }) => s);
        const known = this.onRef(commits.filter((c) => /^[0-9a-f]{40,64}$/.test(c)));
        if (!known.length) return [];
        const r = this.git(['log', '--no-walk=unsorted', '--ignore-missing', LOG_FORMAT, ...known], { allowFail: true });
        return r.status === 0 ? parseLog(r.stdout).map(({ key: _, ...s }) => s) : [];
      }),
    ];
  }

  /**
   * Those of `commits` that refs/agentflow/sessions reaches. The ref is the
   * one truth: .git/agentflow records commits as a cache, and a deleted or reset ref outranks it.
   */
  private onRef(commits: string[]): string[] {
    if (!commits.length) return [];
    const tip = this.tip();
    if (!tip) return [];
    // Not `rev-list c --not tip`: its walk stops by commit dates, and a history whose dates run
    // backwards (a clock that was wrong, a fetched history) leaves ancestors of the tip listed as
    // off it. An ancestry test is exact; for many commits, one listing of the ref is cheaper.
    // The session index, when this command read it, lists snapshots the ref reaches (it is read from the ref's log).
    const indexed = (this.reads.get('index') as ReturnType<typeof newestPerSession> | undefined)?.byCommit ?? new Map<string, unknown>();
    if (commits.length <= ANCESTRY_TESTS) return commits.filter((c) => c === tip || indexed.has(c) || isAncestor((args, opts) => this.git(args, opts), c, tip));
    const r = this.git(['rev-list', tip], { allowFail: true });
    if (r.status !== 0) return [];
    const on = new Set(r.stdout.split('\n'));
    return commits.filter((c) => on.has(c));
  }

  /** The snapshot to resume from: `sessionId`'s if given (a unique prefix is enough), else the newest on `branch`, else the newest. */
  latest(opts: { branch?: string; sessionId?: string } = {}): Snapshot | undefined {
    return latestOf(this.readablePerSession(), opts);
  }

  /** The stored manifest text of one session in one snapshot. */
  readManifest(snapshot: Snapshot): string {
    return this.remember(`manifest ${snapshot.commit} ${snapshot.sessionId}`, () =>
      readManifestText(this.repo, (args, opts) => this.git(args, opts), snapshot),
    );
  }

  /** A stored manifest's text by object name (undefined when there is none); an oversized one is refused unread. */
  readManifestBlob(spec: string): string | undefined {
    return readManifestBlob(this.repo, (args, opts) => this.git(args, opts), spec);
  }

  /** The trail stored beside a snapshot's manifest (`trail/<kind>/<chunk>.jsonl` → text). */
  readTrail(snapshot: Snapshot, maxChunkBytes?: number): Map<string, string> {
    const listing = this.reads.get(`trail ${snapshot.commit} ${snapshot.sessionId}`) as string[] | undefined;
    return readTrail(this.repo, (args, opts) => this.git(args, opts), snapshot, maxChunkBytes, listing);
  }

  /**
   * Reads a snapshot's manifest and trail, and the manifests of `others`, in two git processes
   * (see snapshot-reader.ts): for a reader that goes on to read them all (resume, recall).
   */
  readAhead(snapshot: Snapshot, others: Snapshot[] = []): void {
    const listing = readSessionAhead(this.repo, (args, opts) => this.git(args, opts), snapshot, others);
    if (listing) this.reads.set(`trail ${snapshot.commit} ${snapshot.sessionId}`, listing);
  }

  /** One-line commits between a snapshot's HEAD and the current HEAD; undefined if that commit is unknown here. */
  commitsSince(from: string, to = 'HEAD'): string[] | undefined {
    // One git process: a `from` this clone does not have (or that names no commit) fails the log.
    const r = this.git(['log', '--format=%h %s', `${from}^{commit}..${to}`, '--'], { allowFail: true });
    return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
  }
}
