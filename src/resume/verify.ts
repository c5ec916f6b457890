import { existsSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import type { Manifest } from '../manifest/index.js';
import { dirtyFiles, headState, type Repo, type SessionStore } from '../store/index.js';

export interface EnvironmentCheck {
  branch: { now?: string; snapshot?: string; matches: boolean };
  head: { now?: string; snapshot?: string; moved: boolean; commits?: string[]; unknown: boolean };
  dirty: string[];
  /** Files the manifest points at that are gone from the work tree. */
  missing: string[];
  /** Paths in the manifest that point outside the repository; never read. */
  outside: string[];
}

/** A path of the agents' own setup in the project: `.claude/`, `.codex/`, the MCP servers' `.mcp.json` (install --mcp writes it). */
const AGENT_FOLDER = /^(?:\.(?:claude|codex)(?:\/|$)|\.mcp\.json$)/;

/**
 * Compares the manifest's world with the repository as it is now. Reads only; runs nothing from the manifest.
 * @param dirty the work tree's uncommitted paths when the caller read them already (dirtyFilesSoon)
 */
export function checkEnvironment(repo: Repo, store: SessionStore, m: Manifest, dirty?: string[]): EnvironmentCheck {
  const now = headState(repo);
  const snapBranch = m.memory_pointers.git_branch;
  const snapHead = m.memory_pointers.head;
  const isId = (s?: string): s is string => Boolean(s && /^[0-9a-f]{7,64}$/i.test(s));
  const commits = isId(snapHead) && now.head && snapHead !== now.head ? store.commitsSince(snapHead) : [];
  const missing: string[] = [];
  const outside: string[] = [];
  const paths = new Set([
    ...m.memory_pointers.modified_files,
    ...m.memory_pointers.reference_files,
    ...m.memory_pointers.state_files,
    ...(m.active_state.last_file_modified ? [m.active_state.last_file_modified] : []),
  ]);
  for (const p of paths) {
    const rel = normalize(p);
    if (isAbsolute(rel) || rel.startsWith('..')) outside.push(p);
    else if (!existsSync(join(repo.root, rel))) missing.push(p);
  }
  return {
    branch: { now: now.branch, snapshot: snapBranch, matches: !snapBranch || snapBranch === now.branch },
    head: {
      now: now.head,
      snapshot: snapHead,
      moved: Boolean(snapHead && now.head && snapHead !== now.head),
      commits: commits ?? undefined,
      unknown: commits === undefined,
    },
    // The agents' own folders in the project (their settings, worktrees, spilled tool output) are not the work.
    dirty: (dirty ?? dirtyFiles(repo)).filter((p) => !AGENT_FOLDER.test(p)),
    missing,
    outside,
  };
}
