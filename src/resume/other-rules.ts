/**
 * A line of work continued in the other agent: Claude Code loads CLAUDE.md and not AGENTS.md,
 * Codex AGENTS.md and not CLAUDE.md. The project's rules the earlier session followed are then
 * in a file the new agent does not read by itself, and its prompt says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Agent = 'claude-code' | 'codex';

/** The instruction files each agent loads by itself from the repository's root. */
const LOADS: Record<Agent, string[]> = {
  'claude-code': ['CLAUDE.md', 'CLAUDE.local.md', join('.claude', 'CLAUDE.md')],
  codex: ['AGENTS.override.md', 'AGENTS.md'],
};
const NAMES: Record<Agent, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

/** The most of a loaded file read to see whether it names the other file (an `@AGENTS.md` import, "see CLAUDE.md"). */
const READ_MAX = 256 * 1024;

const text = (path: string): string | undefined => {
  try {
    return readFileSync(path).subarray(0, READ_MAX).toString('utf8');
  } catch {
    return undefined;
  }
};

/**
 * For a session of `to` that continues one of `from`: the line that names the earlier agent's
 * instruction file(s) at `root` which `to` does not load, unless a file it loads names them.
 */
export function otherAgentsRules(root: string, from: string, to: string | undefined): string | undefined {
  if (to !== 'claude-code' && to !== 'codex') return undefined;
  if ((from !== 'claude-code' && from !== 'codex') || from === to) return undefined;
  const theirs = LOADS[from].filter((f) => text(join(root, f)) !== undefined);
  if (!theirs.length) return undefined;
  const loaded = LOADS[to].map((f) => text(join(root, f)) ?? '');
  const unread = theirs.filter((f) => !loaded.some((t) => t.includes(f.split('/').pop()!)));
  if (!unread.length) return undefined;
  const files = unread.join(' and ');
  return `The earlier session was ${NAMES[from]}'s, which loads ${files} by itself; ${NAMES[to]} does not: read ${files} for the project's rules before you start.`;
}
