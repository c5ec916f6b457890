import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitSessionError, InvalidManifestError, NoSnapshotError } from '../errors.js';
import { readObjects, type Repo } from './git.js';
import { GitWriter, heldLock, LOCK_WAIT_MS, NOTES_REF, RefLockedError, sleepMs, writeNote, type GitWriteOptions } from './write.js';
import { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';
import { sanitizeText } from '../manifest/sanitize.js';
import { sessionDir } from './names.js';
import { privateDir, readPrivateText, writePrivate } from './private-fs.js';
import { readState } from './state.js';
import { gcMayBeDue, isSessionDirName, isShardName, writeBlobs, writeSnapshotTree } from './snapshot-tree.js';

export { heldLock, mergeNoteBlocks, NOTES_REF, RefLockedError } from './write.js';
export { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';

export const SESSIONS_REF = 'refs/agentflow/sessions';
/**
 * The old value `update-ref` takes for "this ref must not exist yet": the empty string, which
 * works for SHA-1 and SHA-256 repositories alike (forty zeros is a SHA-1 id only).
 */
export const MUST_NOT_EXIST = '';

const LOG_FORMAT = '--format=%H%x1f%P%x1f%ct%x1f%cI%x1f%an <%ae>%x1f%s%x1f%b%x1e';
const INDEX_FILE = 'sessions-index.json';
/** The index holds a few hundred bytes per session: 64 MB is past 100,000 sessions. */
const INDEX_MAX_BYTES = 64 * 1024 * 1024;
/** A manifest kept aside is at most 2 KB, with its commit's details. */
const PENDING_MAX_BYTES = 1024 * 1024;
const INDEX_VERSION = 1;
/** A snapshot with its arrival order (seconds; see SessionStore.history). */
type Keyed = Snapshot & { key: number };
interface SessionIndex {
  version: number;
  tip: string;
  /** How many snapshots were indexed: the arrival order of the last one. */
  seq: number;
  sessions: Record<string, Keyed & { seq: number }>;
}

/** One snapshot as `git log agentflow/sessions` lists it. */
export interface Snapshot {
  commit: string;
  parent?: string;
  /** Commit time, ISO-8601. */
  date: string;
  subject: string;
  /** The commit's author, `Name <email>`: who saved it (sanitised). */
  savedBy?: string;
  sessionId: string;
  agent?: string;
  branch?: string;
  head?: string;
  level?: string;
  percent?: number;
  reason?: string;
  generatedBy?: string;
  llmFallback?: string;
  llmCost?: string;
  bytes?: number;
}

/** What a save records besides the manifest itself; every value must already be redacted. */
export interface SnapshotInfo {
  sessionId: string;
  subject: string;
  trailers: Record<string, string | number | undefined>;
}

export class ConcurrentUpdateError extends GitSessionError {
  constructor(attempts: number) {
    super('ECONFLICT', `Could not update ${SESSIONS_REF} after ${attempts} attempts: other saves kept winning. Run \`git session save\` again.`);
  }
}

export { sessionDir } from './names.js';

/**
 * The shard a session directory lives in: two hex digits, so a save rewrites one small shard
 * tree and the 256-entry `sessions/` tree, never a tree listing every session.
 */
export const shardOf = (dir: string): string => createHash('sha1').update(dir).digest('hex').slice(0, 2);

/** Where a session's manifest is stored: `sessions/<shard>/<session dir>/manifest.json`. */
export function manifestPath(sessionId: string): string {
  const dir = sessionDir(sessionId);
  return `sessions/${shardOf(dir)}/${dir}/manifest.json`;
}

/** Where snapshots written before sharding keep it: `sessions/<session dir>/manifest.json`. */
export const legacyManifestPath = (sessionId: string): string => `sessions/${sessionDir(sessionId)}/manifest.json`;

export { isSessionDirName } from './snapshot-tree.js';

/** A `sessions/` tree entry as a save writes it: `040000 tree <id>\t<session dir>`. */
export const isSessionEntry = (e: string): boolean => {
  const m = /^040000 tree [0-9a-f]{40,64}\t(.+)$/.exec(e);
  return Boolean(m && isSessionDirName(m[1]!));
};

// Escape sequences and other control bytes never reach a commit message: `git log` prints them raw.
const oneLine = (s: string): string => sanitizeText(s).trim();

/**
 * Test seam: with GIT_SESSION_TEST_PAUSE_BEFORE_REF=<file>, a save writes its new commit id to
 * that file and waits 10 s between writing its objects and moving the ref, so a test can kill
 * it inside that window every time.
 */
function pauseForTest(commit: string): void {
  const marker = process.env.GIT_SESSION_TEST_PAUSE_BEFORE_REF;
  if (!marker) return;
  writeFileSync(marker, commit);
  sleepMs(10_000);
}

/**
 * Session snapshots kept in git: each save is a commit on refs/agentflow/sessions whose tree
 * holds the latest manifest of every session, parent = the previous snapshot. The working tree,
 * the index and the user's branches are never touched. The only module that writes to git.
 */
export class SessionStore {
  private readonly writer: GitWriter;
  /** The tip as last read or moved here; a store lives for one command, which reads it once. */
  private knownTip: { commit: string | undefined } | undefined;
  /** What was read against the current tip (the index, records, manifests), kept until the ref moves. */
  private readonly reads = new Map<string, unknown>();

  constructor(readonly repo: Repo) {
    this.writer = new GitWriter(repo);
  }

  private git(args: string[], opts: GitWriteOptions = {}) {
    return this.writer.git(args, opts);
  }

  /** The current snapshot commit, or undefined before the first save; read from git once per store. */
  tip(): string | undefined {
    if (!this.knownTip) {
      const r = this.git(['rev-parse', '-q', '--verify', `${SESSIONS_REF}^{commit}`], { allowFail: true });
      this.knownTip = { commit: r.status === 0 ? r.stdout.trim() : undefined };
    }
    return this.knownTip.commit;
  }

  /** The ref moved (to `commit` when known): what was read against the old tip is forgotten. */
  private tipMoved(commit?: string): void {
    this.knownTip = commit ? { commit } : undefined;
    this.reads.clear();
  }

  /** `read()` once per tip: the commands ask the same facts from several places. */
  private remember<T>(key: string, read: () => T): T {
    if (!this.reads.has(key)) this.reads.set(key, read());
    return this.reads.get(key) as T;
  }

  /**
   * Every session directory of a snapshot, in either layout, from one recursive listing: the
   * session directory name → its tree.
   */
  sessionTrees(commit: string): Map<string, string> {
    const out = new Map<string, string>();
    const ls = this.git(['ls-tree', '-r', '-t', '-z', `${commit}:sessions`], { allowFail: true });
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
  shardedTree(sessions: Map<string, string>): string {
    const shards = new Map<string, string[]>();
    for (const [dir, tree] of [...sessions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const s = shardOf(dir);
      shards.set(s, [...(shards.get(s) ?? []), `040000 tree ${tree}\t${dir}`]);
    }
    const names = [...shards.keys()];
    const built = names.length ? this.git(['mktree', '--batch'], { input: names.map((n) => `${shards.get(n)!.join('\n')}\n`).join('\n') }).stdout.trim().split('\n') : [];
    return this.rootTree(names.map((n, i) => `040000 tree ${built[i]}\t${n}`));
  }

  /** The root tree of a snapshot from the `sessions/` entries (`ls-tree -z` lines). */
  private rootTree(sessionEntries: string[]): string {
    const sessions = this.git(['mktree', '-z'], { input: sessionEntries.length ? `${sessionEntries.join('\0')}\0` : '' }).stdout.trim();
    return this.git(['mktree'], { input: `040000 tree ${sessions}\tsessions\n` }).stdout.trim();
  }

  /**
   * Stores a manifest as a new snapshot. The ref moves by compare-and-swap (`git update-ref REF
   * NEW OLD`), retried with jitter, so concurrent saves never lose each other's snapshot, and a
   * save killed at any point leaves the ref on a valid commit.
   * @returns the new snapshot's commit id
   */
  save(manifestJson: string, info: SnapshotInfo, trail?: Map<string, string>): string {
    try {
      this.storePending();
      return this.store(manifestJson, info, trail);
    } catch (err) {
      if (!(err instanceof RefLockedError)) throw err;
      throw new RefLockedError(err.ref, err.lockFile, this.keepPending(manifestJson, info));
    }
  }

  /** Where manifests that could not be stored wait for the next save. */
  private pendingDir(): string {
    return privateDir(this.repo, 'pending');
  }

  private keepPending(manifestJson: string, info: SnapshotInfo): string {
    const name = `${Date.now()}-${process.pid}-${sessionDir(info.sessionId)}.json`;
    writePrivate(this.repo, `pending/${name}`, `${JSON.stringify({ manifest: manifestJson, info })}\n`);
    return join(this.pendingDir(), name);
  }

  /** Stores the manifests earlier saves had to keep aside, oldest first. */
  private storePending(): void {
    let names: string[];
    try {
      names = readdirSync(this.pendingDir()).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const file = join(this.pendingDir(), name);
      // Claimed by renaming it: of two saves running at once, only one stores each manifest.
      const claimed = `${file}.${process.pid}.claim`;
      try {
        renameSync(file, claimed);
      } catch {
        continue;
      }
      let kept: { manifest?: unknown; info?: SnapshotInfo } = {};
      try {
        kept = JSON.parse(readPrivateText(this.repo, `pending/${name}.${process.pid}.claim`, PENDING_MAX_BYTES) ?? '');
      } catch {
        /* unreadable: set aside below */
      }
      if (typeof kept.manifest !== 'string' || typeof kept.info?.sessionId !== 'string' || typeof kept.info.subject !== 'string') {
        renameSync(claimed, `${file}.bad`);
        continue;
      }
      try {
        this.store(kept.manifest, { ...kept.info, trailers: kept.info.trailers ?? {} });
      } catch (err) {
        renameSync(claimed, file);
        throw err;
      }
      rmSync(claimed, { force: true });
    }
  }

  /**
   * The trail stored beside a snapshot's manifest (`trail/<kind>/<chunk>.jsonl` → text), read in
   * one listing and one `cat-file --batch`; empty for a snapshot without one. Oversized or odd
   * entries (a push of someone else's) are left out, never loaded.
   */
  readTrail(snapshot: Snapshot, maxChunkBytes = 256 * 1024): Map<string, string> {
    const out = new Map<string, string>();
    const dir = `${snapshot.commit}:${manifestPath(snapshot.sessionId).replace(/manifest\.json$/, 'trail')}`;
    const ls = this.git(['ls-tree', '-r', '-l', '-z', dir], { allowFail: true });
    if (ls.status !== 0) return out;
    const wanted: Array<[string, string]> = [];
    for (const line of ls.stdout.split('\0')) {
      const m = /^100644 blob ([0-9a-f]+) +(\d+)\t([a-z]+)\/(\d{4}\.jsonl)$/.exec(line);
      if (m && Number(m[2]) <= maxChunkBytes && wanted.length < 512) wanted.push([m[1]!, `trail/${m[3]}/${m[4]}`]);
    }
    // Their sizes are known from the listing: one `cat-file --batch`.
    const texts = readObjects(this.repo, wanted.map(([id]) => id), maxChunkBytes, undefined, true);
    for (const [id, path] of wanted) {
      const t = texts.get(id);
      if (t !== undefined) out.set(path, t);
    }
    return out;
  }

  private store(manifestJson: string, info: SnapshotInfo, trailFiles?: Map<string, string>): string {
    const git = (args: string[], opts?: GitWriteOptions) => this.git(args, opts);
    const blobs = writeBlobs(git, manifestJson, trailFiles);
    const trailers = Object.entries({ 'Session-Id': info.sessionId, ...info.trailers })
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${oneLine(String(v))}`)
      .join('\n');
    const message = `${oneLine(info.subject).slice(0, 120)}\n\n${trailers}\n`;
    const attempts = 64;
    for (let i = 0; i < attempts; i++) {
      const parent = this.tip();
      const tree = writeSnapshotTree(this.repo, git, parent, info.sessionId, shardOf(sessionDir(info.sessionId)), blobs, (own) => {
        const all = this.sessionTrees(parent!);
        all.set(sessionDir(info.sessionId), own);
        return this.shardedTree(all);
      });
      const commit = this.commitTree(tree, parent ? [parent] : [], message);
      pauseForTest(commit);
      if (this.moveTip(commit, parent)) {
        // As git's own porcelain does after writing objects: pack them when there are many
        // (in the background); judged here first, so most saves start no git for it.
        if (gcMayBeDue(this.repo)) this.git(['gc', '--auto', '--quiet'], { allowFail: true });
        return commit;
      }
      if (!parent) this.setAsideNonCommitTip();
      sleepMs(2 + Math.random() * Math.min(100, 5 * (i + 1)));
    }
    throw new ConcurrentUpdateError(attempts);
  }

  /**
   * A snapshot ref that exists but names no commit (a blob someone pushed, say) would block
   * every save: it is moved to refs/agentflow/broken/sessions-<time>, kept for inspection, and
   * the next save starts a new history.
   */
  private setAsideNonCommitTip(): void {
    const raw = this.git(['rev-parse', '-q', '--verify', SESSIONS_REF], { allowFail: true }).stdout.trim();
    if (!raw || this.tip()) return;
    const aside = `refs/agentflow/broken/sessions-${Date.now()}`;
    this.git(['update-ref', aside, raw]);
    this.git(['update-ref', '-d', SESSIONS_REF, raw], { allowFail: true });
    this.tipMoved();
    process.stderr.write(`git-session: ${SESSIONS_REF} named a ${this.git(['cat-file', '-t', raw], { allowFail: true }).stdout.trim() || 'missing object'}, not a snapshot commit; it is kept as ${aside} and a new snapshot history starts.\n`);
  }

  /** Writes a snapshot commit (with the fallback identity when needed). */
  commitTree(tree: string, parents: string[], message: string): string {
    return this.git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { input: message, identity: true }).stdout.trim();
  }

  /**
   * Moves the snapshot ref from `expected` to `next` only if nobody moved it meanwhile.
   * @returns false when another save moved it first
   * @throws RefLockedError when its lock file stays in place (a killed git's) for LOCK_WAIT_MS
   */
  moveTip(next: string, expected: string | undefined): boolean {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const r = this.git(['update-ref', '-m', 'git-session', SESSIONS_REF, next, expected ?? MUST_NOT_EXIST], { allowFail: true });
      if (r.status === 0) {
        this.tipMoved(next);
        return true;
      }
      const lock = heldLock(r.stderr);
      if (!lock) {
        this.tipMoved();
        return false;
      }
      if (Date.now() >= deadline) throw new RefLockedError(SESSIONS_REF, lock);
      sleepMs(20 + Math.random() * 30);
    }
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

  /**
   * Every snapshot, newest first, in one `git log`. "Newest" is the order snapshots arrived in
   * this clone, not the clock of whoever made them: a snapshot is never newer than any commit
   * built on it (a save after it, or the sync merge that brought it in), nor than now. So a
   * pushed snapshot dated next year does not win, and `date` never shows a future time.
   * Subjects, trailers and names are sanitised: they may come from anyone who can push.
   * @param limit at most this many (the newest); without `keep`, read without reading the whole
   *   history where it can
   * @param keep only the snapshots it accepts count toward `limit`
   */
  history(limit = Number.POSITIVE_INFINITY, keep?: (s: Snapshot) => boolean): Snapshot[] {
    if (!this.tip()) return [];
    const filtered = keep !== undefined;
    const strip = (list: Keyed[]): Snapshot[] => (keep ? list.filter(keep) : list).slice(0, limit).map(({ key: _, ...s }) => s);
    // The newest few need not read all of a long history: read the first k commits in topological
    // order, and stop once no commit not read yet could be newer than the limit-th: an unread
    // commit is an ancestor of one read, so it is no newer than the newest bound its read
    // children give it (see parseLog). On a linear history the first read is enough. Without a
    // commit-graph every such read walks the whole history in git, so it is tried twice at most,
    // and not for a filter (a session's snapshots may be far apart): then the whole log is read.
    if (Number.isFinite(limit) && !filtered) {
      for (const k of [Math.max(64, 2 * limit), 32 * Math.max(64, 2 * limit)]) {
        const stdout = this.git(['log', '--topo-order', `--max-count=${k}`, LOG_FORMAT, SESSIONS_REF]).stdout;
        const frontier = { newest: Number.NEGATIVE_INFINITY, commits: 0 };
        const read = this.parseLog(stdout, frontier);
        if (frontier.commits < k || (read.length >= limit && read[limit - 1]!.key >= frontier.newest)) return strip(read);
      }
    }
    return strip(this.readLog([SESSIONS_REF]));
  }

  /**
   * Snapshot records from one `git log --topo-order` of `range`, newest first (by arrival, see
   * history()). Bounds from children outside the range are not known: an incremental read
   * caps its keys at now only.
   */
  private readLog(range: string[]): Keyed[] {
    return this.parseLog(this.git(['log', '--topo-order', LOG_FORMAT, ...range]).stdout);
  }

  /**
   * @param frontier when given, set to the number of commits read and the newest key any commit
   *   not read could have: the largest bound of a parent that was not read (−∞ when every one was)
   */
  private parseLog(stdout: string, frontier?: { newest: number; commits: number }): Keyed[] {
    const now = Math.floor(Date.now() / 1000);
    const bound = new Map<string, number>();
    const seen = frontier ? new Set<string>() : undefined;
    const out: Keyed[] = [];
    for (const rec of stdout.split('\x1e')) {
      const [commit = '', parentList = '', ct = '', cI = '', author = '', subject = '', body = ''] = rec.replace(/^\n/, '').split('\x1f');
      if (!commit) continue;
      const parents = parentList.split(' ').filter(Boolean);
      // Children come before parents in topological order, so every bound is known by now.
      const key = Math.min(Number(ct) || 0, bound.get(commit) ?? now);
      for (const p of parents) bound.set(p, Math.min(bound.get(p) ?? now, key));
      seen?.add(commit);
      // Merge commits from `git session sync` carry no manifest of their own.
      if (parents.length > 1) continue;
      const t: Record<string, string> = Object.create(null);
      for (const line of body.split('\n')) {
        const m = /^([A-Za-z-]+): (.*)$/.exec(line);
        if (m) t[m[1]!.toLowerCase()] = sanitizeText(m[2]!).trim();
      }
      // Nor does a commit without a session (sync's "receive" commit): not a snapshot.
      if (!t['session-id']) continue;
      out.push({
        key,
        commit,
        parent: parents[0],
        date: key === Number(ct) ? cI : new Date(key * 1000).toISOString(),
        subject: sanitizeText(subject).trim(),
        savedBy: sanitizeText(author).trim(),
        sessionId: t['session-id'] ?? '',
        agent: t.agent,
        branch: t.branch,
        head: t.head,
        level: t.level,
        percent: t.context ? Number.parseFloat(t.context) : undefined,
        reason: t.reason,
        generatedBy: t['generated-by'],
        llmFallback: t['llm-fallback'],
        llmCost: t['llm-cost'],
        bytes: t['manifest-bytes'] ? Number(t['manifest-bytes']) : undefined,
      });
    }
    if (frontier && seen) {
      frontier.commits = seen.size;
      for (const [c, b] of bound) if (!seen.has(c)) frontier.newest = Math.max(frontier.newest, b);
    }
    // A stable sort: equal keys keep the topological order (a child before its parent).
    return out.sort((x, y) => y.key - x.key);
  }

  /**
   * The newest snapshot of every session, newest first, from a small index in
   * `.git/agentflow/sessions-index.json` (rebuildable, never committed): updated from the
   * ref's new commits only, so it costs the same at 10 snapshots and at 100,000. A ref that was
   * rewritten (not a descendant of the indexed tip) or an unreadable index is rebuilt.
   */
  newestPerSession(): Snapshot[] {
    return [...this.remember('newest', () => this.readNewestPerSession())];
  }

  private readNewestPerSession(): Snapshot[] {
    const tip = this.tip();
    if (!tip) return [];
    let index: SessionIndex | undefined;
    try {
      const raw = JSON.parse(readPrivateText(this.repo, INDEX_FILE, INDEX_MAX_BYTES) ?? '') as SessionIndex;
      if (raw.version === INDEX_VERSION && typeof raw.tip === 'string' && typeof raw.seq === 'number' && raw.sessions && typeof raw.sessions === 'object') index = raw;
    } catch {
      /* none yet, or unreadable: rebuilt below */
    }
    if (index?.tip !== tip) {
      const incremental = index && this.git(['merge-base', '--is-ancestor', index.tip, tip], { allowFail: true }).status === 0;
      // No prototype: a session id is whatever a pushed trailer says (`__proto__` included).
      const sessions: Record<string, Keyed & { seq: number }> = Object.assign(Object.create(null), incremental ? index!.sessions : {});
      // Oldest first, so a session's newest record is the one left in place; `seq` orders
      // snapshots saved within the same second.
      let seq = incremental ? index!.seq : 0;
      for (const rec of this.readLog(incremental ? [`${index!.tip}..${tip}`] : [tip]).reverse()) {
        const had = sessions[rec.sessionId];
        seq++;
        if (rec.sessionId && (!had || rec.key >= had.key)) sessions[rec.sessionId] = { ...rec, seq };
      }
      index = { version: INDEX_VERSION, tip, seq, sessions };
      try {
        writePrivate(this.repo, INDEX_FILE, JSON.stringify(index));
      } catch {
        /* a read-only .git: the index is only a cache */
      }
    }
    return Object.values(index.sessions)
      .sort((x, y) => y.key - x.key || y.seq - x.seq)
      .map(({ key: _, seq: __, ...s }) => s);
  }

  /**
   * The snapshot each session is read from, newest first: its newest, except that a session saved
   * in this clone is read from this clone's last save of it (.git/agentflow/state.json). Anyone
   * who can push may write a snapshot with any Session-Id and author, so a fetched one never
   * shadows a session saved here; it is read by its commit.
   */
  readablePerSession(): Snapshot[] {
    return [...this.remember('readable', () => this.readReadablePerSession())];
  }

  private readReadablePerSession(): Snapshot[] {
    const newest = this.newestPerSession();
    const own = Object.entries(readState(this.repo).sessions).flatMap(([id, s]) => (s.lastSnapshotCommit ? [[s.lastSnapshotCommit, id] as const] : []));
    if (!own.length) return newest;
    const saved = new Map(own);
    const mine = new Map(this.snapshotsAt(own.map(([commit]) => commit)).flatMap((s) => (saved.get(s.commit) === s.sessionId ? [[s.sessionId, s] as const] : [])));
    return newest.map((s) => mine.get(s.sessionId) ?? s);
  }

  /**
   * Snapshot records of these commits (one `git log --no-walk`), newest first; unknown ids, and
   * commits the ref no longer reaches, are left out.
   */
  snapshotsAt(commits: string[]): Snapshot[] {
    return [...this.remember(`at ${commits.join(' ')}`, () => this.readSnapshotsAt(commits))];
  }

  private readSnapshotsAt(commits: string[]): Snapshot[] {
    const known = this.onRef(commits.filter((c) => /^[0-9a-f]{40,64}$/.test(c)));
    if (!known.length) return [];
    const r = this.git(['log', '--no-walk=unsorted', '--ignore-missing', LOG_FORMAT, ...known], { allowFail: true });
    if (r.status !== 0) return [];
    return this.parseLog(r.stdout).map(({ key: _, ...s }) => s);
  }

  /**
   * Those of `commits` that refs/agentflow/sessions reaches (one `git rev-list`). The ref is the
   * one truth: .git/agentflow records commits as a cache, and a deleted or reset ref outranks it.
   */
  private onRef(commits: string[]): string[] {
    if (!commits.length) return [];
    const tip = this.tip();
    if (!tip) return [];
    const r = this.git(['rev-list', '--ignore-missing', ...commits, '--not', tip], { allowFail: true });
    if (r.status !== 0) return [];
    const off = new Set(r.stdout.split('\n'));
    return commits.filter((c) => !off.has(c));
  }

  /**
   * The snapshot to resume from: the one `sessionId` is read from if given (a prefix is enough;
   * see readablePerSession), else the newest made on `branch`, else the newest of all.
   */
  latest(opts: { branch?: string; sessionId?: string } = {}): Snapshot | undefined {
    const all = this.readablePerSession();
    if (opts.sessionId) return all.find((s) => s.sessionId === opts.sessionId) ?? all.find((s) => s.sessionId.startsWith(opts.sessionId!));
    return (opts.branch ? all.find((s) => s.branch === opts.branch) : undefined) ?? all[0];
  }

  /**
   * Resolves a user's snapshot name (commit id or prefix, `agentflow/sessions~2`, a session id
   * or prefix: the snapshot that session is read from, see readablePerSession). A name that could mean a snapshot and another
   * session's snapshot means the commit, as in git, and `note` says so.
   */
  resolve(name: string): { snapshot: Snapshot; note?: string } {
    const sessions = this.readablePerSession();
    if (!sessions.length) throw new NoSnapshotError();
    // A name starting with '-' would be read by git as an option: it can only be an id prefix here.
    const r = name.startsWith('-') ? undefined : this.git(['rev-parse', '-q', '--verify', `${name.replace(/^agentflow\/sessions/, SESSIONS_REF)}^{commit}`], { allowFail: true });
    const id = r?.status === 0 ? r.stdout.trim() : undefined;
    const bySession = sessions.find((s) => s.sessionId === name) ?? (name.length >= 4 ? sessions.find((s) => s.sessionId.startsWith(name)) : undefined);
    // Any snapshot, however old: git finds the commit, its message says which session it holds.
    const byCommit = id ? this.snapshotsAt([id]).find((s) => s.sessionId) : undefined;
    // An exact session id beats a commit prefix; a commit beats a session prefix.
    const exactSession = bySession?.sessionId === name;
    const snapshot = exactSession ? bySession : byCommit ?? bySession;
    if (!snapshot) throw new NoSnapshotError(`named ${JSON.stringify(name)}; list them with \`git session log\``);
    const other = snapshot === bySession ? byCommit : bySession;
    const note =
      other && other.commit !== snapshot.commit
        ? `${JSON.stringify(name)} matches ${snapshot === bySession ? `session ${snapshot.sessionId}` : `snapshot ${snapshot.commit.slice(0, 12)}`}, shown here, and also ${other === bySession ? `session ${other.sessionId}` : `snapshot ${other.commit.slice(0, 12)}`}; give more characters to choose.`
        : undefined;
    return { snapshot, note };
  }

  /** The stored manifest text of one session in one snapshot. */
  readManifest(snapshot: Snapshot): string {
    return this.remember(`manifest ${snapshot.commit} ${snapshot.sessionId}`, () => this.readManifestText(snapshot));
  }

  private readManifestText(snapshot: Snapshot): string {
    // Sharded, else the flat layout of snapshots written before sharding.
    const text = this.readManifestBlob(`${snapshot.commit}:${manifestPath(snapshot.sessionId)}`) ?? this.readManifestBlob(`${snapshot.commit}:${legacyManifestPath(snapshot.sessionId)}`);
    if (text === undefined) throw new NoSnapshotError(`with a manifest for session ${snapshot.sessionId} in ${snapshot.commit.slice(0, 10)}`);
    return text;
  }

  /**
   * A stored manifest's text by object name, undefined when there is no such object. A snapshot
   * may come from someone else's push, so an oversized blob is refused before it is loaded.
   */
  readManifestBlob(spec: string): string | undefined {
    // One git process: the output is bounded, and only an oversized blob costs a second to name its size.
    const r = spawnSync('git', ['cat-file', 'blob', spec], { cwd: this.repo.root, encoding: 'utf8', maxBuffer: MAX_STORED_MANIFEST_BYTES });
    if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ENOBUFS') throw new GitSessionError('ENOGIT', `Cannot run git (${r.error.message}). Install git and make sure it is on PATH.`);
    if (!r.error) return r.status === 0 ? r.stdout : undefined;
    const size = Number(this.git(['cat-file', '-s', spec], { allowFail: true }).stdout.trim());
    throw new InvalidManifestError(spec, `${size} bytes, more than any manifest git-session writes`);
  }

  /** One-line commits between a snapshot's HEAD and the current HEAD; undefined if that commit is unknown here. */
  commitsSince(from: string, to = 'HEAD'): string[] | undefined {
    if (this.git(['cat-file', '-e', `${from}^{commit}`], { allowFail: true }).status !== 0) return undefined;
    const r = this.git(['log', '--format=%h %s', `${from}..${to}`], { allowFail: true });
    return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
  }
}
