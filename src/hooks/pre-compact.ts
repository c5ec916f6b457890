/**
 * PreCompact (Claude Code and Codex): saves the session before the agent's lossy compaction, marks
 * the compaction's start (see compaction.ts), and asks Claude Code's summary to keep the must-keep
 * items word for word: Claude Code appends a PreCompact hook's output to its summarization
 * instructions (checked with the real 2.1.332 in test/live).
 */
import { HOOK_DEADLINE_MS } from '../llm/settings.js';
import { renderKeepRequest } from '../resume/reinject.js';
import { saveSession } from '../session/index.js';
import { findRepo } from '../store/git.js';
import { logHook, logHookAt } from '../store/state.js';
import { locateTranscript } from '../transcript/index.js';
import { markCompaction } from './compaction.js';
import { field, print, type HookInput } from './input.js';
import { hookCwd, hookTranscript } from './payload.js';

export async function preCompact(input: HookInput, opts: { llm?: boolean; reason?: string } = {}): Promise<void> {
  const cwd = hookCwd(input);
  const reason = opts.reason ?? 'pre-compact';
  try {
    const repo = findRepo(cwd);
    if (!repo) return;
    const sessionId = field(input, 'session_id');
    if (sessionId) markCompaction(repo, sessionId);
    const transcript = hookTranscript(input, cwd, repo.root, (c, r) => locateTranscript(c, r).path);
    if (!transcript) return void logHook(repo, 'skip', `${reason}: no log for session ${sessionId ?? '(unnamed)'}`);
    // Killed at 60 s: the deterministic snapshot is stored first, the model gets at most 25 s.
    const r = await saveSession({ transcript, cwd, reason, quiet: true, llm: opts.llm, deadlineMs: HOOK_DEADLINE_MS });
    logHook(
      repo,
      'save',
      `${reason}: snapshot ${r.snapshot?.slice(0, 10)}${r.unchanged ? ' (unchanged)' : ''} (${r.bytes} bytes, ${r.pressure.level} ${r.pressure.percent}%, session ${r.sessionId})`,
    );
    for (const w of r.warnings) logHook(repo, 'error', `save (${reason}): ${w}`);
    if (r.manifest.session_metadata.agent === 'claude-code') {
      const keep = renderKeepRequest(r.manifest);
      if (keep) print(`${keep}\n`);
    }
  } catch (err) {
    logHookAt(cwd, 'error', `save (${reason}): ${(err as Error).message}`);
  }
}
