/** What install changed, recorded in .git/agentflow/install.json so uninstall restores exactly that. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { agentflowDir, type Repo } from '../store/index.js';
import { readPrivateText, writePrivate } from '../store/private-fs.js';
import type { HookFileRecord } from './files.js';

export interface GitHookRecord {
  path: string;
  mode: 'created' | 'chained' | 'appended';
  /** For `appended`: the exact text added, removed again on uninstall. */
  appended?: string;
  /** The first folder install had to create for the hook (a core.hooksPath not there yet); removed on uninstall if empty. */
  createdDir?: string;
}

export interface InstallRecord {
  gitHook?: GitHookRecord;
  claude?: HookFileRecord;
  codex?: HookFileRecord;
  /** The project's .mcp.json, where `git session mcp` was registered. */
  mcp?: HookFileRecord;
  notesRewrite?: boolean;
  /** The statusline command git-session now wraps (set in agentflow.statusline.wrap). */
  wrappedStatusline?: string;
  /** remote.<name>.fetch refspecs added by --sync. */
  syncRefspecs?: { remote: string; specs: string[] };
}

const recordPath = (repo: Repo): string => join(agentflowDir(repo), 'install.json');

export function readInstallRecord(repo: Repo): InstallRecord {
  try {
    return JSON.parse(readPrivateText(repo, 'install.json', 1024 * 1024) ?? '') as InstallRecord;
  } catch {
    return {};
  }
}

export function writeInstallRecord(repo: Repo, rec: InstallRecord): void {
  if (!rec.gitHook && !rec.claude && !rec.codex && !rec.mcp && !rec.notesRewrite && !rec.wrappedStatusline && !rec.syncRefspecs)
    rmSync(recordPath(repo), { force: true });
  else writePrivate(repo, 'install.json', `${JSON.stringify(rec, null, 2)}\n`);
}
