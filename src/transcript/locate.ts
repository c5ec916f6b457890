import { ADAPTERS, type LogFile } from '../agents/index.js';
import { TranscriptNotFoundError } from '../errors.js';
import type { AgentKind } from '../log/events.js';

export interface LocatedTranscript {
  path: string;
  agent: AgentKind;
}

/**
 * Finds the live session log for a project: the most recently written log of any agent whose
 * session belongs here (a Claude Code transcript whose folder is this cwd or the repository root,
 * a Codex rollout started inside the repository). The newest wins, so an old session of one agent
 * never hides the one running now in another.
 * @param cwd the agent's working directory
 * @param root the repository's top-level directory
 * @throws TranscriptNotFoundError naming every folder searched
 */
export function locateTranscript(cwd: string, root: string, env = process.env): LocatedTranscript {
  let best: (LogFile & { agent: AgentKind }) | undefined;
  for (const adapter of [...ADAPTERS].reverse()) {
    const found = adapter.locate(cwd, root, env);
    if (found && (!best || found.mtimeMs > best.mtimeMs)) best = { ...found, agent: adapter.kind };
  }
  if (best) return { path: best.path, agent: best.agent };
  throw new TranscriptNotFoundError(
    [...ADAPTERS].reverse().flatMap((a) => a.searched(cwd, root, env)),
    cwd,
  );
}
