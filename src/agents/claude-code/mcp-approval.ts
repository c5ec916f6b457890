/**
 * Whether Claude Code will start a server of a project's .mcp.json: it asks once, and keeps the
 * answer in the user's settings or in ~/.claude.json under the project. The same keys in the
 * project's own .claude/settings*.json are not honoured (Claude Code 2.1.332), or a cloned
 * repository could approve its own servers.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { claudeConfigDirs } from './locate.js';

export interface McpApproval {
  state: 'approved' | 'rejected' | 'pending';
  /** Where the answer was found, or (pending) what was found that does not count. */
  detail: string;
}

type Settings = Record<string, unknown>;

function readJson(path: string): Settings | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Settings) : undefined;
  } catch {
    return undefined;
  }
}

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The answer one settings object records for `server`, if any. */
function answerIn(s: Settings | undefined, server: string): 'approved' | 'rejected' | undefined {
  if (!s) return undefined;
  if (names(s.disabledMcpjsonServers).includes(server)) return 'rejected';
  if (names(s.enabledMcpjsonServers).includes(server) || s.enableAllProjectMcpServers === true) return 'approved';
  return undefined;
}

/** The file Claude Code keeps its per-project state in. */
function globalStateFile(env: NodeJS.ProcessEnv): string {
  return env.CLAUDE_CONFIG_DIR ? join(claudeConfigDirs(env)[0]!, '.claude.json') : join(env.HOME ?? homedir(), '.claude.json');
}

/**
 * Whether the user approved `server` of the project at `root` in Claude Code: user settings
 * first, then the project's entry in ~/.claude.json.
 */
export function mcpApproval(root: string, server: string, env = process.env): McpApproval {
  for (const dir of claudeConfigDirs(env)) {
    const file = join(dir, 'settings.json');
    const answer = answerIn(readJson(file), server);
    if (answer) return { state: answer, detail: file };
  }
  const stateFile = globalStateFile(env);
  const projects = readJson(stateFile)?.projects as Record<string, Settings> | undefined;
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // The path as given.
  }
  for (const key of new Set([root, real])) {
    const answer = answerIn(projects?.[key], server);
    if (answer) return { state: answer, detail: `${stateFile} (projects["${key}"])` };
  }
  const ignored = ['settings.json', 'settings.local.json'].map((f) => join(root, '.claude', f)).filter((f) => answerIn(readJson(f), server) !== undefined);
  return {
    state: 'pending',
    detail: ignored.length
      ? `${ignored.join(' and ')} name it, but Claude Code does not take approvals from a project's own settings`
      : 'no answer recorded in the user settings or ~/.claude.json',
  };
}
