/**
 * SubagentStop (Claude Code): its compaction summarizer runs as a subagent whose stop comes before
 * SessionStart(compact), with the new summary as `last_assistant_message`. While this session's
 * compaction is in progress, that summary is kept, so SessionStart(compact) compares with it.
 */
import { summaryBody } from '../agents/index.js';
import { findRepo } from '../store/git.js';
import { logHook, readState } from '../store/state.js';
import { keepNewSummary, pendingCompaction } from './compaction.js';
import { field, type HookInput } from './input.js';
import { hookCwd } from './payload.js';

const LOOKS_LIKE_A_SUMMARY = /<summary>|Primary Request and Intent/i;

export async function subagentStop(input: HookInput): Promise<void> {
  const repo = findRepo(hookCwd(input));
  const sessionId = field(input, 'session_id');
  const text = field(input, 'last_assistant_message');
  if (!repo || !sessionId || !text) return;
  const since = pendingCompaction(repo, sessionId);
  if (!since) return;
  // Another subagent finishing during the compaction does not replace the summary.
  const kept = readState(repo).sessions[sessionId]?.compactSummaryAt;
  if (kept && Date.parse(kept) >= Date.parse(since) && !LOOKS_LIKE_A_SUMMARY.test(text)) return;
  if (await keepNewSummary(repo, sessionId, summaryBody(text)))
    logHook(repo, 'ok', `subagent-stop kept the new compaction summary of session ${sessionId} (${text.length} characters)`);
}
