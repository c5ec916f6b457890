import { checkEnvironment, renderPrompt, renderSummary } from '../../resume/index.js';
import { color, printJson } from '../output.js';
import { loadSnapshot, type LoadedSnapshot } from '../snapshot.js';
import { field, readHookInput } from '../../hooks/input.js';
import { logHook, logHookAt } from '../../store/index.js';
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
    let loaded: LoadedSnapshot | undefined;
    if (sessionId && (source === 'compact' || source === 'resume')) {
      try {
        loaded = loadSnapshot({ sessionId, cwd });
      } catch (err) {
        if (!(err instanceof NoSnapshotError)) throw err;
      }
    }
    if (!loaded) {
      loaded = loadSnapshot({ cwd });
      if (Date.now() - Date.parse(loaded.snapshot.date) > FRESH_FOR_NEW_SESSION_MS && source !== 'compact') return 0;
    }
    const env = checkEnvironment(loaded.repo, loaded.store, loaded.manifest);
    const additionalContext = renderPrompt(loaded.manifest, env, loaded.snapshot);
    printJson({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext } });
    logHook(loaded.repo, 'ok', `SessionStart:${source} injected snapshot ${loaded.snapshot.commit.slice(0, 10)}`);
  } catch (err) {
    if (!(err instanceof NoSnapshotError)) logHookAt(cwd, 'error', `resume --hook (${source}): ${(err as Error).message}`);
  }
  return 0;
}

export async function run(opts: ResumeOptions): Promise<number> {
  if (opts.hook) return runAsHook(opts);
  const { repo, store, snapshot, manifest } = loadSnapshot({ sessionId: opts.session });
  const env = checkEnvironment(repo, store, manifest);
  const prompt = renderPrompt(manifest, env, snapshot);
  if (opts.json) {
    printJson({ snapshot: snapshot.commit, date: snapshot.date, session_id: snapshot.sessionId, environment: env, manifest, prompt });
  } else if (opts.prompt) {
    process.stdout.write(`${prompt}\n`);
  } else {
    process.stdout.write(`${renderSummary(manifest, env, snapshot)}\n\n${color.dim('Bootstrap prompt (also: git session resume --prompt):')}\n${prompt}\n`);
  }
  return 0;
}
