/**
 * SessionStart (Claude Code and Codex): the bootstrap prompt once per session, and after a
 * compaction only what the agent's summary dropped.
 */
import { nothingDropped, renderPrompt, renderReinjection, whatTheSummaryDropped, mustKeep, checkEnvironment } from '../resume/index.js';
import { loadLocalSnapshot, type LoadedSnapshot } from '../session/load.js';
import { resumeHints } from '../session/hints.js';
import { NoSnapshotError } from '../errors.js';
import { findRepo, type Repo } from '../store/git.js';
import { logHook, logHookAt, readState, updateSessionState } from '../store/state.js';
import { compactionFollowed, newSummary, pendingCompaction } from './compaction.js';
import { expandHome, field, print, type HookInput } from './input.js';
import { hookCwd, payloadAgent, trustedTranscript } from './payload.js';
import { otherAgentsRules } from '../resume/other-rules.js';

/** Snapshots older than this are not injected into a brand-new session (startup, clear). */
const FRESH_FOR_NEW_SESSION_MS = 24 * 60 * 60 * 1000;

/** The hook's answer, in the JSON form both agents read (`additionalContext`). */
export function printContext(event: 'SessionStart' | 'UserPromptSubmit', additionalContext: string): void {
  print(`${JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext } }, null, 2)}\n`);
}

/**
 * What a compaction of this session dropped, to give back now, or undefined when there is none
 * pending or nothing was dropped. Compared with this compaction's own summary; when that is not
 * known, the must-keep set (instructions, open tasks, unsettled failures), never the whole bootstrap.
 * Clears the pending mark either way: it is given once.
 */
export function reinjection(repo: Repo, sessionId: string, transcript: string | undefined, cwd: string, event: string): string | undefined {
  const since = pendingCompaction(repo, sessionId);
  if (!since) return undefined;
  const loaded = loadLocalSnapshot({ sessionId, repo });
  const summary = loaded ? newSummary(repo, sessionId, since, transcript) : undefined;
  compactionFollowed(repo, sessionId);
  if (!loaded) return undefined;
  const dropped = summary === undefined ? mustKeep(loaded.manifest) : whatTheSummaryDropped(loaded.manifest, summary);
  const snap = loaded.snapshot.commit.slice(0, 10);
  if (nothingDropped(dropped)) {
    logHook(repo, 'ok', `${event}: the compaction summary kept everything of snapshot ${snap} (session ${sessionId})`);
    return undefined;
  }
  logHook(
    repo,
    'ok',
    `${event}: gave back ${summary === undefined ? 'the must-keep set (the new summary was not readable)' : 'what the compaction summary dropped'}: ${dropped.tasks.length} task(s), ${dropped.instructions.length} instruction(s), ${dropped.blockers.length} blocker(s) from snapshot ${snap} (session ${sessionId})`,
  );
  return renderReinjection(dropped, loaded.snapshot, summary !== undefined);
}

/**
 * The bootstrap for a session that has none yet: the newest snapshot saved in this clone (this
 * branch first) when it is less than a day old. A session that was given one, or that saved its
 * own, is never given one again (a `--resume` of it already holds it).
 */
async function bootstrap(repo: Repo, sessionId: string | undefined, cwd: string, source: string, agent?: string): Promise<string | undefined> {
  const state = sessionId ? readState(repo).sessions[sessionId] : undefined;
  if (state?.bootstrappedWith || (source === 'resume' && state?.lastSnapshotCommit)) return undefined;
  let loaded: LoadedSnapshot | undefined;
  try {
    loaded = loadLocalSnapshot({ repo });
  } catch (err) {
    if (err instanceof NoSnapshotError) return undefined;
    throw err;
  }
  if (!loaded || loaded.snapshot.sessionId === sessionId) return undefined;
  if (Date.now() - Date.parse(loaded.snapshot.date) > FRESH_FOR_NEW_SESSION_MS) return undefined;
  const env = checkEnvironment(loaded.repo, loaded.store, loaded.manifest);
  const text = renderPrompt(loaded.manifest, env, loaded.snapshot, {
    ...(await resumeHints(loaded.repo, loaded.store, loaded.manifest, { hook: true, snapshot: loaded.snapshot, agent, cwd })),
    otherRules: otherAgentsRules(loaded.repo.root, loaded.manifest.session_metadata.agent, agent),
  });
  // Lineage: this session continues the one whose snapshot it was given.
  if (sessionId)
    updateSessionState(repo, sessionId, {
      resumedFrom: loaded.snapshot.sessionId,
      resumedFromSnapshot: loaded.snapshot.commit,
      resumedAt: new Date().toISOString(),
      bootstrappedWith: loaded.snapshot.commit,
    });
  logHook(repo, 'ok', `SessionStart:${source} injected snapshot ${loaded.snapshot.commit.slice(0, 10)}${sessionId ? ` into session ${sessionId}` : ''}`);
  return text;
}

/**
 * SessionStart: `compact` gives back what the compaction dropped; `startup` and `clear` (and a
 * `resume` of a session git-session never saw) get the bootstrap once; a `resume` of a session
 * that has it and a `fork` (which holds its parent's conversation) get nothing. Prints nothing
 * when there is nothing to say; never fails the agent.
 */
export async function sessionStart(input: HookInput): Promise<void> {
  const cwd = hookCwd(input);
  const source = field(input, 'source') ?? 'startup';
  try {
    const repo = findRepo(cwd);
    if (!repo) return;
    const sessionId = field(input, 'session_id');
    if (source === 'fork') return;
    if (source === 'compact') {
      const given = expandHome(field(input, 'transcript_path'));
      const text = sessionId ? reinjection(repo, sessionId, given && trustedTranscript(given, repo.root), cwd, 'SessionStart:compact') : undefined;
      if (text) printContext('SessionStart', text);
      return;
    }
    const text = await bootstrap(repo, sessionId, cwd, source, payloadAgent(input));
    if (text) printContext('SessionStart', text);
  } catch (err) {
    logHookAt(cwd, 'error', `SessionStart (${source}): ${(err as Error).message}`);
  }
}
