/** PostCompact (Claude Code gives the new summary; Codex gives none): keeps the summary of the compaction in progress. */
import { summaryBody } from '../agents/index.js';
import { findRepo } from '../store/git.js';
import { logHook } from '../store/state.js';
import { keepNewSummary } from './compaction.js';
import { field, type HookInput } from './input.js';
import { hookCwd } from './payload.js';

export async function postCompact(input: HookInput): Promise<void> {
  const repo = findRepo(hookCwd(input));
  const sessionId = field(input, 'session_id');
  const summary = field(input, 'compact_summary');
  if (!repo || !sessionId || !summary) return;
  if (await keepNewSummary(repo, sessionId, summaryBody(summary)))
    logHook(repo, 'ok', `post-compact kept the summary of session ${sessionId} (${summary.length} characters)`);
}
