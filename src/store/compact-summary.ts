/**
 * The compaction summaries hooks keep in `.git/agentflow/compact/`, one file per session (named by
 * the same rule as the session's folder on the snapshot ref). Apart from state.ts so that a commit
 * loads none of this.
 */
import { readPrivateText, writePrivate } from './private-fs.js';
import { sessionDir } from './names.js';
import { logHook } from './state.js';
import type { Repo } from './git.js';

const COMPACT_SUMMARY_MAX_BYTES = 64 * 1024;

/** Where the PostCompact hook keeps the agent's compaction summary of a session. */
function compactSummaryPath(sessionId: string): string {
  return `compact/${sessionDir(sessionId)}.txt`;
}

/** Keeps the summary Claude Code's PostCompact hook received (at most 64 KB). Never throws. */
export function keepCompactSummary(repo: Repo, sessionId: string, summary: string): void {
  try {
    writePrivate(repo, compactSummaryPath(sessionId), summary.slice(0, COMPACT_SUMMARY_MAX_BYTES));
  } catch (err) {
    logHook(repo, 'error', `the compaction summary of session ${sessionId} was not kept: ${(err as Error).message}`);
  }
}

export function readCompactSummary(repo: Repo, sessionId: string): string | undefined {
  try {
    return readPrivateText(repo, compactSummaryPath(sessionId), 4 * COMPACT_SUMMARY_MAX_BYTES);
  } catch {
    return undefined;
  }
}
