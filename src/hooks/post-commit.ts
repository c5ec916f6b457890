import { childProcess } from '../builtins.js';
import { closeSync } from 'node:fs';
import { cliPath } from '../paths.js';
import { measureSession } from '../monitor/index.js';
// Straight from the modules, not store/index: a commit must not load the snapshot code.
import { openRepoAtHead, type Repo } from '../store/git.js';
import { readConfig } from '../store/config.js';
import { LOG_MAX_BYTES, logHook, readState, updateSessionState, type SessionState } from '../store/state.js';
import { openPrivateLog } from '../store/private-fs.js';
import { locateTranscript } from '../transcript/index.js';
import { GitWriter, noteBlock, writeNote } from '../store/write.js';

export interface PostCommitOutcome {
  action: 'saved' | 'noted' | 'skipped';
  reason: string;
}

/** Starts `git-session save` detached so the commit returns first; its errors go to the hook log. */
export function detachedSave(repo: Repo, transcript: string, reason: string): void {
  // Errors go to the hook log; nowhere when it is not a regular file (never through a symlink).
  const log = openPrivateLog(repo, 'hook.log', LOG_MAX_BYTES);
  try {
    const child = childProcess().spawn(process.execPath, [cliPath(), 'save', '--quiet', '--reason', reason, '--transcript', transcript], {
      cwd: repo.root,
      detached: true,
      stdio: ['ignore', 'ignore', log ?? 'ignore'],
      env: { ...process.env, GIT_SESSION_DETACHED: '1' },
    });
    child.unref();
  } finally {
    if (log !== undefined) closeSync(log);
  }
}

/** Above the threshold, save again only when pressure grew 5 points or 10 minutes passed: not on every commit. */
export function thresholdDue(shouldPrepare: boolean, percent: number, state: SessionState | undefined, elapsedSeconds: number): boolean {
  if (!shouldPrepare) return false;
  if (!state?.lastSnapshot || state.lastPercent === undefined) return true;
  return percent >= state.lastPercent + 5 || elapsedSeconds >= 600;
}

/**
 * The post-commit hook's whole job, kept lean (no zod, no tokenizer, no commander): measure the
 * session's pressure from the tail of its log, note the new commit, and start a detached save
 * when the threshold or the time trigger says so.
 */
export async function postCommit(cwd = process.cwd(), now = new Date()): Promise<PostCommitOutcome> {
  const { repo, head } = openRepoAtHead(cwd);
  const config = readConfig(repo);
  for (const p of config.problems) logHook(repo, 'error', `${p.message} Using the default.`);
  let found;
  try {
    found = locateTranscript(cwd, repo.root);
  } catch {
    logHook(repo, 'skip', 'no agent transcript for this repository');
    return { action: 'skipped', reason: 'no transcript' };
  }
  const { reading, pressure: p } = await measureSession(found.path, {
    agent: found.agent,
    estimateOnly: true,
    configLimit: config.contextLimit,
    threshold: config.threshold,
  });
  const sessionId = reading.sessionId ?? found.path;

  try {
    // The store's note: retried when another commit holds the notes lock, fallback identity.
    writeNote(new GitWriter(repo), head, noteBlock({ sessionId, level: p.level, percent: p.percent }), { fresh: true });
  } catch (err) {
    logHook(repo, 'error', (err as Error).message);
  }

  const state = readState(repo).sessions[sessionId];
  const last = state?.lastSnapshot ?? state?.firstSeen;
  if (!last) updateSessionState(repo, sessionId, { firstSeen: now.toISOString() });
  const elapsed = last ? (now.getTime() - Date.parse(last)) / 1000 : 0;
  const reason = thresholdDue(p.shouldPrepare, p.percent, state, elapsed) ? 'threshold' : elapsed >= config.intervalSeconds ? 'interval' : undefined;
  if (!reason) {
    logHook(repo, 'ok', `noted ${head.slice(0, 10)}: ${p.level} ${p.percent}% (session ${sessionId})`);
    return { action: 'noted', reason: `${p.percent}% below threshold` };
  }
  // Recorded before the save starts so that a burst of commits starts one save, not one each.
  updateSessionState(repo, sessionId, { lastSnapshot: now.toISOString(), lastPercent: p.percent });
  detachedSave(repo, found.path, reason);
  logHook(repo, 'save', `${reason}: ${p.level} ${p.percent}% on ${head.slice(0, 10)}, saving in the background (session ${sessionId})`);
  return { action: 'saved', reason };
}
