/**
 * Checks of what a remote sent before any of it becomes history here: every tree entry each
 * fetched commit adds, against the layout git-session writes for that ref. A commit is kept only
 * when it and every commit it descends from passed, so nothing refused is ever reachable.
 */
import type { GitOptions, GitResult } from './git.js';
import { thousands } from '../numbers.js';

/** Runs git (with the quarantined objects in view). */
export type GitRunner = (args: string[], opts?: Omit<GitOptions, 'env'>) => GitResult;

/** What a ref's trees may hold: why an entry is refused (in a few words), or undefined for one git-session writes. */
export type TreeLayout = (entry: { path: string; mode: string; type: string; size: number; hexLength: number }) => string | undefined;

/** What the blobs a history adds must say: a reader of blobs by id, and why a text is refused (undefined: fine). */
export interface BlobCheck {
  read: (ids: string[]) => Map<string, string | undefined>;
  check: (text: string) => string | undefined;
}

export interface HistoryCheck {
  /**
   * The fetched commits a merge may keep as parents, newest first: those that nothing refused is
   * reachable from, without one that is an ancestor of another.
   */
  keep: string[];
  /** The fetched tip itself passed: everything it brings is kept. */
  whole: boolean;
  /** What was refused, by commit and path. */
  refused: string[];
}

/** A remote history longer than this is not walked: nothing of it is kept as a parent. */
const MAX_COMMITS = 200_000;
/** A merge keeps at most this many of a remote's commits as parents. */
const MAX_KEPT = 8;
/** Refusals named one by one; more are counted. */
const MAX_NAMED = 20;

/**
 * Checks every commit `tip` brings that `known` (commits already history here) do not reach: the
 * entries each adds or changes (`git diff-tree -r -t` against each parent, every entry of a root
 * commit) and the types and sizes of the objects they name. Three git processes, whatever the
 * length of the history.
 */
export function checkHistory(git: GitRunner, tip: string, known: string[], layout: TreeLayout, content?: BlobCheck): HistoryCheck {
  const big = { allowFail: true, maxBuffer: 1 << 30 };
  const list = git(['rev-list', '--topo-order', '--parents', `--max-count=${MAX_COMMITS + 1}`, tip, '--not', ...known, '--'], big);
  const lines = list.stdout.split('\n').filter(Boolean);
  if (list.status !== 0 || lines.length > MAX_COMMITS)
    return {
      keep: [],
      whole: false,
      refused: [`${tip.slice(0, 10)}: ${list.status !== 0 ? 'its history cannot be read' : `more than ${thousands(MAX_COMMITS)} new commits`}`],
    };
  const parents = new Map(
    lines.map((l) => {
      const [commit = '', ...of] = l.split(' ');
      return [commit, of] as const;
    }),
  );
  const order = [...parents.keys()];
  const refusals = new Map<string, string[]>();
  const refuse = (commit: string, why: string): void => {
    const list = refusals.get(commit);
    if (list) list.push(why);
    else refusals.set(commit, [why]);
  };

  // Every entry each commit adds or changes, with -m against each parent of a merge.
  const changes: Array<{ commit: string; mode: string; id: string; path: string }> = [];
  if (lines.length) {
    const diff = git(['diff-tree', '--stdin', '-r', '-t', '-m', '--root', '-z', '--no-renames'], { ...big, input: `${lines.join('\n')}\n` });
    if (diff.status !== 0) return { keep: [], whole: false, refused: [`${tip.slice(0, 10)}: its trees cannot be read`] };
    const tokens = diff.stdout.split('\0');
    let commit = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!t.startsWith(':')) {
        if (t) commit = t;
        continue;
      }
      const [, dstMode = '', , dstId = '', status = ''] = t.slice(1).split(' ');
      const path = tokens[++i] ?? '';
      if (status !== 'D') changes.push({ commit, mode: dstMode, id: dstId, path });
    }
  }
  const ids = [...new Set(changes.filter((c) => c.mode !== '160000').map((c) => c.id))];
  const seen = new Map<string, { type: string; size: number }>();
  if (ids.length) {
    const check = git(['cat-file', '--buffer', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { ...big, input: `${ids.join('\n')}\n` });
    for (const line of check.stdout.split('\n')) {
      const [id = '', type = '', size = ''] = line.split(' ');
      if (type !== 'missing') seen.set(id, { type, size: Number(size) });
    }
  }
  const typeOf: Record<string, string> = { '040000': 'tree', '100644': 'blob', '100755': 'blob', '120000': 'blob', '160000': 'commit' };
  for (const c of changes) {
    const o = seen.get(c.id);
    const type = typeOf[c.mode] ?? 'unknown';
    const size = o?.size ?? 0;
    const why =
      c.mode !== '160000' && o?.type !== type
        ? `names ${o ? `a ${o.type}` : 'a missing object'}`
        : layout({ path: c.path, mode: c.mode, type, size, hexLength: tip.length });
    if (why) refuse(c.commit, `${JSON.stringify(c.path).slice(1, -1)} (${c.mode} ${type}${type === 'blob' ? `, ${size} bytes` : ''}): ${why}`);
  }
  // What the blobs say, where the layout cannot tell (a note's text), read once each.
  if (content) {
    const blobs = changes.filter(
      (c) =>
        c.mode === '100644' &&
        seen.get(c.id)?.type === 'blob' &&
        !refusals.get(c.commit)?.some((w) => w.startsWith(`${JSON.stringify(c.path).slice(1, -1)} (`)),
    );
    const texts = content.read([...new Set(blobs.map((c) => c.id))]);
    for (const c of blobs) {
      const text = texts.get(c.id);
      const why = text === undefined ? 'cannot be read' : content.check(text);
      if (why) refuse(c.commit, `${JSON.stringify(c.path).slice(1, -1)}: ${why}`);
    }
  }

  // A commit is clean when it refused nothing and every parent fetched with it is clean; parents
  // come after their children in topological order.
  const clean = new Set<string>();
  for (const commit of [...order].reverse()) if (!refusals.has(commit) && parents.get(commit)!.every((p) => !parents.has(p) || clean.has(p))) clean.add(commit);
  const hasCleanChild = new Set(order.filter((c) => clean.has(c)).flatMap((c) => parents.get(c)!));
  const keep = order.filter((c) => clean.has(c) && !hasCleanChild.has(c)).slice(0, MAX_KEPT);
  const named = [...refusals].flatMap(([commit, whys]) => whys.map((w) => `${commit.slice(0, 10)}:${w}`));
  const refused = named.length > MAX_NAMED ? [...named.slice(0, MAX_NAMED), `… and ${named.length - MAX_NAMED} more`] : named;
  const whole = !lines.length || (keep.length === 1 && keep[0] === tip);
  return { keep: lines.length ? keep : [tip], whole, refused };
}
