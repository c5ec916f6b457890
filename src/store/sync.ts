import { GitSessionError } from '../errors.js';
import { readObjects, runGit, type Repo } from './git.js';
import { checkHistory, type BlobCheck, type GitRunner, type TreeLayout } from './fetched.js';
import { Quarantine } from './quarantine.js';
import { isAncestor } from './refs.js';
import { planMerge, writeMerge } from './sync-merge.js';
import { MAX_NOTE_BYTES, noteTextRefusal, notesLayout, snapshotLayout } from './sync-layout.js';
import { NOTES_REF, SESSIONS_REF, SessionStore, MUST_NOT_EXIST } from './session-store.js';

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

/** What one session's trail may hold, uncompressed (a save keeps it within 64 KB compressed). */
interface Fetched {
  /** The commit the remote's ref names (undefined when it names something else). */
  tip?: string;
  /** Its commits that may be kept (see checkHistory). */
  keep: string[];
  whole: boolean;
}

/** Checks what a remote's ref names, its history against `layout`, and names what was refused. */
function checkFetched(
  q: Quarantine,
  remote: string,
  ref: string,
  value: string | undefined,
  local: string | undefined,
  layout: TreeLayout,
  skipped: string[],
  content?: BlobCheck,
): Fetched {
  if (!value) return { keep: [], whole: true };
  const type = q.git(['cat-file', '-t', value], { allowFail: true }).stdout.trim();
  if (type !== 'commit') {
    skipped.push(`${remote} ${ref}: names no commit (${type || 'missing'}); nothing taken from it`);
    return { keep: [], whole: false };
  }
  const check = checkHistory((args, opts) => q.git(args, opts), value, local ? [local] : [], layout, content);
  for (const r of check.refused) skipped.push(`${remote} ${r}`);
  if (!check.whole)
    skipped.push(
      `${remote} ${ref} ${value.slice(0, 10)}: not kept as history${check.keep.length ? `; its history up to ${check.keep.map((c) => c.slice(0, 10)).join(', ')} is` : ''}`,
    );
  return { tip: value, keep: check.keep, whole: check.whole };
}

/**
 * Fetches a remote's snapshots and notes into a quarantine, checks everything it brings, keeps
 * what passed, merges it into the local refs (compare-and-swap, like every save) and pushes the
 * result back.
 */
export function syncSessions(repo: Repo, remote: string, opts: { push?: boolean } = {}): SyncReport {
  if (runGit(repo.root, ['remote', 'get-url', remote], { allowFail: true }).status !== 0) {
    throw new GitSessionError(
      'ENOREMOTE',
      `No remote named ${JSON.stringify(remote)}. List them with \`git remote -v\`, or name one: git session sync <remote>.`,
    );
  }
  const store = new SessionStore(repo);
  const main: GitRunner = (args, o) => runGit(repo.root, args, o);
  const advertised = runGit(repo.root, ['ls-remote', remote, SESSIONS_REF, NOTES_REF], { allowFail: true });
  if (advertised.status !== 0) throw new GitSessionError('EFETCH', `Cannot reach ${remote}: ${advertised.stderr.trim()}`);
  // What was fetched is what the remote advertised: the push below swaps exactly these values.
  const fetchedValue: Record<string, string | undefined> = Object.create(null);
  for (const line of advertised.stdout.split('\n')) {
    const [id, ref] = line.split('\t');
    if (id && (ref === SESSIONS_REF || ref === NOTES_REF)) fetchedValue[ref] = id;
  }
  const fetched = { sessions: fetchedValue[SESSIONS_REF] !== undefined, notes: fetchedValue[NOTES_REF] !== undefined };
  const skipped: string[] = [];
  let sessions: SyncReport['sessions'] = 'nothing on either side';
  let notes: SyncReport['notes'] = 'nothing on either side';
  const q = new Quarantine(repo);
  try {
    const refs = [SESSIONS_REF, NOTES_REF].filter((r) => fetchedValue[r] !== undefined);
    // git's fsck checks every object as it arrives; when it refuses one, the objects are fetched
    // unchecked (still quarantined) and only what git's fsck then passes is kept.
    let fsckPassed = true;
    if (refs.length) {
      const checked = q.fetch(remote, refs, true);
      if (checked.status !== 0) {
        q.empty();
        const plain = q.fetch(remote, refs, false);
        if (plain.status !== 0)
          throw new GitSessionError('EFETCH', `Cannot fetch from ${remote}: ${(plain.stderr.trim() || checked.stderr.trim()).split('\n').slice(-3).join(' ')}`);
        fsckPassed = false;
        const why = checked.stderr.split('\n').find((l) => /^error: object [0-9a-f]+:/.test(l)) ?? checked.stderr.trim().split('\n')[0];
        skipped.push(
          `${remote}: git's fsck refused an object it sent (${why?.replace(/^error: /, '')}); its commits are kept only where git's fsck passes them`,
        );
      }
    }
    const localNotes = runGit(repo.root, ['rev-parse', '-q', '--verify', NOTES_REF], { allowFail: true }).stdout.trim() || undefined;
    const theirSessions = checkFetched(q, remote, SESSIONS_REF, fetchedValue[SESSIONS_REF], store.tip(), snapshotLayout, skipped);
    const noteText: BlobCheck = { read: (ids) => readObjects(repo, ids, MAX_NOTE_BYTES, q.gitEnv), check: noteTextRefusal };
    const theirNotes = checkFetched(q, remote, NOTES_REF, fetchedValue[NOTES_REF], localNotes, notesLayout, skipped, noteText);
    // Everything passed: the quarantine becomes part of the repository as it is. Else only the
    // commits that may be kept (checked by git's fsck here if it refused something on arrival),
    // and below, the blobs the merge takes.
    const whole = fsckPassed && theirSessions.whole && theirNotes.whole;
    if (whole) q.keepAll();
    else if (!q.keep([...theirSessions.keep, ...theirNotes.keep, ...[store.tip(), localNotes].flatMap((c) => (c ? [`^${c}`] : []))], !fsckPassed)) {
      if (theirSessions.keep.length || theirNotes.keep.length)
        skipped.push(`${remote}: git's fsck refuses the history below what sync refused too; none of it is kept`);
      for (const f of [theirSessions, theirNotes]) Object.assign(f, { keep: [], whole: false });
    }
    const qgit: GitRunner = (args, o) => q.git(args, o);

    const theirs = theirSessions.tip;
    // Their session trees are kept as they are only with their tip; else each is rebuilt from its blobs.
    const keptTip = theirs !== undefined && theirSessions.keep.includes(theirs);
    for (let attempt = 0; attempt < 16; attempt++) {
      const local = store.tip();
      let next: string | undefined;
      if (!theirs) sessions = local ? 'up to date' : 'nothing on either side';
      else if (local && isAncestor(qgit, theirs, local)) sessions = 'up to date';
      // Nothing new but merges (the other clone merged what it had from here): take their tip as
      // it is, or the two clones would add a merge of merges on every sync.
      else if (keptTip && local && isAncestor(qgit, local, theirs) && !q.git(['rev-list', '--no-merges', '-n', '1', `${local}..${theirs}`]).stdout.trim())
        [next, sessions] = [theirs, 'up to date'];
      else {
        const plan = planMerge(qgit, q.gitEnv, repo, local, theirs, theirSessions.keep, remote, attempt ? [] : skipped);
        if (!whole) q.keep(plan.taken, false);
        const parents = [...(local ? [local] : []), ...theirSessions.keep];
        const message = `${parents.length > 1 ? 'merge' : 'receive'} snapshots from ${remote}\n\nReason: sync\n${keptTip ? '' : `Refused-Commit: ${theirs}\n`}`;
        next = writeMerge(store, plan, parents, message);
        sessions = local ? 'merged' : 'created';
      }
      if (!next || store.moveTip(next, local)) break;
    }
    const tracking = theirSessions.whole ? theirs : theirSessions.keep[0];
    if (tracking) runGit(repo.root, ['update-ref', remoteSessionsRef(remote), tracking]);

    const notesTip = theirNotes.whole ? theirNotes.tip : theirNotes.keep[0];
    if (notesTip) {
      runGit(repo.root, ['update-ref', remoteNotesRef(remote), notesTip]);
      if (!localNotes) {
        runGit(repo.root, ['update-ref', NOTES_REF, notesTip, MUST_NOT_EXIST]);
        notes = 'created';
      } else if (isAncestor(main, notesTip, localNotes)) notes = 'up to date';
      else {
        store.mergeNotes(remoteNotesRef(remote));
        notes = 'merged';
      }
    } else if (localNotes) notes = 'up to date';
  } finally {
    q.drop();
  }

  let pushed = false;
  if (opts.push !== false) {
    const refs = [SESSIONS_REF, NOTES_REF].filter((r) => runGit(repo.root, ['rev-parse', '-q', '--verify', r], { allowFail: true }).status === 0);
    if (refs.length) {
      // Compare-and-swap against what was fetched and checked: a remote value sync refused (a
      // blob, say) is replaced instead of blocking every sync, and one pushed since is never lost.
      const leases = refs.map((x) => `--force-with-lease=${x}:${fetchedValue[x] ?? ''}`);
      const r = runGit(repo.root, ['push', '--quiet', ...leases, remote, ...refs.map((x) => `${x}:${x}`)], { allowFail: true });
      if (r.status !== 0)
        throw new GitSessionError(
          'EPUSH',
          `Pushing snapshots to ${remote} failed (someone pushed meanwhile?): ${r.stderr.trim()}\nRun \`git session sync ${remote}\` again.`,
        );
      pushed = true;
    }
  }
  // The tip's entries are named by the history check and by the merge alike: once each.
  return { remote, fetched, sessions, notes, pushed, skipped: [...new Set(skipped)] };
}
