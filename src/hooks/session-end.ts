/**
 * SessionEnd (Claude Code: 1.5 s; Codex: at most 3 s): the session's last snapshot, saved in the
 * background so the agent exits at once. A save that finds nothing changed stores nothing.
 */
import { findRepo } from '../store/git.js';
import { logHook, logHookAt, readState, updateSessionState } from '../store/state.js';
import { checkReadable, locateTranscript } from '../transcript/index.js';
import { field, type HookInput } from './input.js';
import { hookCwd, hookTranscript } from './payload.js';
import { detachedSave } from './post-commit.js';

export async function sessionEnd(input: HookInput): Promise<void> {
  const cwd = hookCwd(input);
  try {
    const repo = findRepo(cwd);
    if (!repo) return;
    const transcript = hookTranscript(input, cwd, repo.root, (c, r) => locateTranscript(c, r).path);
    if (!transcript) return void logHook(repo, 'skip', `session-end: no log for session ${field(input, 'session_id') ?? '(unnamed)'}`);
    const bytes = checkReadable(transcript);
    const sessionId = field(input, 'session_id');
    // The turn's Stop hook already started a save of exactly this log: not a second one.
    if (sessionId && readState(repo).sessions[sessionId]?.lastBytes === bytes)
      return void logHook(repo, 'skip', `session-end: session ${sessionId} is saved as it is`);
    if (sessionId) updateSessionState(repo, sessionId, { lastBytes: bytes });
    detachedSave(repo, transcript, 'session-end');
    logHook(
      repo,
      'save',
      `session-end (${field(input, 'reason') ?? 'no reason given'}): saving in the background (session ${field(input, 'session_id') ?? transcript})`,
    );
  } catch (err) {
    logHookAt(cwd, 'error', `session-end: ${(err as Error).message}`);
  }
}
