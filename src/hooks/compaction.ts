/**
 * Following an agent's compaction through its hooks, so that what its summary dropped is given
 * back exactly once, compared with *this* compaction's summary.
 *
 * Claude Code 2.1.332 runs PreCompact → the summarizer (SubagentStop, whose
 * last_assistant_message is the new summary) → SessionStart(compact) → PostCompact, and writes the
 * compaction's lines only after SessionStart returns. Codex 0.171 runs PreCompact → PostCompact →
 * SessionStart(compact) after an automatic compaction with its `compacted` line already written,
 * and no SessionStart at all after /compact. So: PreCompact marks the start; the summary is the one
 * kept after that mark, else the transcript's compaction after it; SessionStart(compact) or, failing
 * that, the next UserPromptSubmit gives back what it dropped, and clears the mark.
 */
import { existsSync } from 'node:fs';
import type { Repo } from '../store/git.js';
import { keepCompactSummary, readCompactSummary } from '../store/compact-summary.js';
import { logHook, readState, updateSessionState } from '../store/state.js';
import { readTranscript } from '../transcript/index.js';

/** A mark older than this is a compaction that never finished: it is not followed. */
const MARK_MAX_AGE_MS = 30 * 60 * 1000;
/** Clocks of the agent (line timestamps) and of the hooks are the same machine's; a little slack. */
const SLACK_MS = 2000;

/** PreCompact: this session's compaction starts now; any summary kept before is from an earlier one. */
export function markCompaction(repo: Repo, sessionId: string, now = new Date()): void {
  updateSessionState(repo, sessionId, { compactingSince: now.toISOString(), compactSummaryAt: undefined });
}

/** When this session's compaction began, if one is waiting to be followed. */
export function pendingCompaction(repo: Repo, sessionId: string, now = Date.now()): string | undefined {
  const since = readState(repo).sessions[sessionId]?.compactingSince;
  return since && now - Date.parse(since) < MARK_MAX_AGE_MS ? since : undefined;
}

/**
 * Keeps the new summary of the compaction in progress (SubagentStop of the summarizer,
 * PostCompact), redacted: it is the agent's digest of the whole session, secrets included.
 */
export async function keepNewSummary(repo: Repo, sessionId: string, summary: string, now = new Date()): Promise<boolean> {
  if (!pendingCompaction(repo, sessionId, now.getTime())) return false;
  // Loaded here: the other hooks that read compaction state never pay for the redactor.
  const { redactSecrets } = await import('../manifest/redact.js');
  keepCompactSummary(repo, sessionId, (await redactSecrets(summary)).text);
  updateSessionState(repo, sessionId, { compactSummaryAt: now.toISOString() });
  return true;
}

/** What was given back: the mark is cleared, so it is given once. */
export function compactionFollowed(repo: Repo, sessionId: string): void {
  updateSessionState(repo, sessionId, { compactingSince: undefined, compactSummaryAt: undefined });
}

/**
 * What the agent kept at the compaction that began at `since`: the summary kept by a hook after
 * the mark, else the transcript's compaction written after it (its summary, without the agent's
 * wrapper, and what it carried over verbatim). Undefined when this compaction's summary is not
 * known yet: never a previous compaction's.
 */
export function newSummary(repo: Repo, sessionId: string, since: string, transcript?: string): string | undefined {
  const state = readState(repo).sessions[sessionId];
  if (state?.compactSummaryAt && Date.parse(state.compactSummaryAt) >= Date.parse(since)) {
    const kept = readCompactSummary(repo, sessionId);
    if (kept) return kept;
  }
  if (!transcript || !existsSync(transcript)) return undefined;
  try {
    const events = readTranscript(transcript).events;
    const c = events.findLast((e) => e.kind === 'compaction' && !e.sidechain);
    if (c?.kind !== 'compaction' || !c.at || Date.parse(c.at) + SLACK_MS < Date.parse(since)) return undefined;
    const text = [c.summary, c.kept].filter(Boolean).join('\n');
    return text || undefined;
  } catch (err) {
    logHook(repo, 'error', `reading the compaction of session ${sessionId}: ${(err as Error).message}`);
    return undefined;
  }
}
