import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { acceptManifest } from '../store/accept.js';
import { headState, SessionStore, sessionDir, type Repo } from '../store/index.js';
import { coChanged, openCoChangeHistory, type CoChange, type CoChangeHistory } from './cochange.js';

export { coChanged, openCoChangeHistory, SWEEP_FILES, HALF_LIFE_SECONDS } from './cochange.js';
export type { CoChange, CoChangeHistory } from './cochange.js';

export interface RelatedFile extends CoChange {
  /** Edited in the newest session of this branch together with one of the given files. */
  session: boolean;
}

export interface RelatedReport {
  /** The given files, relative to the repository root. */
  files: string[];
  related: RelatedFile[];
  /** Commits that touched one of the given files. */
  commits: number;
  /** The session whose edits were merged in, if one of the given files was among them. */
  session?: string;
}

/** A path as the user typed it (relative to `cwd`) as git names it: relative to the root, with `/`. */
export function repoPath(repo: Repo, cwd: string, path: string): string {
  const rel = relative(repo.root, resolve(cwd, path));
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${path} is not inside the repository at ${repo.root}; name files in it.`);
  return rel.split(sep).join('/');
}

/** The files the newest session of the current branch edited, from its manifest (never executed, only read). */
export function sessionEdits(repo: Repo): { sessionId: string; files: string[] } | undefined {
  const store = new SessionStore(repo);
  const snapshot = store.latest({ branch: headState(repo).branch });
  if (!snapshot) return undefined;
  try {
    const m = acceptManifest(store.readManifest(snapshot), snapshot.commit, sessionDir(snapshot.sessionId));
    const files = [...new Set([m.active_state.last_file_modified, ...m.memory_pointers.modified_files].filter((f): f is string => Boolean(f)))];
    return { sessionId: snapshot.sessionId, files: files.filter((f) => !isAbsolute(f) && !f.startsWith('..')) };
  } catch {
    return undefined;
  }
}

/** The history with one more "commit" made now: the session's edits, which git has not seen together yet. */
function withSessionEdits(h: CoChangeHistory, edits: string[]): CoChangeHistory {
  const paths = [...h.paths];
  const ids = edits.map((f) => {
    const at = paths.indexOf(f);
    return at >= 0 ? at : paths.push(f) - 1;
  });
  const newest = h.commits.reduce((m, [t]) => Math.max(m, t), 0) || Math.floor(Date.now() / 1000);
  return { ...h, paths, commits: [...h.commits, [newest, ids]] };
}

/**
 * The files most often committed together with `files` (co-change over `git log --name-only`,
 * recent commits weigh more, sweeping commits little), merged with the current session's own
 * edits; files no longer in the work tree are left out.
 */
export function relatedFiles(repo: Repo, files: string[], opts: { limit?: number; sessionEdits?: boolean } = {}): RelatedReport {
  const history = openCoChangeHistory(repo);
  const edits = opts.sessionEdits === false ? undefined : sessionEdits(repo);
  const merged = edits && files.some((f) => edits.files.includes(f)) ? edits : undefined;
  const { related, commits } = coChanged(merged ? withSessionEdits(history, merged.files) : history, files);
  const out: RelatedFile[] = [];
  for (const r of related) {
    if (out.length >= (opts.limit ?? 10)) break;
    if (!existsSync(join(repo.root, r.path))) continue;
    out.push({ ...r, session: Boolean(merged?.files.includes(r.path)) });
  }
  return { files, related: out, commits: merged ? commits - 1 : commits, session: merged?.sessionId };
}
