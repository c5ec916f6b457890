/**
 * UserPromptSubmit (Claude Code and Codex): gives back what a compaction dropped when no
 * SessionStart(compact) did (Codex's /compact fires none), and tells the agent once per level
 * when its context is CRITICAL, or EMERGENCY (with a handoff snapshot).
 */
import { existsSync } from 'node:fs';
import { measureSession } from '../monitor/index.js';
import { readConfig } from '../store/config.js';
import { findRepo } from '../store/git.js';
import { logHook, readState, updateSessionState } from '../store/state.js';
import { locateTranscript } from '../transcript/index.js';
import { pendingCompaction } from './compaction.js';
import { field, print, type HookInput } from './input.js';
import { hookCwd, hookTranscript } from './payload.js';

const RANK = ['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY'];

export async function promptSubmit(input: HookInput): Promise<void> {
  const cwd = hookCwd(input);
  const repo = findRepo(cwd);
  if (!repo) return;
  const sessionId = field(input, 'session_id');
  const transcript = hookTranscript(input, cwd, repo.root, (c, r) => locateTranscript(c, r).path);
  const out: string[] = [];
  if (sessionId && pendingCompaction(repo, sessionId)) {
    const { reinjection } = await import('./session-start.js');
    const text = reinjection(repo, sessionId, transcript, cwd, 'UserPromptSubmit');
    if (text) out.push(text);
  }
  // The first prompt of a session comes before its log exists: nothing to measure yet.
  if (transcript && existsSync(transcript)) {
    const config = readConfig(repo);
    const { pressure: p, reading } = await measureSession(transcript, { estimateOnly: true, configLimit: config.contextLimit, threshold: config.threshold });
    const id = sessionId ?? reading.sessionId;
    const warned = id ? readState(repo).sessions[id]?.warnedLevel : undefined;
    const rank = RANK.indexOf(p.level);
    // Said once per level a session reaches, not on every prompt; and not when the agent is about
    // to compact before answering this prompt (its PreCompact hook saves, and what it drops comes back).
    if (id && rank >= 2 && rank > RANK.indexOf(warned ?? 'NORMAL') && p.untilAutoCompact !== 0) {
      updateSessionState(repo, id, { warnedLevel: p.level });
      if (p.level === 'EMERGENCY') {
        // Handoff at the limit: save now and name the snapshot, so the user can start a fresh
        // session that resumes from it instead of letting the agent compact lossily.
        const { saveSession } = await import('../session/index.js');
        const r = await saveSession({ transcript, cwd, reason: 'handoff', quiet: true, llm: false });
        out.push(
          `[git-session] Context window at ${p.percent}% (EMERGENCY). Snapshot ${r.snapshot?.slice(0, 10)} of this session is saved. For a clean handoff instead of a lossy compaction, tell the user: start a fresh session (/clear or a new window) and git-session resumes it from that snapshot.`,
        );
        logHook(repo, 'ok', `prompt-submit saved handoff snapshot ${r.snapshot?.slice(0, 10)} at ${p.percent}% (session ${id})`);
      } else {
        out.push(
          `[git-session] Context window at ${p.percent}% (${p.level}). Keep the todo list current; a recovery snapshot is saved before compaction and can be restored with \`git session resume\`.`,
        );
        logHook(repo, 'ok', `prompt-submit warned at ${p.level} ${p.percent}% (session ${id})`);
      }
    }
  }
  if (out.length) print(`${JSON.stringify({ hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: out.join('\n\n') } }, null, 2)}\n`);
}
