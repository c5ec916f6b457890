import { spawnSync } from 'node:child_process';
import { measurePressure, measureSession, recordStatusline, type Pressure } from '../monitor/index.js';
import { findRepo } from '../store/git.js';
import { readConfig } from '../store/config.js';
import { keepCompactSummary, logHook, readState, updateSessionState } from '../store/state.js';
import { saveAheadDue } from '../monitor/save-ahead.js';

export { saveAheadDue } from '../monitor/save-ahead.js';
import { detachedSave } from './post-commit.js';
import { statSync } from 'node:fs';
import { contextTokensOf, locateTranscript } from '../transcript/index.js';
import { expandHome, field, readHookInput, type HookInput } from './input.js';
import { badCounts, isCount, num } from '../log/json.js';

/**
 * What a hook tells the agent. An agent that stopped reading (EPIPE) is not the hook's failure:
 * bin/git-session installs no stream handlers for hooks (building stdout costs every commit), so
 * the hooks that print install this one.
 */
function print(text: string): void {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  process.stdout.write(text);
}

/** The transcript a hook is about: the payload's transcript_path, else this project's newest. */
function transcriptOf(input: HookInput, cwd: string, root: string): string | undefined {
  const given = expandHome(field(input, 'transcript_path'));
  if (given) return given;
  try {
    return locateTranscript(cwd, root).path;
  } catch {
    return undefined;
  }
}

/**
 * UserPromptSubmit: at CRITICAL or EMERGENCY, adds one line to the agent's context (plain stdout
 * is injected for this event) so it can wrap up or save before the window degrades.
 */
export async function promptSubmit(): Promise<void> {
  const input = await readHookInput();
  const cwd = field(input, 'cwd') ?? process.cwd();
  const repo = findRepo(cwd);
  const transcript = transcriptOf(input, cwd, repo?.root ?? cwd);
  if (!transcript) return;
  const config = readConfig(repo);
  const { pressure: p } = await measureSession(transcript, { estimateOnly: true, configLimit: config.contextLimit, threshold: config.threshold });
  if (p.level === 'EMERGENCY' && repo) {
    // Handoff at the limit: save now and name the snapshot, so the user can start a fresh
    // session that resumes from it instead of letting the agent compact lossily.
    const { saveSession } = await import('../session/index.js');
    const r = await saveSession({ transcript, cwd, reason: 'handoff', quiet: true, llm: false });
    print(
      `[git-session] Context window at ${p.percent}% (EMERGENCY). Snapshot ${r.snapshot?.slice(0, 10)} of this session is saved. For a clean handoff instead of a lossy compaction, tell the user: start a fresh session (/clear or a new window) and git-session resumes it from that snapshot.\n`,
    );
    logHook(repo, 'ok', `prompt-submit saved handoff snapshot ${r.snapshot?.slice(0, 10)} at ${p.percent}%`);
  } else if (p.level === 'CRITICAL' || p.level === 'EMERGENCY') {
    print(
      `[git-session] Context window at ${p.percent}% (${p.level}). Keep the todo list current; a recovery snapshot is saved before compaction and can be restored with \`git session resume\`.\n`,
    );
    if (repo) logHook(repo, 'ok', `prompt-submit warned at ${p.level} ${p.percent}%`);
  }
}

/** PostCompact (Claude Code ≥ 2.1.76): keeps the agent's compaction summary for the SessionStart re-injection. */
export async function postCompact(): Promise<void> {
  const input = await readHookInput();
  const cwd = field(input, 'cwd') ?? process.cwd();
  const repo = findRepo(cwd);
  const sessionId = field(input, 'session_id');
  const summary = field(input, 'compact_summary');
  if (!repo || !sessionId || !summary) return;
  keepCompactSummary(repo, sessionId, summary);
  logHook(repo, 'ok', `post-compact kept the summary of session ${sessionId.slice(0, 8)} (${summary.length} characters)`);
}

export async function stop(): Promise<void> {
  const input = await readHookInput();
  const cwd = field(input, 'cwd') ?? process.cwd();
  const repo = findRepo(cwd);
  if (!repo) return;
  const transcript = transcriptOf(input, cwd, repo.root);
  if (!transcript) return;
  const config = readConfig(repo);
  const { pressure: p, reading } = await measureSession(transcript, { estimateOnly: true, configLimit: config.contextLimit, threshold: config.threshold });
  const sessionId = field(input, 'session_id') ?? reading.sessionId;
  if (!sessionId) return;
  const bytes = statSync(transcript).size;
  const state = readState(repo).sessions[sessionId];
  if (!saveAheadDue(p.level, bytes, state)) return;
  // Recorded before the save starts, so the next turn does not start a second one.
  updateSessionState(repo, sessionId, { lastLevel: p.level, lastBytes: bytes, lastSnapshot: state?.lastSnapshot ?? new Date().toISOString() });
  detachedSave(repo, transcript, `stop-ahead ${p.level}`);
  logHook(repo, 'save', `stop: ${p.level} ${p.percent}% (last snapshot at ${state?.lastLevel ?? 'none'}), saving ahead in the background (session ${sessionId.slice(0, 8)})`);
}

/**
 * Claude Code's statusline command: prints a compact pressure line and caches the agent's own
 * figures (used tokens, window size) so that status and the hooks use them while they are fresh.
 * Wraps an existing statusline command named in `git config agentflow.statusline.wrap`.
 */
export async function statusline(): Promise<void> {
  const input = await readHookInput();
  const cwd = field((input.workspace as HookInput) ?? {}, 'current_dir') ?? field(input, 'cwd') ?? process.cwd();
  // Runs after every message: one git call for the config, no transcript read when the agent gave figures.
  const config = readConfig(findRepo(cwd));
  const cw = (input.context_window ?? {}) as HookInput;
  const transcript = expandHome(field(input, 'transcript_path'));
  const model = (input.model ?? {}) as HookInput;
  const tokens = contextTokensOf((cw.current_usage ?? {}) as HookInput);
  const window = num(cw.context_window_size);
  // Figures that are not counts are not cached: the transcript is read instead.
  const sane = !badCounts(cw.current_usage) && isCount(cw.context_window_size);
  let p: Pressure | undefined;
  if (transcript && sane && tokens > 0 && window > 0) {
    recordStatusline(transcript, { tokens, window, model: field(model, 'id'), sessionId: field(input, 'session_id'), at: Date.now() });
    p = measurePressure(tokens, window, config.threshold);
  } else if (transcript) {
    try {
      p = (await measureSession(transcript, { estimateOnly: true, ignoreStatusline: true, configLimit: config.contextLimit, threshold: config.threshold })).pressure;
    } catch {
      /* no transcript yet */
    }
  }
  const ours = p ? `ctx ${p.percent}% ${p.level}` : 'ctx —';
  const wrap = config.statuslineWrap;
  let theirs = '';
  if (wrap) {
    const r = spawnSync('sh', ['-c', wrap], { input: JSON.stringify(input), encoding: 'utf8', timeout: 3000, cwd });
    theirs = (r.stdout ?? '').split('\n')[0] ?? '';
  }
  print(`${theirs ? `${theirs} │ ` : ''}${ours}\n`);
}
