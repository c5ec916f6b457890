/**
 * The JSON files install merges its entries into (.claude/settings.json, .codex/hooks.json,
 * .mcp.json) and the steps that write them: planned first, applied and undone as one transaction.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, modify, parse as parseJsonc, type JSONPath, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { writeAtomic } from '../files.js';
import { GitSessionError } from '../errors.js';
import type { HookTable } from '../agents/index.js';
import { MARK } from './command.js';
import type { Repo } from '../store/index.js';
import { addConfigValue, configValues, setConfigValue, unsetConfig } from '../store/repo-facts.js';

export interface InstallReport {
  actions: string[];
}

/** A JSON hook file git-session merged its entries into (.claude/settings.json, .codex/hooks.json). */
export interface HookFileRecord {
  path: string;
  /** The file's bytes before install; null when there was no file. */
  original: string | null;
  written: string;
  createdDir: boolean;
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

export type Settings = Record<string, unknown> & { hooks?: Record<string, unknown[]> };

export const isOurs = (group: unknown): boolean =>
  Array.isArray((group as { hooks?: unknown[] })?.hooks) &&
  (group as { hooks: Array<{ command?: string }> }).hooks.every((h) => typeof h?.command === 'string' && h.command.endsWith(MARK));

export type HookGroups = HookTable;
/** A change to a JSON hook file: the key path, and the value to set (undefined removes the key). */
export type Edit = [JSONPath, unknown];

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * Reads a hook file as JSONC (Claude Code's settings may carry comments and trailing commas);
 * anything else is refused before a single file changes.
 */
export function parseHookFile(path: string, text: string, agentLabel: string): Settings {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length || !value || typeof value !== 'object' || Array.isArray(value)) {
    throw new GitSessionError(
      'EBADSETTINGS',
      `${path} is not valid JSON, so git-session will not edit it. Fix the file (or move it away) and run \`git session install --${agentLabel}\` again.`,
    );
  }
  return value as Settings;
}

/** Applies edits to JSONC text in place, keeping its comments and layout everywhere else. */
export function editJsonc(text: string, edits: Edit[]): string {
  let out = text;
  for (const [path, value] of edits) out = applyEdits(out, modify(out, path, value, FORMAT));
  return out;
}

/**
 * Plans merging git-session's hook entries into an agent's JSON hook file, keeping everything else
 * (comments included). `extra` may ask for further edits. Reads only; the step writes.
 */
export function planHookFile(
  path: string,
  groups: HookGroups,
  previous: HookFileRecord | undefined,
  agentLabel: string,
  steps: Step[],
  extra?: (settings: Settings) => Edit[],
): HookFileRecord | undefined {
  const before = snapshotFile(path);
  const original = before?.text ?? null;
  const settings = original !== null ? parseHookFile(path, original, agentLabel) : {};
  const hooks = settings.hooks && typeof settings.hooks === 'object' && !Array.isArray(settings.hooks) ? settings.hooks : undefined;
  const edits: Edit[] = [];
  if (settings.hooks !== undefined && !hooks)
    throw new GitSessionError(
      'EBADSETTINGS',
      `"hooks" in ${path} is not an object, so git-session will not edit it. Fix the file and run \`git session install --${agentLabel}\` again.`,
    );
  for (const [event, eventGroups] of Object.entries(groups)) {
    const existing = hooks?.[event];
    if (Array.isArray(existing) && existing.some(isOurs)) continue;
    if (Array.isArray(existing)) for (const g of eventGroups) edits.push([['hooks', event, -1], g]);
    else edits.push([['hooks', event], eventGroups]);
  }
  edits.push(...(extra?.(settings) ?? []));
  if (!edits.length) return undefined;
  const written = editJsonc(original ?? '{}\n', edits);
  const createdDir = missingDirFor(path);
  steps.push({
    apply: () => {
      mkdirSync(dirname(path), { recursive: true });
      writeAtomically(path, written, before?.mode);
    },
    undo: () => {
      restoreFile(path, before);
      removeCreatedDirs(path, createdDir);
    },
  });
  return previous ? { ...previous, written } : { path, original, written, createdDir: Boolean(createdDir) };
}

/**
 * Takes git-session's entries out of a hook file: the original bytes when the file is as we left
 * it, else only our entries (`extra` undoes any further change), comments kept.
 */
const isEmptyObject = (text: string): boolean => {
  const v: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length;
};

export function unmergeHookFile(c: HookFileRecord, report: InstallReport, extra?: (settings: Settings) => Edit[], what = 'the git-session hooks'): boolean {
  const current = existsSync(c.path) ? readFileSync(c.path, 'utf8') : null;
  if (current === null) {
    report.actions.push(`${c.path} is already gone: ${what} not there to remove`);
    return true;
  }
  if (current === c.original) {
    // An install stopped before this file was written: nothing of ours is in it.
  } else if (current === c.written) {
    if (c.original === null) {
      rmSync(c.path, { force: true });
      if (c.createdDir) rmSync(dirname(c.path), { recursive: true, force: true });
    } else writeAtomically(c.path, c.original);
  } else {
    try {
      const settings = parseHookFile(c.path, current, 'claude');
      const edits: Edit[] = [];
      const hooks = settings.hooks ?? {};
      const remaining = Object.entries(hooks).filter(([event, groups]) => {
        const list = Array.isArray(groups) ? groups : [];
        const kept = list.filter((g) => !isOurs(g));
        if (kept.length !== list.length) edits.push([['hooks', event], kept.length ? kept : undefined]);
        return kept.length > 0;
      });
      if (settings.hooks && remaining.length === 0) edits.push([['hooks'], undefined]);
      edits.push(...(extra?.(settings) ?? []));
      const text = editJsonc(current, edits);
      // A file install created, holding nothing else now: gone again, not left as `{}`.
      if (c.original === null && isEmptyObject(text)) {
        rmSync(c.path, { force: true });
        if (c.createdDir) removeCreatedDirs(c.path, dirname(c.path));
      } else writeAtomically(c.path, text);
    } catch {
      report.actions.push(`could not parse ${c.path}; remove the git-session entries by hand`);
      return false;
    }
  }
  report.actions.push(`removed ${what} from ${c.path}`);
  return true;
}

/** Adding (or with `set`, setting) a value of a `git config` key as a step: undone by restoring every value the key had. */
export function configStep(repo: Repo, key: string, value: string, how: 'add' | 'set' = 'add'): Step {
  const values = configValues(repo, key);
  return {
    apply: () => (how === 'set' ? setConfigValue(repo, key, value) : addConfigValue(repo, key, value)),
    undo: () => {
      unsetConfig(repo, key);
      for (const v of values) addConfigValue(repo, key, v);
    },
  };
}
