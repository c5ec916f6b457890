/** What `resume` adds from the rest of the history: related earlier work and files that change together. */
import type { Manifest } from '../manifest/index.js';
import { coChanged, openCoChangeHistory } from '../related/index.js';
import { openHistoryIndex, queryTerms, relatedEarlierWork } from '../search/index.js';
import { readState, type Repo, type SessionStore, type Snapshot } from '../store/index.js';
import { trailBrief } from '../trail/brief.js';
import { parseTrail } from '../trail/files.js';
import { sessionChain } from './chain.js';
import { ownCommits } from './index.js';

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

/** A resume never waits for a first indexing of a long history: that is left to `git session search`. */
const RESUME_MAX_NEW_SNAPSHOTS = 2000;
/** An agent hook indexes at most this many new work commits for related files; more is left to `git session related`. */
const HOOK_MAX_NEW_COMMITS = 2000;
/** A pair is named only when the files changed together this often, and in this share of the file's commits. */
const MIN_TOGETHER = 2;
const MIN_SHARE = 0.3;

/** Items of other sessions (not this line of work's) that the pending tasks match: at most three. */
export async function earlierWorkFor(repo: Repo, store: SessionStore, m: Manifest, max = 3, only?: (snapshot: string) => boolean): Promise<EarlierWork[]> {
  const tasks = m.pending_tasks.map((t) => t.task);
  if (!tasks.length) return [];
  const index = await openHistoryIndex(repo, { maxNew: RESUME_MAX_NEW_SNAPSHOTS, forTerms: tasks.flatMap(queryTerms) });
  const line = sessionChain(store, m.session_metadata.session_id).map((l) => l.sessionId);
  return relatedEarlierWork(index, m.session_metadata.session_id, tasks, max, line, only).map(({ task, hit }) => ({
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
  const history = openCoChangeHistory(repo, { maxNew: maxNewCommits });
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
export async function resumeHints(repo: Repo, store: SessionStore, m: Manifest, opts: { hook?: boolean; snapshot?: Snapshot } = {}): Promise<ResumeHints> {
  const attempt = async <T>(f: () => T[] | Promise<T[]>): Promise<T[]> => {
    try {
      return await f();
    } catch {
      return [];
    }
  };
  // The prompt goes into an agent's context: earlier work only from this clone's own snapshots
  // (`git session search` shows fetched ones too, labelled by session). A hook does not wait
  // for a first indexing of a long history: it has a 10 s budget.
  const local = new Set(ownCommits(readState(repo).sessions));
  return {
    earlierWork: await attempt(() => earlierWorkFor(repo, store, m, 3, (c) => local.has(c))),
    relatedFiles: await attempt(() => relatedFilesFor(repo, m, 3, opts.hook ? HOOK_MAX_NEW_COMMITS : undefined)),
    trail: opts.snapshot ? await attempt(() => trailBrief(parseTrail(store.readTrail(opts.snapshot!)), m)) : [],
  };
}
