/**
 * The brief's list of the files a session changed, newest first: what was done to each, what its
 * edits define or went into, a short change or removal as it is.
 */
import { isScratch } from '../extract/files.js';
import { clipSaid as clip } from './said.js';
import { SUBAGENT, type TrailEntry } from './build.js';
import { broughtBy } from './entries.js';
import { enclosingNames, isDocument, namesDefinedIn } from '../log/definitions.js';

/** Two changes, or two removed lines, as one: "; " between them, or a space after a line that ends with its own ";". */
const joined = (a: string, b: string): string => `${a}${a.endsWith(';') ? ' ' : '; '}${b}`;

/** A change this short is shown as it is ("wrote "__pycache__/""): a config line, an ignore rule. */
const SHORT_CHANGE = 60;

/**
 * A path outside the repository in a folder beside it (a git worktree of the same project, a
 * sibling checkout: `/Users/me/work/app-fix/pyproject.toml` for a session in `/Users/me/work/app`)
 * as `../app-fix/pyproject.toml`: shorter, and where it is from the repository.
 */
export function besideRepo(path: string, cwd?: string): string {
  if (!cwd || !path.startsWith('/') || !cwd.startsWith('/')) return path;
  const folder = cwd.replace(/\/+$/, '');
  const parent = folder.replace(/\/[^/]+$/, '');
  return parent.length > 1 && path.startsWith(`${parent}/`) && !path.startsWith(`${folder}/`) ? `..${path.slice(parent.length)}` : path;
}

export function changedFiles(files: TrailEntry[], cwd?: string): string[] {
  const byPath = new Map<string, { ops: Set<string>; names: string[]; within: string[]; short?: string; long?: boolean; removed: string[] }>();
  for (const e of files) {
    // A scratch file loose in /tmp is no file of the work (the trail keeps it; recall finds it).
    if (!e.path || e.op === 'read' || isScratch(e.path)) continue;
    const f = byPath.get(e.path) ?? { ops: new Set<string>(), names: [], within: [], removed: [] };
    // In the order last done: "deleted, modified" for a folder removed and added again.
    const op = broughtBy(e)
      ? e.op === 'deleted'
        ? 'deleted by a merge'
        : 'brought in by a merge'
      : `${e.op ?? 'modified'}${e.by?.endsWith(` in ${SUBAGENT}`) ? ` by ${SUBAGENT}` : ''}`;
    f.ops.delete(op);
    f.ops.add(op);
    // Put back as git had it: what the session wrote there before is gone.
    if (e.op === 'restored') Object.assign(f, { names: [], within: [], short: undefined, long: true, removed: [] });
    // Shown only when every change the file had is that short: one line, not the last of many.
    // Without the hunk header that says where it went (`@@ def load_user(…`): that is not what it wrote.
    const change = e.change
      ?.replace(/^@@ .*(?:\n|$)/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    f.short = change && change.length <= SHORT_CHANGE && f.ops.size === 1 && !f.long ? (f.short ? joined(f.short, change) : change) : undefined;
    if (!change || change.length > SHORT_CHANGE) f.long = true;
    // A line taken out (a setting removed) is said as such, unless a later change put it back, or
    // may have: a rewrite of the whole file kept only in part, a command whose writing is unknown.
    const unknown = (!e.change && !e.removed) || (e.by === 'Write' && e.change?.includes('\n…'));
    f.removed = unknown ? [] : f.removed.filter((r) => !e.change?.includes(r));
    for (const r of e.removed?.split('\n') ?? []) if (r.trim() && !f.removed.includes(r.trim())) f.removed.push(r.trim());
    // A definition an edit took out is no longer there, unless the edit wrote it again.
    const defined = namesDefinedIn(e.path, e.change ?? '');
    const gone = namesDefinedIn(e.path, e.removed ?? '').filter((n) => !defined.includes(n));
    if (gone.length) f.names = f.names.filter((n) => !gone.includes(n));
    for (const name of defined) if (!f.names.includes(name)) f.names.push(name);
    // The definitions its edits went into (`get_project_display_name`), newest last.
    for (const name of isDocument(e.path) ? [] : enclosingNames(e.change ?? '')) {
      f.within = f.within.filter((n) => n !== name);
      f.within.push(name);
    }
    // Newest last: a path edited again moves to the end.
    byPath.delete(e.path);
    byPath.set(e.path, f);
  }
  return [...byPath].reverse().map(
    ([path, f]) =>
      `${clip(besideRepo(path, cwd), 120)} (${[...f.ops].join(', ')}${
        f.names.length
          ? `; defines ${f.names
              .slice(-3)
              .map((n) => clip(n, 60))
              .join(', ')}`
          : f.short
            ? `; wrote "${clip(f.short, SHORT_CHANGE)}"`
            : ''
      }${inside(f.within, f.names)}${f.removed.length && f.removed.reduce(joined).length <= SHORT_CHANGE ? `; removed "${f.removed.reduce(joined)}"` : ''})`,
  );
}

/** "; edits in a": for a file whose edits define nothing, the newest definition they went into. */
function inside(within: string[], defined: string[]): string {
  return within.length && !defined.length ? `; edits in ${clip(within.at(-1)!, 60)}` : '';
}
