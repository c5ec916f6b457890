/**
 * `install --mcp`: git-session's server in the project's .mcp.json, and taking it out again
 * without touching what is not install's own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import { GitSessionError } from '../errors.js';
import { cliPath } from '../paths.js';
import type { Repo } from '../store/index.js';
import { cliCommand } from './command.js';
import { parseHookFile, planHookFile, unmergeHookFile, type Edit, type HookFileRecord, type InstallReport, type Settings, type Step } from './files.js';

/** The name git-session's server has in an MCP client's configuration. */
export const MCP_SERVER_NAME = 'git-session';

/** How an MCP client starts the server: `git-session mcp` when that is on PATH, else this install by absolute path. */
export function mcpServerEntry(env = process.env): { type: 'stdio'; command: string; args: string[] } {
  return cliCommand(env) === 'git-session'
    ? { type: 'stdio', command: 'git-session', args: ['mcp'] }
    : { type: 'stdio', command: process.execPath, args: [cliPath(), 'mcp'] };
}

/**
 * Registers `git session mcp` in the project's .mcp.json (Claude Code's project scope, read by
 * other MCP clients too), next to whatever servers are there; an existing "git-session" entry is
 * left as it is. The record of what was written, or undefined when there is nothing to do.
 */
export function planMcp(repo: Repo, previous: HookFileRecord | undefined, report: InstallReport, steps: Step[]): HookFileRecord | undefined {
  const path = join(repo.root, '.mcp.json');
  const register = (settings: Settings): Edit[] => {
    const servers = settings.mcpServers;
    if (servers !== undefined && (!servers || typeof servers !== 'object' || Array.isArray(servers)))
      throw new GitSessionError(
        'EBADSETTINGS',
        `"mcpServers" in ${path} is not an object, so git-session will not edit it. Fix the file and run \`git session install --mcp\` again.`,
      );
    if (servers && MCP_SERVER_NAME in servers) return [];
    return [[['mcpServers', MCP_SERVER_NAME], mcpServerEntry()]];
  };
  const record = planHookFile(path, {}, previous, 'mcp', steps, register);
  report.actions.push(
    record
      ? `registered the git-session MCP server (git session mcp) in ${path}; Claude Code asks you to approve project servers on its next start`
      : `the git-session MCP server is already registered in ${path}`,
  );
  if (!isStrictJson(path))
    report.actions.push(
      `warning: ${path} has comments or trailing commas (kept as they were), and Claude Code rejects such a file: it loads none of its servers. Make it plain JSON.`,
    );
  return record;
}

/** Whether the file, if there is one, is JSON as Claude Code reads it: no comments, no trailing commas. */
function isStrictJson(path: string): boolean {
  try {
    JSON.parse(readFileSync(path, 'utf8'));
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

const serversOf = (settings: Settings | undefined): Record<string, unknown> | undefined => {
  const servers = settings?.mcpServers;
  return servers && typeof servers === 'object' && !Array.isArray(servers) ? (servers as Record<string, unknown>) : undefined;
};

/** A JSON value with its object keys sorted, to compare two entries whatever their key order. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v;

/**
 * Takes the entry install wrote out of .mcp.json: the file as it was when nothing else changed
 * (deleted when install created it); else only that entry, and only while it is exactly what
 * install wrote (an entry the user changed is theirs now). True when the record is done with.
 */
export function uninstallMcp(record: HookFileRecord, report: InstallReport): boolean {
  const { path } = record;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === null || current === record.written || current === record.original)
    return unmergeHookFile(record, report, undefined, 'the git-session MCP server');
  let settings: Settings;
  try {
    settings = parseHookFile(path, current, 'mcp');
  } catch {
    report.actions.push(`could not parse ${path}; remove the "${MCP_SERVER_NAME}" entry by hand`);
    return false;
  }
  const servers = serversOf(settings);
  const entry = servers?.[MCP_SERVER_NAME];
  if (entry === undefined) {
    report.actions.push(`the git-session MCP server is no longer in ${path}: nothing to remove`);
    return true;
  }
  const wrote = serversOf(parseJsonc(record.written) as Settings)?.[MCP_SERVER_NAME];
  if (JSON.stringify(canonical(entry)) !== JSON.stringify(canonical(wrote))) {
    report.actions.push(
      `left the "${MCP_SERVER_NAME}" entry in ${path}: it was changed since install, so it is yours now (delete it by hand if you no longer want it)`,
    );
    return true;
  }
  const unregister = (): Edit[] => (Object.keys(servers!).length === 1 ? [[['mcpServers'], undefined]] : [[['mcpServers', MCP_SERVER_NAME], undefined]]);
  return unmergeHookFile(record, report, unregister, 'the git-session MCP server');
}
