import { checkEnvironment, nothingDropped, renderPrompt, renderReinjection, renderSummary, whatTheSummaryDropped } from '../../resume/index.js';
import { readTranscript } from '../../transcript/index.js';
import { resumeBriefing } from '../../session/briefing.js';
import { resumeHints } from '../../session/hints.js';
import { color, printJson } from '../output.js';
import { loadLocalSnapshot, type LoadedSnapshot } from '../snapshot.js';
import { expandHome, field, readHookInput, type HookInput } from '../../hooks/input.js';
import { logHook, logHookAt, readCompactSummary, updateSessionState } from '../../store/index.js';
import { NoSnapshotError } from '../../errors.js';

export interface ResumeOptions {
  hook?: boolean;
  session?: string;
  json?: boolean;
  prompt?: boolean;
}

/** Snapshots older than this are not injected into a brand-new session (startup, clear). */
const FRESH_FOR_NEW_SESSION_MS = 24 * 60 * 60 * 1000;

/**
 * `resume --hook`: Claude Code's SessionStart hook. Prints the bootstrap prompt as
 * hookSpecificOutput.additionalContext, or nothing at all when there is nothing to resume;
 * never fails the agent.
 */
async function runAsHook(opts: ResumeOptions): Promise<number> {
  const input = await readHookInput();
  const cwd = field(input, 'cwd') ?? process.cwd();
  const source = field(input, 'source') ?? 'startup';
  try {
    const sessionId = opts.session ?? field(input, 'session_id');
    // Only snapshots saved in this clone are injected unasked: a fetched one is shown by
    // `git session resume -s`, never put into an agent's context by a hook.
    let loaded: LoadedSnapshot | undefined;
    if (sessionId && (source === 'compact' || source === 'resume')) loaded = loadLocalSnapshot({ sessionId, cwd });
    if (!loaded) {
      loaded = loadLocalSnapshot({ cwd });
      if (!loaded) return 0;
      if (Date.now() - Date.parse(loaded.snapshot.date) > FRESH_FOR_NEW_SESSION_MS && source !== 'compact') return 0;
    }
    // After the agent's own compaction: only what its summary dropped, not the whole bootstrap again.
    const summary = source === 'compact' ? compactionSummary(input, loaded) : undefined;
    if (summary !== undefined) {
      const dropped = whatTheSummaryDropped(loaded.manifest, summary);
      if (nothingDropped(dropped)) {
        logHook(loaded.repo, 'ok', `SessionStart:compact: the summary kept everything of snapshot ${loaded.snapshot.commit.slice(0, 10)}`);
        return 0;
      }
      printJson({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: renderReinjection(dropped, loaded.snapshot) } });
      logHook(loaded.repo, 'ok', `SessionStart:compact re-injected what the summary dropped (${dropped.tasks.length} task(s), ${dropped.instructions.length} instruction(s), ${dropped.blockers.length} blocker(s))`);
      return 0;
    }
    const env = checkEnvironment(loaded.repo, loaded.store, loaded.manifest);
    const additionalContext = renderPrompt(loaded.manifest, env, loaded.snapshot, await resumeHints(loaded.repo, loaded.store, loaded.manifest, { hook: true }));
    printJson({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext } });
    // Lineage: this new session continues the one whose snapshot it was given.
    if (sessionId && sessionId !== loaded.snapshot.sessionId) {
      updateSessionState(loaded.repo, sessionId, { resumedFrom: loaded.snapshot.sessionId, resumedFromSnapshot: loaded.snapshot.commit, resumedAt: new Date().toISOString() });
    }
    logHook(loaded.repo, 'ok', `SessionStart:${source} injected snapshot ${loaded.snapshot.commit.slice(0, 10)}${sessionId && sessionId !== loaded.snapshot.sessionId ? ` into session ${sessionId.slice(0, 8)}` : ''}`);
  } catch (err) {
    if (!(err instanceof NoSnapshotError)) logHookAt(cwd, 'error', `resume --hook (${source}): ${(err as Error).message}`);
  }
  return 0;
}

/**
 * The agent's own compaction summary: the last one in the transcript (Claude Code's
 * isCompactSummary line, Codex's `compacted`), else the one the PostCompact hook kept.
 */
function compactionSummary(input: HookInput, loaded: LoadedSnapshot): string | undefined {
  const path = expandHome(field(input, 'transcript_path'));
  if (path) {
    try {
      const events = readTranscript(path).events;
      const c = events.findLast((e) => e.kind === 'compaction' && !e.sidechain && e.summary);
      if (c?.kind === 'compaction' && c.summary) return c.summary;
    } catch {
      /* fall back to the kept summary */
    }
  }
  const sessionId = field(input, 'session_id');
  return sessionId ? readCompactSummary(loaded.repo, sessionId) : undefined;
}

export async function run(opts: ResumeOptions): Promise<number> {
  if (opts.hook) return runAsHook(opts);
  const { store, snapshot, manifest, local, environment: env, hints, prompt } = await resumeBriefing({ sessionId: opts.session });
  const label = { ...snapshot, fetched: !local };
  // A newer snapshot fetched from elsewhere is named, never chosen for the user.
  const newest = opts.session ? undefined : store.newestPerSession()[0];
  const newer = newest && newest.commit !== snapshot.commit && local ? newest : undefined;
  if (opts.json) {
    printJson({ snapshot: snapshot.commit, date: snapshot.date, session_id: snapshot.sessionId, local, saved_by: snapshot.savedBy ?? null, environment: env, manifest, related_work: hints.earlierWork, related_files: hints.relatedFiles, prompt });
  } else if (opts.prompt) {
    process.stdout.write(`${prompt}\n`);
  } else {
    const hint = newer ? `\n${color.dim(`A newer snapshot was fetched from another clone (session ${newer.sessionId.slice(0, 12)}, saved by ${newer.savedBy ?? 'an unknown author'}): git session resume -s ${newer.sessionId.slice(0, 12)}`)}` : '';
    process.stdout.write(`${renderSummary(manifest, env, label)}${hint}\n\n${color.dim('Bootstrap prompt (also: git session resume --prompt):')}\n${prompt}\n`);
  }
  return 0;
}
