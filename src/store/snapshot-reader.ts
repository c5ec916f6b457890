/**
 * Reading snapshots: their records from `git log` (newest by arrival), a session's manifest and
 * its trail. A snapshot may come from anyone who can push: sizes are bounded before anything is
 * loaded, and every text from a commit is sanitised (format.ts).
 */
import { spawnSync } from 'node:child_process';
import { GitSessionError, InvalidManifestError, NoSnapshotError } from '../errors.js';
import { MAX_STORED_MANIFEST_BYTES } from '../manifest/limits.js';
import { legacyManifestPath, LOG_FORMAT, manifestPath, parseLog, type Keyed, type Snapshot } from './format.js';
import { readObjects, type GitResult, type Repo } from './git.js';
import { knownObject, readAhead } from './object-cache.js';
import { SESSIONS_REF } from './refs.js';

type Git = (args: string[], opts?: { allowFail?: boolean }) => GitResult;

/**
 * Snapshot records from one `git log --topo-order` of `range`, newest first (by arrival, see
 * history()). Bounds from children outside the range are not known: an incremental read
 * caps its keys at now only.
 * @param times filled with each record's commit time (see parseLog)
 */
export function readLog(git: Git, range: string[], times?: Map<string, number>): Keyed[] {
  return parseLog(git(['log', '--topo-order', LOG_FORMAT, ...range]).stdout, undefined, times);
}

/**
 * Every snapshot, newest first, in one `git log`. "Newest" is the order snapshots arrived in
 * this clone, not the clock of whoever made them: a snapshot is never newer than any commit
 * built on it (a save after it, or the sync merge that brought it in), nor than now. So a
 * pushed snapshot dated next year does not win, and `date` never shows a future time.
 * @param limit at most this many (the newest); without `keep`, read without reading the whole
 *   history where it can
 * @param keep only the snapshots it accepts count toward `limit`
 */
export function history(git: Git, limit = Number.POSITIVE_INFINITY, keep?: (s: Snapshot) => boolean): Snapshot[] {
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
      const stdout = git(['log', '--topo-order', `--max-count=${k}`, LOG_FORMAT, SESSIONS_REF]).stdout;
      const frontier = { newest: Number.NEGATIVE_INFINITY, commits: 0 };
      const read = parseLog(stdout, frontier);
      if (frontier.commits < k || (read.length >= limit && read[limit - 1]!.key >= frontier.newest)) return strip(read);
    }
  }
  return strip(readLog(git, [SESSIONS_REF]));
}

/** The stored manifest text of one session in one snapshot: sharded, else the flat layout of snapshots written before sharding. */
export function readManifestText(repo: Repo, git: Git, snapshot: Snapshot): string {
  const text =
    readManifestBlob(repo, git, `${snapshot.commit}:${manifestPath(snapshot.sessionId)}`) ??
    readManifestBlob(repo, git, `${snapshot.commit}:${legacyManifestPath(snapshot.sessionId)}`);
  if (text === undefined) throw new NoSnapshotError(`with a manifest for session ${snapshot.sessionId} in ${snapshot.commit.slice(0, 10)}`);
  return text;
}

/**
 * A stored manifest's text by object name, undefined when there is no such object. A snapshot
 * may come from someone else's push, so an oversized blob is refused before it is loaded.
 */
export function readManifestBlob(repo: Repo, git: Git, spec: string): string | undefined {
  const known = knownObject(repo, spec);
  if (known?.missing || (known && known.type !== 'blob')) return undefined;
  if (known && known.size > MAX_STORED_MANIFEST_BYTES) throw new InvalidManifestError(spec, `${known.size} bytes, more than any manifest git-session writes`);
  if (known?.text !== undefined) return known.text;
  // One git process: the output is bounded, and only an oversized blob costs a second to name its size.
  const r = spawnSync('git', ['cat-file', 'blob', spec], { cwd: repo.root, encoding: 'utf8', maxBuffer: MAX_STORED_MANIFEST_BYTES });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ENOBUFS')
    throw new GitSessionError('ENOGIT', `Cannot run git (${r.error.message}). Install git and make sure it is on PATH.`);
  if (!r.error) return r.status === 0 ? r.stdout : undefined;
  const size = Number(git(['cat-file', '-s', spec], { allowFail: true }).stdout.trim());
  throw new InvalidManifestError(spec, `${size} bytes, more than any manifest git-session writes`);
}

/**
 * The trail stored beside a snapshot's manifest (`trail/<kind>/<chunk>.jsonl` → text), read in
 * one listing and one `cat-file --batch`; empty for a snapshot without one. Oversized or odd
 * entries (a push of someone else's) are left out, never loaded.
 */
export function readTrail(repo: Repo, git: Git, snapshot: Snapshot, maxChunkBytes = MAX_TRAIL_CHUNK_BYTES, listing?: string[]): Map<string, string> {
  const out = new Map<string, string>();
  let lines = listing;
  if (!lines) {
    const ls = git(['ls-tree', '-r', '-l', '-z', `${snapshot.commit}:${sessionPath(snapshot.sessionId)}/trail`], { allowFail: true });
    if (ls.status !== 0) return out;
    lines = ls.stdout.split('\0');
  }
  const wanted: Array<[string, string]> = [];
  for (const line of lines) {
    const m = /^100644 blob ([0-9a-f]+) +(\d+)\t([a-z]+)\/(\d{4}\.jsonl)$/.exec(line);
    if (m && Number(m[2]) <= maxChunkBytes && wanted.length < 512) wanted.push([m[1]!, `trail/${m[3]}/${m[4]}`]);
  }
  // Their sizes are known from the listing: one `cat-file --batch`.
  const texts = readObjects(
    repo,
    wanted.map(([id]) => id),
    maxChunkBytes,
    undefined,
    true,
  );
  for (const [id, path] of wanted) {
    const t = texts.get(id);
    if (t !== undefined) out.set(path, t);
  }
  return out;
}

/** The largest trail chunk a reader loads (a save writes none larger; see trail/files.ts). */
export const MAX_TRAIL_CHUNK_BYTES = 256 * 1024;

/** A session's folder in the snapshot tree: `sessions/<shard>/<session dir>`. */
const sessionPath = (sessionId: string): string => manifestPath(sessionId).slice(0, -'/manifest.json'.length);

/**
 * Reads a snapshot's manifest and trail, and the manifests of `others`, in one `git ls-tree` and
 * one `git cat-file --batch` (object-cache.ts), where each alone takes one or two git processes.
 * @returns the trail's listing as readTrail takes it (paths below `trail/`); undefined when the
 *   snapshot has no session folder in the sharded layout (the readers then ask git as always)
 */
export function readSessionAhead(repo: Repo, git: Git, snapshot: Snapshot, others: Snapshot[] = []): string[] | undefined {
  const dir = sessionPath(snapshot.sessionId);
  const ls = git(['ls-tree', '-r', '-l', '-z', snapshot.commit, '--', `${dir}/`], { allowFail: true });
  if (ls.status !== 0) return undefined;
  const wanted: Array<{ name: string; maxBytes: number }> = [];
  const trail: string[] = [];
  let manifest = false;
  for (const line of ls.stdout.split('\0')) {
    const m = /^(\d+ \w+ ([0-9a-f]+) +(\d+)\t)(.*)$/s.exec(line);
    if (!m) continue;
    const [, head = '', id = '', size = '', path = ''] = m;
    if (path === `${dir}/manifest.json`) {
      manifest = true;
      // Known under both names: readManifestText asks by path.
      if (Number(size) <= MAX_STORED_MANIFEST_BYTES) wanted.push({ name: `${snapshot.commit}:${path}`, maxBytes: MAX_STORED_MANIFEST_BYTES });
    } else if (path.startsWith(`${dir}/trail/`)) {
      trail.push(`${head}${path.slice(dir.length + '/trail/'.length)}`);
      if (Number(size) <= MAX_TRAIL_CHUNK_BYTES && trail.length <= 512) wanted.push({ name: id, maxBytes: MAX_TRAIL_CHUNK_BYTES });
    }
  }
  if (!manifest) return undefined;
  for (const s of others)
    for (const path of [manifestPath(s.sessionId), legacyManifestPath(s.sessionId)])
      wanted.push({ name: `${s.commit}:${path}`, maxBytes: MAX_STORED_MANIFEST_BYTES });
  readAhead(repo, [...new Map(wanted.map((w) => [w.name, w])).values()]);
  return trail;
}
