/** What `resume` adds from the rest of the history: related earlier work and files that change together. */
import type { Manifest } from '../manifest/index.js';
import { coChanged, openCoChangeHistory } from '../related/index.js';
import { indexSnapshots, relatedEarlierWork } from '../search/index.js';
import { headState, readState, type Repo, type SessionStore, type Snapshot } from '../store/index.js';
import { trailBrief } from '../trail/brief.js';
import { parseTrail } from '../trail/files.js';
import { loadsItself } from '../resume/other-rules.js';
import { sessionChain } from './chain.js';
import { MAX_OWN_SESSIONS, ownCommits } from './load.js';

export interface EarlierWork {
  task: string;
  sessionId: string;
  snapshot: string;
  date: string;
  kind: string;
  text: string;
}

export interface FilePair {
  file: string;
  related: string;
  together: number;
  commits: number;
}

export interface ResumeHints {
  earlierWork: EarlierWork[];
  relatedFiles: FilePair[];
  /** What the snapshot's trail adds to the prompt (trail/brief.ts). */
  trail: string[];
}

/** An agent hook indexes at most this many new work commits for related files; more is left to `git session related`. */
const HOOK_MAX_NEW_COMMITS = 2000;
/** An agent hook looks for hints this long at most (its timeout is 10 s): after it, it answers with what it has. */
const HOOK_HINTS_BUDGET_MS = 4000;
/** A pair is named only when the files changed together this often, and in this share of the file's commits. */
const MIN_TOGETHER = 2;
const MIN_SHARE = 0.3;

/**
 * Items of other sessions (not this line of work's) that the pending tasks match: at most three.
 * Only from this clone's own snapshots (the prompt goes into an agent's context; `git session
 * search` shows fetched ones too, labelled by session), indexed here in memory: it costs the same
 * however long, or hostile, the history is.
 */
export async function earlierWorkFor(repo: Repo, store: SessionStore, m: Manifest, max = 3): Promise<EarlierWork[]> {
  const tasks = m.pending_tasks.map((t) => t.task);
  if (!tasks.length) return [];
  const own = store
    .snapshotsAt(ownCommits(readState(repo).sessions))
    .slice(0, MAX_OWN_SESSIONS)
    .map((s) => ({ commit: s.commit, sessionId: s.sessionId, time: Math.floor(Date.parse(s.date) / 1000) }));
  const index = await indexSnapshots(repo, own);
  const line = sessionChain(store, m.session_metadata.session_id).map((l) => l.sessionId);
  return relatedEarlierWork(index, m.session_metadata.session_id, tasks, max, line).map(({ task, hit }) => ({
    task,
    sessionId: hit.sessionId,
    snapshot: hit.snapshot,
    date: new Date(hit.time * 1000).toISOString(),
    kind: hit.kind,
    text: hit.text,
  }));
}

/** "When you touch X you usually touch Y": for the files of the pending work, the two or three strongest partners. */
export function relatedFilesFor(repo: Repo, m: Manifest, max = 3, maxNewCommits?: number): FilePair[] {
  const files = [...new Set([m.active_state.last_file_modified, ...m.memory_pointers.modified_files].filter((f): f is string => Boolean(f)))].slice(0, 5);
  if (!files.length) return [];
  const history = openCoChangeHistory(repo, { maxNew: maxNewCommits, head: headState(repo).head });
  const pairs: Array<FilePair & { score: number }> = [];
  for (const file of files) {
    const { related, commits } = coChanged(history, [file]);
    for (const r of related.slice(0, 5)) {
      if (files.includes(r.path) || r.together < MIN_TOGETHER || r.score < MIN_SHARE) continue;
      pairs.push({ file, related: r.path, together: r.together, commits, score: r.score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || b.together - a.together);
  const out: FilePair[] = [];
  for (const { score: _, ...p } of pairs) if (out.length < max && !out.some((o) => o.related === p.related)) out.push(p);
  return out;
}

/** Both hints; each is best effort: a history that cannot be read costs the hint, never the resume. */
export async function resumeHints(
  repo: Repo,
  store: SessionStore,
  m: Manifest,
  opts: { hook?: boolean; snapshot?: Snapshot; agent?: string; cwd?: string } = {},
): Promise<ResumeHints> {
  const attempt = async <T>(f: () => T[] | Promise<T[]>): Promise<T[]> => {
    try {
      return await f();
    } catch {
      return [];
    }
  };
  // A hook does not wait for a first indexing of a long work history, nor past its budget.
  const deadline = opts.hook ? Date.now() + HOOK_HINTS_BUDGET_MS : Number.POSITIVE_INFINITY;
  const earlierWork = await attempt(() => earlierWorkFor(repo, store, m, 3));
  const relatedFiles = Date.now() < deadline ? await attempt(() => relatedFilesFor(repo, m, 3, opts.hook ? HOOK_MAX_NEW_COMMITS : undefined)) : [];
  // The agent the prompt is for (a hook's) is not told the rules of a file it loads itself.
  const loads = opts.agent ? (path: string) => loadsItself(opts.agent, path, repo.root, opts.cwd) : undefined;
  const trail = opts.snapshot ? await attempt(() => trailBrief(parseTrail(store.readTrail(opts.snapshot!)), m, undefined, loads)) : [];
  return { earlierWork, relatedFiles, trail };
}
