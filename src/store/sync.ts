import { GitSessionError } from '../errors.js';
import { runGit, type Repo } from './git.js';
import { MUST_NOT_EXIST, NOTES_REF, SESSIONS_REF, SessionStore } from './session-store.js';

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
  sessions: 'up to date' | 'fast-forwarded' | 'merged' | 'created' | 'nothing on either side';
  notes: 'up to date' | 'merged' | 'created' | 'nothing on either side';
  pushed: boolean;
}

const isAncestor = (repo: Repo, a: string, b: string): boolean => runGit(repo.root, ['merge-base', '--is-ancestor', a, b], { allowFail: true }).status === 0;

function timestampOf(store: SessionStore, blob: string): number {
  try {
    const m = JSON.parse(store.readManifestBlob(blob) ?? '') as { session_metadata?: { timestamp?: unknown } };
    const t = Date.parse(String(m.session_metadata?.timestamp));
    return Number.isFinite(t) ? t : 0;
  } catch {
    return 0;
  }
}

function sessionEntries(repo: Repo, commit: string): Map<string, { tree: string; blob?: string }> {
  const out = new Map<string, { tree: string; blob?: string }>();
  const ls = runGit(repo.root, ['ls-tree', '-z', `${commit}:sessions`], { allowFail: true });
  for (const e of ls.stdout.split('\0')) {
    const m = /^040000 tree ([0-9a-f]+)\t(.+)$/.exec(e);
    if (!m) continue;
    const blob = runGit(repo.root, ['rev-parse', '-q', '--verify', `${m[1]}:manifest.json`], { allowFail: true }).stdout.trim() || undefined;
    out.set(m[2]!, { tree: m[1]!, blob });
  }
  return out;
}

/**
 * A merge commit of two snapshot histories: every session of both, and for a session on both
 * sides the manifest saved last. Both histories stay reachable, so nothing is lost.
 */
function mergeSnapshots(store: SessionStore, local: string, theirs: string, remote: string): string {
  const repo = store.repo;
  const ours = sessionEntries(repo, local);
  for (const [dir, t] of sessionEntries(repo, theirs)) {
    const o = ours.get(dir);
    if (!o || (t.blob && o.blob && t.blob !== o.blob && timestampOf(store, t.blob) > timestampOf(store, o.blob))) ours.set(dir, t);
  }
  const root = store.snapshotTree([...ours].map(([dir, e]) => `040000 tree ${e.tree}\t${dir}`));
  return store.commitTree(root, [local, theirs], `merge snapshots from ${remote}\n\nReason: sync\n`);
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

  let sessions: SyncReport['sessions'] = 'nothing on either side';
  for (let attempt = 0; attempt < 16; attempt++) {
    const local = store.tip();
    const theirs = fetched.sessions ? runGit(repo.root, ['rev-parse', remoteSessionsRef(remote)]).stdout.trim() : undefined;
    let next: string | undefined;
    if (!theirs) sessions = local ? 'up to date' : 'nothing on either side';
    else if (!local) [next, sessions] = [theirs, 'created'];
    else if (isAncestor(repo, theirs, local)) sessions = 'up to date';
    else if (isAncestor(repo, local, theirs)) [next, sessions] = [theirs, 'fast-forwarded'];
    else [next, sessions] = [mergeSnapshots(store, local, theirs, remote), 'merged'];
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
      const r = runGit(repo.root, ['push', '--quiet', remote, ...refs.map((x) => `${x}:${x}`)], { allowFail: true });
      if (r.status !== 0) throw new GitSessionError('EPUSH', `Pushing snapshots to ${remote} failed (someone pushed meanwhile?): ${r.stderr.trim()}\nRun \`git session sync ${remote}\` again.`);
      pushed = true;
    }
  }
  return { remote, fetched, sessions, notes, pushed };
}
