import { GitSessionError } from '../errors.js';
import { readObjects, runGit, type Repo } from './git.js';
import { parseManifest } from '../manifest/finalize.js';
import { TRAIL_KINDS } from '../trail/build.js';
import { CHUNK_NAME, MAX_CHUNK_BYTES } from '../trail/files.js';
import { isSessionDirName, shardOf, MAX_STORED_MANIFEST_BYTES, NOTES_REF, SESSIONS_REF, SessionStore, sessionDir, MUST_NOT_EXIST } from './session-store.js';

/** Where a remote's snapshots and notes are fetched to: never over the local refs. */
export const remoteSessionsRef = (remote: string): string => `refs/agentflow/remotes/${remote}/sessions`;
export const remoteNotesRef = (remote: string): string => `refs/notes/remotes/${remote}/agentflow`;

export function syncRefspecs(remote: string): string[] {
  return [`+${SESSIONS_REF}:${remoteSessionsRef(remote)}`, `+${NOTES_REF}:${remoteNotesRef(remote)}`];
}

export interface SyncReport {
  remote: string;
  fetched: { sessions: boolean; notes: boolean };
  /** What happened to the local snapshot ref. */
  sessions: 'up to date' | 'merged' | 'created' | 'nothing on either side';
  /** What was not taken from the remote, and why (remote, object, reason). */
  skipped: string[];
  notes: 'up to date' | 'merged' | 'created' | 'nothing on either side';
  pushed: boolean;
}

const isAncestor = (repo: Repo, a: string, b: string): boolean => runGit(repo.root, ['merge-base', '--is-ancestor', a, b], { allowFail: true }).status === 0;

/** A snapshot dated further ahead than this is refused: clocks differ, but not by days. */
const FUTURE_SKEW_MS = 10 * 60 * 1000;

interface SessionEntry {
  /** The session directory's tree, when it holds exactly `manifest.json`. */
  tree?: string;
  blob: string;
}

/** What one session's trail may hold, uncompressed (a save keeps it within 64 KB compressed). */
const MAX_TRAIL_BYTES = 2 << 20;

/** A path under a session directory that a save's trail writes: `trail/`, `trail/<kind>/`, `trail/<kind>/NNNN.jsonl`. */
function isTrailPath(rest: string[], mode: string, type: string, size: string): boolean {
  if (rest[0] !== 'trail') return false;
  if (rest.length === 1) return mode === '040000';
  if (!(TRAIL_KINDS as readonly string[]).includes(rest[1]!)) return false;
  if (rest.length === 2) return mode === '040000';
  return rest.length === 3 && CHUNK_NAME.test(rest[2]!) && mode === '100644' && type === 'blob' && Number(size) <= MAX_CHUNK_BYTES;
}

/**
 * The sessions of one snapshot in one `git ls-tree -r -t -l`: every session's `manifest.json`
 * as a save writes it, sharded (`sessions/<shard>/<dir>/`) or in the older flat layout
 * (`sessions/<dir>/`). Anything else (another path, mode or type, an odd directory name, a
 * directory in the wrong shard, an oversize blob) is named in `refused`.
 */
function listSessions(repo: Repo, commit: string): { entries: Map<string, SessionEntry>; refused: string[] } {
  const entries = new Map<string, SessionEntry>();
  const trees = new Map<string, string>();
  const extra = new Set<string>();
  const trailBytes = new Map<string, number>();
  const refused: string[] = [];
  const ls = runGit(repo.root, ['ls-tree', '-r', '-t', '-l', '-z', commit], { allowFail: true });
  for (const line of ls.stdout.split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(\S+)\t(.*)$/s.exec(line);
    if (!m) continue;
    const [, mode, type, id, size, path] = m as unknown as [string, string, string, string, string, string];
    const parts = path.split('/');
    if (parts[0] === 'sessions' && type === 'tree' && (parts.length === 1 || (parts.length === 2 && /^[0-9a-f]{2}$/.test(parts[1]!)))) continue;
    // sessions/<shard>/<dir>/… or, written before sharding, sessions/<dir>/…
    const sharded = parts.length >= 3 && /^[0-9a-f]{2}$/.test(parts[1]!) && isSessionDirName(parts[2]!) && shardOf(parts[2]!) === parts[1];
    const at = sharded ? 2 : 1;
    const dir = parts[0] === 'sessions' && (sharded || (parts[1] !== undefined && isSessionDirName(parts[1]) && !/^[0-9a-f]{2}$/.test(parts[1]))) ? parts[at] : undefined;
    const rest = parts.slice(at + 1);
    if (dir && rest.length === 0 && mode === '040000') trees.set(dir, id);
    else if (dir && rest.length === 1 && rest[0] === 'manifest.json' && mode === '100644' && type === 'blob' && Number(size) <= MAX_STORED_MANIFEST_BYTES) entries.set(dir, { blob: id });
    else if (dir && isTrailPath(rest, mode, type, size) && (trailBytes.get(dir) ?? 0) + Number(size === '-' ? 0 : size) <= MAX_TRAIL_BYTES) trailBytes.set(dir, (trailBytes.get(dir) ?? 0) + Number(size === '-' ? 0 : size));
    else {
      if (dir) extra.add(dir);
      refused.push(`${path} (${mode} ${type}${type === 'blob' ? `, ${size} bytes` : ''})`);
    }
  }
  for (const [dir, e] of entries) if (!extra.has(dir)) e.tree = trees.get(dir);
  return { entries, refused };
}

/**
 * A merge commit of the local snapshot history and a remote's: every session of both, and for a
 * session on both sides the manifest saved last. Everything taken from the remote is checked
 * first (paths, modes, sizes, a valid manifest of the session its directory names, not dated in
 * the future); what fails is left out and named in `skipped`. A constant number of git
 * processes, however many sessions there are.
 */
function mergeSnapshots(store: SessionStore, local: string | undefined, theirs: string, remote: string, skipped: string[]): string {
  const repo = store.repo;
  const ours = local ? listSessions(repo, local).entries : new Map<string, SessionEntry>();
  const their = listSessions(repo, theirs);
  for (const r of their.refused) skipped.push(`${remote} ${theirs.slice(0, 10)}:${r}: not something git-session writes`);
  const wanted = [...their.entries].filter(([dir, t]) => ours.get(dir)?.blob !== t.blob);
  const texts = readObjects(repo, [...new Set(wanted.flatMap(([dir, t]) => [t.blob, ours.get(dir)?.blob ?? []].flat()))], MAX_STORED_MANIFEST_BYTES);
  const timeOf = (blob: string | undefined): number => {
    try {
      return Date.parse(JSON.parse(texts.get(blob ?? '') ?? '').session_metadata.timestamp) || 0;
    } catch {
      return 0;
    }
  };
  const now = Date.now();
  for (const [dir, t] of wanted) {
    const where = `${remote} ${theirs.slice(0, 10)}:sessions/${dir}/manifest.json`;
    let manifest;
    try {
      manifest = parseManifest(texts.get(t.blob) ?? '', where);
    } catch (err) {
      skipped.push(`${where}: ${(err as Error).message}`);
      continue;
    }
    if (sessionDir(manifest.session_metadata.session_id) !== dir) {
      skipped.push(`${where}: holds session ${JSON.stringify(manifest.session_metadata.session_id.slice(0, 40))}, not the one its directory names`);
      continue;
    }
    const at = Date.parse(manifest.session_metadata.timestamp);
    if (!(at <= now + FUTURE_SKEW_MS)) {
      skipped.push(`${where}: dated ${manifest.session_metadata.timestamp}, in the future`);
      continue;
    }
    const o = ours.get(dir);
    if (!o || at > timeOf(o.blob)) ours.set(dir, t);
  }
  // Session directories that held more than the manifest get a clean tree, all in one process.
  const bare = [...ours].filter(([, e]) => !e.tree);
  if (bare.length) {
    const built = runGit(repo.root, ['mktree', '--batch'], { input: bare.map(([, e]) => `100644 blob ${e.blob}\tmanifest.json\n`).join('\n') }).stdout.trim().split('\n');
    bare.forEach(([, e], i) => (e.tree = built[i]));
  }
  const root = store.shardedTree(new Map([...ours].map(([dir, e]) => [dir, e.tree!])));
  return store.commitTree(root, local ? [local, theirs] : [theirs], `${local ? 'merge' : 'receive'} snapshots from ${remote}\n\nReason: sync\n`);
}

/**
 * Fetches a remote's snapshots and notes into remote-tracking refs, merges them into the local
 * ones (compare-and-swap, like every save) and pushes the result back.
 */
export function syncSessions(repo: Repo, remote: string, opts: { push?: boolean } = {}): SyncReport {
  if (runGit(repo.root, ['remote', 'get-url', remote], { allowFail: true }).status !== 0) {
    throw new GitSessionError('ENOREMOTE', `No remote named ${JSON.stringify(remote)}. List them with \`git remote -v\`, or name one: git session sync <remote>.`);
  }
  const store = new SessionStore(repo);
  const advertised = runGit(repo.root, ['ls-remote', remote, SESSIONS_REF, NOTES_REF], { allowFail: true });
  if (advertised.status !== 0) throw new GitSessionError('EFETCH', `Cannot reach ${remote}: ${advertised.stderr.trim()}`);
  const has = (ref: string): boolean => advertised.stdout.split('\n').some((l) => l.endsWith(`\t${ref}`));
  const fetched = { sessions: has(SESSIONS_REF), notes: has(NOTES_REF) };
  const specs = syncRefspecs(remote).filter((_, i) => (i === 0 ? fetched.sessions : fetched.notes));
  if (specs.length) runGit(repo.root, ['fetch', '--quiet', '--no-tags', remote, ...specs]);
  const fetchedValue: Record<string, string | undefined> = {
    [SESSIONS_REF]: fetched.sessions ? runGit(repo.root, ['rev-parse', '-q', '--verify', remoteSessionsRef(remote)], { allowFail: true }).stdout.trim() : undefined,
    [NOTES_REF]: fetched.notes ? runGit(repo.root, ['rev-parse', '-q', '--verify', remoteNotesRef(remote)], { allowFail: true }).stdout.trim() : undefined,
  };

  let sessions: SyncReport['sessions'] = 'nothing on either side';
  const skipped: string[] = [];
  for (let attempt = 0; attempt < 16; attempt++) {
    skipped.length = 0;
    const local = store.tip();
    let theirs = fetched.sessions ? runGit(repo.root, ['rev-parse', '-q', '--verify', `${remoteSessionsRef(remote)}^{commit}`], { allowFail: true }).stdout.trim() : undefined;
    if (fetched.sessions && !theirs) {
      skipped.push(`${remote} ${SESSIONS_REF}: names no commit (${runGit(repo.root, ['cat-file', '-t', remoteSessionsRef(remote)], { allowFail: true }).stdout.trim() || 'missing'}); nothing taken from it`);
      theirs = undefined;
    }
    let next: string | undefined;
    if (!theirs) sessions = local ? 'up to date' : 'nothing on either side';
    else if (local && isAncestor(repo, theirs, local)) sessions = 'up to date';
    // Nothing new but merges (the other clone merged what it had from here): take their tip as
    // it is, or the two clones would add a merge of merges on every sync.
    else if (local && isAncestor(repo, local, theirs) && !runGit(repo.root, ['rev-list', '--no-merges', '-n', '1', `${local}..${theirs}`]).stdout.trim()) [next, sessions] = [theirs, 'up to date'];
    else [next, sessions] = [mergeSnapshots(store, local, theirs, remote, skipped), local ? 'merged' : 'created'];
    if (!next || store.moveTip(next, local)) break;
  }

  let notes: SyncReport['notes'] = 'nothing on either side';
  const localNotes = runGit(repo.root, ['rev-parse', '-q', '--verify', NOTES_REF], { allowFail: true }).stdout.trim();
  if (fetched.notes) {
    const theirs = runGit(repo.root, ['rev-parse', remoteNotesRef(remote)]).stdout.trim();
    if (!localNotes) {
      runGit(repo.root, ['update-ref', NOTES_REF, theirs, MUST_NOT_EXIST]);
      notes = 'created';
    } else if (isAncestor(repo, theirs, localNotes)) notes = 'up to date';
    else {
      store.mergeNotes(remoteNotesRef(remote));
      notes = 'merged';
    }
  } else if (localNotes) notes = 'up to date';

  let pushed = false;
  if (opts.push !== false) {
    const refs = [SESSIONS_REF, NOTES_REF].filter((r) => runGit(repo.root, ['rev-parse', '-q', '--verify', r], { allowFail: true }).status === 0);
    if (refs.length) {
      // Compare-and-swap against what was fetched and checked: a remote value sync refused (a
      // blob, say) is replaced instead of blocking every sync, and one pushed since is never lost.
      const leases = refs.map((x) => `--force-with-lease=${x}:${fetchedValue[x] ?? ''}`);
      const r = runGit(repo.root, ['push', '--quiet', ...leases, remote, ...refs.map((x) => `${x}:${x}`)], { allowFail: true });
      if (r.status !== 0) throw new GitSessionError('EPUSH', `Pushing snapshots to ${remote} failed (someone pushed meanwhile?): ${r.stderr.trim()}\nRun \`git session sync ${remote}\` again.`);
      pushed = true;
    }
  }
  return { remote, fetched, sessions, notes, pushed, skipped };
}
