/** The merge of a fetched snapshot history into ours: which session's manifest each side holds, and the merge commit. */
import { InvalidManifestError } from '../errors.js';
import { acceptManifest } from './accept.js';
import { readObjects, runGit, type Repo } from './git.js';
import type { GitRunner } from './fetched.js';
import { entryLabel, NOT_OURS, snapshotEntry } from './sync-layout.js';
import { MAX_STORED_MANIFEST_BYTES, SessionStore } from './session-store.js';

const MAX_TRAIL_BYTES = 2 << 20;

export interface SessionEntry {
  /** The session directory's tree, when it holds nothing but what a save writes. */
  tree?: string;
  blob: string;
  /** Its trail's chunks: kind, file name, blob. */
  trail: Array<[string, string, string]>;
}

/**
 * The sessions of one snapshot in one `git ls-tree -r -t -l`: every session's `manifest.json`
 * and trail as a save writes them. Anything else (another path, mode or type, an odd directory
 * name, a directory in the wrong shard, an oversize blob or trail) is named in `refused`.
 */
function listSessions(git: GitRunner, commit: string): { entries: Map<string, SessionEntry>; refused: string[] } {
  const entries = new Map<string, SessionEntry>();
  const trees = new Map<string, string>();
  const trails = new Map<string, { bytes: number; chunks: Array<[string, string, string]> }>();
  const extra = new Set<string>();
  const refused: string[] = [];
  const ls = git(['ls-tree', '-r', '-t', '-l', '-z', commit], { allowFail: true, maxBuffer: 1 << 30 });
  for (const line of ls.stdout.split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(\S+)\t(.*)$/s.exec(line);
    if (!m) continue;
    const [, mode, type, id, sizeText, path] = m as unknown as [string, string, string, string, string, string];
    const size = sizeText === '-' ? 0 : Number(sizeText);
    const e = snapshotEntry(path, mode, type, size);
    const trail = e?.kind === 'trail' ? (trails.get(e.dir) ?? { bytes: 0, chunks: [] }) : undefined;
    if (e?.kind === 'folder') continue;
    else if (e?.kind === 'session') trees.set(e.dir, id);
    else if (e?.kind === 'manifest') entries.set(e.dir, { blob: id, trail: [] });
    else if (e?.kind === 'trail' && trail && trail.bytes + size <= MAX_TRAIL_BYTES) {
      trail.bytes += size;
      if (e.rest.length === 3) trail.chunks.push([e.rest[1]!, e.rest[2]!, id]);
      trails.set(e.dir, trail);
    } else {
      const dir = e && 'dir' in e ? e.dir : undefined;
      if (dir) extra.add(dir);
      refused.push(`${JSON.stringify(path).slice(1, -1)} (${entryLabel(mode, type, size)})`);
    }
  }
  for (const [dir, e] of entries) {
    e.trail = trails.get(dir)?.chunks ?? [];
    if (!extra.has(dir)) e.tree = trees.get(dir);
  }
  return { entries, refused };
}

/** A merge of the local snapshot history and a remote's, planned but not yet written. */
export interface MergePlan {
  sessions: Map<string, SessionEntry>;
  /** Session directories taken from a remote commit that is not kept, whose trees are rebuilt. */
  rebuild: Set<string>;
  /** The blobs taken from such a commit: the only objects of it the repository keeps. */
  taken: string[];
}

/**
 * Plans the merge of the local snapshot history and a remote's: every session of both, and for
 * a session on both sides the manifest saved last. The remote's sessions are those of its tip
 * and of its commits that are kept as parents (`kept`: a tip that brings something refused may
 * drop others' sessions). Everything taken is checked first (paths, modes, sizes, a valid
 * manifest of the session its directory names, not dated in the future); what fails is left out
 * and named in `skipped`. A constant number of git processes, however many sessions there are.
 */
export function planMerge(
  git: GitRunner,
  env: NodeJS.ProcessEnv,
  repo: Repo,
  local: string | undefined,
  tip: string,
  kept: string[],
  remote: string,
  skipped: string[],
): MergePlan {
  const ours = local ? listSessions(git, local).entries : new Map<string, SessionEntry>();
  const sources = [tip, ...kept.filter((c) => c !== tip)].map((commit) => ({ commit, kept: kept.includes(commit), ...listSessions(git, commit) }));
  for (const r of sources[0]!.refused) skipped.push(`${remote} ${tip.slice(0, 10)}:${r}: ${NOT_OURS}`);
  const wanted = sources.flatMap((source) => [...source.entries].filter(([dir, t]) => ours.get(dir)?.blob !== t.blob).map(([dir, t]) => ({ source, dir, t })));
  const texts = readObjects(repo, [...new Set(wanted.flatMap(({ dir, t }) => [t.blob, ours.get(dir)?.blob ?? []].flat()))], MAX_STORED_MANIFEST_BYTES, env);
  // Each blob checked once: the time it was saved, or why it is refused.
  const checked = new Map<string, number | string>();
  const check = (blob: string, dir: string, where: string): number | string => {
    if (!checked.has(blob)) {
      try {
        checked.set(blob, Date.parse(acceptManifest(texts.get(blob) ?? '', where, dir).session_metadata.timestamp));
      } catch (err) {
        checked.set(blob, err instanceof InvalidManifestError ? err.reason : (err as Error).message);
      }
    }
    return checked.get(blob)!;
  };
  const timeOf = (blob: string | undefined): number => {
    try {
      return Date.parse(JSON.parse(texts.get(blob ?? '') ?? '').session_metadata.timestamp) || 0;
    } catch {
      return 0;
    }
  };
  const rebuild = new Set<string>();
  const taken = new Set<string>();
  for (const { source, dir, t } of wanted) {
    const where = `${remote} ${source.commit.slice(0, 10)}:sessions/${dir}/manifest.json`;
    const at = check(t.blob, dir, where);
    if (typeof at === 'string') {
      if (source.commit === tip) skipped.push(`${where}: ${at}`);
      continue;
    }
    const o = ours.get(dir);
    if (o && at <= timeOf(o.blob)) continue;
    ours.set(dir, t);
    if (source.kept) rebuild.delete(dir);
    else {
      rebuild.add(dir);
      for (const blob of [t.blob, ...t.trail.map(([, , b]) => b)]) taken.add(blob);
    }
  }
  return { sessions: ours, rebuild, taken: [...taken] };
}

/**
 * Writes a planned merge as a snapshot commit on `parents`. Session directories without a tree
 * that may be kept (one that held more, or one taken from a remote commit that is not kept) get a
 * clean one from their manifest and trail: all of them in three `git mktree --batch`.
 */
export function writeMerge(store: SessionStore, plan: MergePlan, parents: string[], message: string): string {
  const git = (args: string[], input: string) =>
    runGit(store.repo.root, args, { input, maxBuffer: 1 << 30 })
      .stdout.trim()
      .split('\n');
  const bare = [...plan.sessions].filter(([dir, e]) => !e.tree || plan.rebuild.has(dir));
  const kinds = bare.flatMap(([dir, e]) =>
    [...new Set(e.trail.map(([kind]) => kind))].sort().map((kind) => ({ dir, kind, chunks: e.trail.filter(([k]) => k === kind) })),
  );
  const kindTrees = kinds.length
    ? git(['mktree', '--batch'], kinds.map((k) => `${k.chunks.map(([, name, blob]) => `100644 blob ${blob}\t${name}`).join('\n')}\n`).join('\n'))
    : [];
  const withTrail = bare.filter(([, e]) => e.trail.length);
  const trailTrees = withTrail.length
    ? git(
        ['mktree', '--batch'],
        withTrail.map(([dir]) => `${kinds.flatMap((k, i) => (k.dir === dir ? [`040000 tree ${kindTrees[i]}\t${k.kind}`] : [])).join('\n')}\n`).join('\n'),
      )
    : [];
  const trailOf = new Map(withTrail.map(([dir], i) => [dir, trailTrees[i]!]));
  if (bare.length) {
    const built = git(
      ['mktree', '--batch'],
      bare.map(([dir, e]) => `100644 blob ${e.blob}\tmanifest.json\n${trailOf.has(dir) ? `040000 tree ${trailOf.get(dir)}\ttrail\n` : ''}`).join('\n'),
    );
    bare.forEach(([, e], i) => (e.tree = built[i]));
  }
  const root = store.shardedTree(new Map([...plan.sessions].map(([dir, e]) => [dir, e.tree!])));
  return store.commitTree(root, parents, message);
}

/** What was fetched of one ref, and what of it may become history here. */
