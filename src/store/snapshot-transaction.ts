/**
 * A save's snapshot and its note on the work commit in one `git update-ref --stdin` transaction,
 * every object written in this process: one `git cat-file --batch` reads the parent's trees, the
 * notes ref and the work commit's note; the blobs, trees, the snapshot commit, the note and the
 * notes commit are written as loose objects (loose-object.ts, identity.ts); both refs move
 * together by compare-and-swap. Two git processes where the usual path (snapshot-writer.ts and
 * write.ts) runs five. Used only where all of it is plain: objects git writes loose, an identity
 * the config states, a notes tree in the layout git keeps, a note git would store as it is; anything
 * else, or a ref moved meanwhile, returns undefined and the usual path stores the save.
 */
import { spawnSync } from 'node:child_process';
import { GitSessionError } from '../errors.js';
import { isSessionDirName, isShardName, sessionDir, shardOf, snapshotMessage, type SnapshotInfo } from './format.js';
import { commitContent, commitIdentity } from './identity.js';
import { looseObjectsDir, writeLooseObject } from './loose-object.js';
import { SESSIONS_REF } from './refs.js';
import { gcMayBeDue, parentTreeNames, parentTrees, pauseForTest, readObjects, writeBlobs, writeSnapshotTree } from './snapshot-tree.js';
import type { SnapshotTarget } from './snapshot-writer.js';
import { parseTree, treeContent, type BatchObject, type TreeEntry } from './tree-object.js';
import { mergeNoteBlocks, NOTES_REF, withNotesLock } from './write.js';

/** The note a save attaches to the work commit: this session's block of it, which names the snapshot. */
export interface NoteRequest {
  commit: string;
  block: (snapshot: string) => string;
}

const SHA1 = /^[0-9a-f]{40}$/;

/**
 * A note as `git notes add -F` would store it unchanged: no trailing blanks (git's space, tab and
 * carriage return), no run of blank lines, no blank first or last line, no comment line; anything
 * else is left to git.
 */
const storedAsIs = (text: string): boolean =>
  text.endsWith('\n') && !text.startsWith('\n') && !/\n\n\n|\n\n$|[ \t\r]\n|^#/m.test(text) && !/[ \t\r]$/.test(text.slice(0, -1));

/** Whether git would fan these notes (of one tree) out one more level: each of the 16 hex digits starts two notes or more (notes.c, determine_fanout). */
function wouldFanOut(notes: TreeEntry[]): boolean {
  const perDigit = new Map<string, number>();
  for (const { name } of notes) perDigit.set(name[0]!, (perDigit.get(name[0]!) ?? 0) + 1);
  return perDigit.size === 16 && [...perDigit.values()].every((n) => n >= 2);
}

/** A tree's entries when every one is of `kind` and named by `name`, written back byte for byte as read (nothing parseTree leaves out); else undefined. */
function plainEntries(tree: BatchObject, kind: TreeEntry['kind'], name: RegExp): TreeEntry[] | undefined {
  if (tree.type !== 'tree') return undefined;
  const entries = parseTree(tree.content, 20);
  return entries.every((e) => e.kind === kind && name.test(e.name)) && treeContent(entries).equals(tree.content) ? entries : undefined;
}

/** A list of notes with `name`'s set to `blob`. */
const withNote = (entries: TreeEntry[], name: string, blob: string): TreeEntry[] => [
  ...entries.filter((e) => e.name !== name),
  { kind: 'blob', id: blob, name },
];

/**
 * The notes ref's tree with `commit`'s note set to `blob` (its entries; `sub` the `ab/` folder git
 * fanned the notes out to, when it did), or undefined for a tree git must change itself: git
 * writes notes under `ab/` folders once the notes are many (wouldFanOut), and a second level of
 * folders once one folder holds many; this keeps the layout git chose and leaves any change of
 * it, a second level, or anything else in the tree to `git notes`.
 */
function notesTree(objects: string, root: BatchObject | undefined, sub: BatchObject | undefined, commit: string, blob: string): TreeEntry[] | undefined {
  if (!root) return [{ kind: 'blob', id: blob, name: commit }];
  const flat = plainEntries(root, 'blob', SHA1);
  if (flat) {
    const notes = withNote(flat, commit, blob);
    return wouldFanOut(notes) ? undefined : notes;
  }
  const folders = plainEntries(root, 'tree', /^[0-9a-f]{2}$/);
  const inFolder = sub ? plainEntries(sub, 'blob', /^[0-9a-f]{38}$/) : [];
  if (!folders || !inFolder || (sub && sub.type !== 'tree')) return undefined;
  const notes = withNote(inFolder, commit.slice(2), blob);
  if (wouldFanOut(notes)) return undefined;
  const folder = writeLooseObject(objects, 'tree', treeContent(notes));
  return [...folders.filter((e) => e.name !== commit.slice(0, 2)), { kind: 'tree', id: folder, name: commit.slice(0, 2) }];
}

/** What the transaction reads: the parent's two trees, then the notes ref, its tree and the work commit's note. */
export function transactionReads(parent: string | undefined, sessionId: string, noteOn: string | undefined): string[] {
  return [
    ...(parent ? parentTreeNames(parent, shardOf(sessionDir(sessionId))) : []),
    // The note where a flat notes tree has it, and where one fanned out to `ab/` folders does.
    ...(noteOn
      ? [
          NOTES_REF,
          `${NOTES_REF}^{tree}`,
          `${NOTES_REF}:${noteOn}`,
          `${NOTES_REF}:${noteOn.slice(0, 2)}`,
          `${NOTES_REF}:${noteOn.slice(0, 2)}/${noteOn.slice(2)}`,
        ]
      : []),
  ];
}

/** Objects read ahead for `names` (see SessionStore.readAheadForSave). */
export interface ReadAhead {
  names: string[];
  objects: Array<BatchObject | undefined>;
}

/**
 * Stores the snapshot, and the note when asked, in one transaction.
 * @returns the snapshot commit and whether the note was written with it; undefined when nothing was stored
 */
export function saveInOneTransaction(
  store: SnapshotTarget,
  manifestJson: string,
  info: SnapshotInfo,
  trail: Map<string, string> | undefined,
  note: NoteRequest | undefined,
  ahead?: ReadAhead,
): { snapshot: string; noted: boolean } | undefined {
  const { repo } = store;
  const objects = looseObjectsDir(repo);
  const identity = objects && commitIdentity(repo);
  const parent = store.tip();
  if (!objects || !identity || (parent && !SHA1.test(parent)) || (note && !SHA1.test(note.commit))) return undefined;
  const shard = shardOf(sessionDir(info.sessionId));
  // One read (made ahead when it could be): the parent's two trees, then the notes ref, its tree and the work commit's note.
  const names = transactionReads(parent, info.sessionId, note?.commit);
  const read = ahead && ahead.names.join('\n') === names.join('\n') ? ahead.objects : readObjects(repo, names);
  const trees = parent ? parentTrees(read, 20) : undefined;
  const [notesTip, notesRoot, flatNote, folder, noteInFolder] = read.slice(parent ? 2 : 0);
  // A parent in the older flat layout is migrated by the usual path.
  if (trees?.[0]?.some((e) => e.kind === 'tree' && isSessionDirName(e.name) && !isShardName(e.name))) return undefined;
  if (notesTip && notesTip.type !== 'commit') return undefined;

  const git = store.git.bind(store);
  const blobs = writeBlobs(git, manifestJson, trail, objects);
  const unreachable = (): string => {
    throw new GitSessionError('EGIT', 'a snapshot in the flat layout reached the one-transaction save; nothing was stored. Please report this.');
  };
  const tree = writeSnapshotTree(repo, git, parent, info.sessionId, shard, blobs, unreachable, { objects, parentTrees: trees });
  const now = new Date();
  const commit = writeLooseObject(objects, 'commit', commitContent(tree, parent ? [parent] : [], identity, now, snapshotMessage(info)));
  const updates = [parent ? `update ${SESSIONS_REF} ${commit} ${parent}` : `create ${SESSIONS_REF} ${commit}`];

  if (note) {
    const update = noteUpdate(objects, { tip: notesTip, root: notesRoot, folder, current: flatNote ?? noteInFolder }, note, commit, identity, now);
    if (update === undefined) return undefined;
    if (update) updates.push(update);
  }
  pauseForTest(commit);
  // Under git-session's notes lock, as every writer of the notes ref here takes it (see write.ts).
  // A lock that cannot be taken (held on, or its folder unusable) is the usual path's to report.
  const transaction = () =>
    spawnSync('git', ['update-ref', '-m', 'git-session', '--stdin'], { cwd: repo.root, input: `${updates.join('\n')}\n`, encoding: 'utf8' });
  let moved: ReturnType<typeof transaction>;
  try {
    moved = note ? withNotesLock(repo, transaction) : transaction();
  } catch {
    return undefined;
  }
  if (moved.error || moved.status !== 0) return undefined;
  store.tipMoved(commit);
  if (gcMayBeDue(repo)) git(['gc', '--auto', '--quiet'], { allowFail: true });
  return { snapshot: commit, noted: Boolean(note) };
}

/** What the notes ref holds of a work commit, as read: its tip, its root tree, the `ab/` folder of the commit, the commit's note. */
interface NotesRead {
  tip?: BatchObject;
  root?: BatchObject;
  folder?: BatchObject;
  current?: BatchObject;
}

/**
 * The notes ref's line of the transaction for this save's block of the work commit's note, its
 * objects written: null when the note says this already (no new notes commit), undefined when it
 * is git's to write (a note it would reformat, a layout it would change).
 */
function noteUpdate(objects: string, notes: NotesRead, note: NoteRequest, snapshot: string, identity: string, now: Date): string | null | undefined {
  const existing = notes.current?.type === 'blob' ? notes.current.content.toString('utf8') : '';
  const merged = mergeNoteBlocks(existing, note.block(snapshot));
  if (!storedAsIs(merged)) return undefined;
  if (existing.trim() && merged.trim() === existing.trim()) return null;
  const entries = notesTree(objects, notes.tip ? notes.root : undefined, notes.folder, note.commit, writeLooseObject(objects, 'blob', Buffer.from(merged)));
  if (!entries) return undefined;
  const tree = writeLooseObject(objects, 'tree', treeContent(entries));
  const parents = notes.tip ? [notes.tip.id] : [];
  const commit = writeLooseObject(objects, 'commit', commitContent(tree, parents, identity, now, "Notes added by 'git session save'\n"));
  return notes.tip ? `update ${NOTES_REF} ${commit} ${notes.tip.id}` : `create ${NOTES_REF} ${commit}`;
}
