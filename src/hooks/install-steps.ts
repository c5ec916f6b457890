/** The install transaction's parts: one change as a step that can be undone, and the files it replaces. */
import { existsSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAtomic } from '../files.js';

export interface InstallReport {
  actions: string[];
}

/**
 * Replaces a file in one step (files.ts writeAtomic). Without `mode`, an existing file keeps its
 * own. A settings file that is a symlink (dotfiles kept elsewhere) is written where it points.
 */
export function writeAtomically(path: string, text: string, mode = existsSync(path) ? statSync(path).mode & 0o7777 : undefined): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    /* a new file */
  }
  writeAtomic(target, text, mode ?? 0o644);
}

/** One change install makes, and how to take it back if a later one fails. */
export interface Step {
  apply(): void;
  undo(): void;
}

/** The file a step is about to replace, as it was: bytes and mode, or absent. */
export function snapshotFile(path: string): { text: string; mode: number } | undefined {
  return existsSync(path) ? { text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o7777 } : undefined;
}

export function restoreFile(path: string, before: { text: string; mode: number } | undefined): void {
  if (before) writeAtomically(path, before.text, before.mode);
  else rmSync(path, { force: true });
}

/** The first folder that creating `path`'s folder would create, if any (to remove on undo and uninstall). */
export function missingDirFor(path: string): string | undefined {
  let missing: string | undefined;
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) missing = dir;
  return missing;
}

/** Removes `dir` and the empty folders between it and `path`'s folder, if they are all empty. */
export function removeCreatedDirs(path: string, createdDir: string | undefined): void {
  if (!createdDir) return;
  for (let dir = dirname(path); dir.startsWith(createdDir); dir = dirname(dir)) {
    try {
      if (readdirSync(dir).length) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === createdDir) return;
  }
}
