/**
 * Stop (Claude Code and Codex, at the end of every turn): saves ahead, in the background, when the
 * pressure level rose since the session's last snapshot, when the work changed materially (a todo
 * or plan update, a commit) or when the session has no snapshot yet. Saves follow the work, not
 * only the level, so finished work is never handed on as open.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { adapterFor } from '../agents/index.js';
import { measureSession } from '../monitor/index.js';
import { saveAheadDue } from '../monitor/save-ahead.js';
import { readConfig } from '../store/config.js';
import { findRepo } from '../store/git.js';
import { logHook, readState, updateSessionState } from '../store/state.js';
import { locateTranscript, type AgentKind } from '../transcript/index.js';
import { field, type HookInput } from './input.js';
import { hookCwd, hookTranscript } from './payload.js';
import { detachedSave } from './post-commit.js';

/** How much of what was appended since the last snapshot is searched for a change of the work. */
const SEARCH_MAX_BYTES = 8 << 20;

/** True when the log's bytes after `from` hold one of the agent's marks of a material change of the work. */
export function workChangedSince(path: string, agent: AgentKind, from: number, size: number): boolean {
  const needles = adapterFor(agent)?.workNeedles ?? [];
  if (!needles.length || size <= from) return false;
  const start = Math.max(from, size - SEARCH_MAX_BYTES);
  const buf = Buffer.allocUnsafe(size - start);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return needles.some((n) => buf.includes(n));
}

export async function stop(input: HookInput): Promise<void> {
  const cwd = hookCwd(input);
  const repo = findRepo(cwd);
  if (!repo) return;
  const transcript = hookTranscript(input, cwd, repo.root, (c, r) => locateTranscript(c, r).path);
  if (!transcript || !existsSync(transcript)) return;
  const config = readConfig(repo);
  const { pressure: p, reading } = await measureSession(transcript, { estimateOnly: true, configLimit: config.contextLimit, threshold: config.threshold });
  const sessionId = field(input, 'session_id') ?? reading.sessionId;
  if (!sessionId) return;
  const bytes = statSync(transcript).size;
  const state = readState(repo).sessions[sessionId];
  const why = saveAheadDue(p.level, bytes, state)
    ? `level ${p.level}`
    : !state?.lastSnapshot
      ? 'first snapshot'
      : workChangedSince(transcript, reading.agent, state.lastBytes ?? 0, bytes)
        ? 'work changed'
        : undefined;
  if (!why) return;
  // Recorded before the save starts, so the next turn does not start a second one.
  updateSessionState(repo, sessionId, { lastLevel: p.level, lastBytes: bytes, lastSnapshot: state?.lastSnapshot ?? new Date().toISOString() });
  detachedSave(repo, transcript, `stop-ahead ${p.level}`);
  logHook(repo, 'save', `stop: ${why} (${p.level} ${p.percent}%), saving in the background (session ${sessionId})`);
}
