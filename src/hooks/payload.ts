/**
 * What a hook takes from its payload: the folder and the transcript, each only when it belongs to
 * the repository the hook runs in (kept apart from input.ts so that the post-commit hook, which
 * has no payload, loads none of this).
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ADAPTERS } from '../agents/index.js';
import { findRepo } from '../store/git.js';
import { logHookAt } from '../store/state.js';
import { detectAgent } from '../transcript/read.js';
import { expandHome, field, type HookInput } from './input.js';

const within = (path: string, dir: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The folder a hook is about: the payload's `cwd` when it belongs to where the agent ran the hook
 * (that folder, or the repository around it), else the hook's own folder. A payload cannot send
 * a save into another repository.
 */
export function hookCwd(input: HookInput, here = process.cwd()): string {
  return trustedDir(field(input, 'cwd'), here);
}

/** A folder named by a payload (see hookCwd), or `here` when it does not belong there. */
export function trustedDir(given: string | undefined, here = process.cwd()): string {
  if (!given || given === here) return here;
  const path = resolve(here, given);
  if (within(path, here)) return path;
  const repo = findRepo(here);
  if (repo && within(path, repo.root)) return path;
  logHookAt(here, 'skip', `payload cwd ${JSON.stringify(given.slice(0, 200))} is outside ${repo ? repo.root : here}: ignored`);
  return here;
}

const realOrSelf = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/**
 * Why a transcript path named by a payload (a hook's, an MCP call's) cannot be trusted, or
 * undefined when it can: a regular file inside the repository or inside an agent's own transcript
 * folders (~/.claude/projects, ~/.codex/sessions, or where their environment variables put them),
 * holding a Claude Code or Codex transcript. /etc/passwd, a FIFO or another project's file is refused.
 */
export function transcriptRefusal(path: string, root: string, env = process.env): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
    if (!statSync(real).isFile()) return 'is not a regular file';
  } catch {
    return 'does not exist';
  }
  const folders = [root, ...ADAPTERS.flatMap((a) => a.logRoots(env))].map(realOrSelf);
  if (!folders.some((f) => within(real, f))) return "is outside the repository and the agents' transcript folders";
  try {
    if (detectAgent(real) === 'plain') return 'is not a Claude Code or Codex transcript';
  } catch (err) {
    return `cannot be read (${(err as Error).message})`;
  }
  return undefined;
}

/** A hook payload's transcript_path when transcriptRefusal accepts it; a refusal goes to the hook log. */
export function trustedTranscript(given: string, root: string, env = process.env): string | undefined {
  const path = resolve(root, given);
  const why = transcriptRefusal(path, root, env);
  if (!why) return path;
  logHookAt(root, 'skip', `payload transcript_path ${JSON.stringify(given.slice(0, 200))} ${why}: ignored`);
  return undefined;
}

/**
 * The log a hook is about: the payload's transcript_path (when trustedTranscript accepts it);
 * else (an agent that sends none) this project's newest log, but only when it is the payload's
 * session. A payload that says `transcript_path: null` has no log (Codex `--ephemeral`): another
 * session's log is never used.
 */
export function hookTranscript(input: HookInput, cwd: string, root: string, locate: (cwd: string, root: string) => string): string | undefined {
  const given = expandHome(field(input, 'transcript_path'));
  if (given) return trustedTranscript(given, root);
  if ('transcript_path' in input) return undefined;
  try {
    const found = locate(cwd, root);
    const sessionId = field(input, 'session_id');
    return !sessionId || found.includes(sessionId) ? found : undefined;
  } catch {
    return undefined;
  }
}

/** The agent a payload comes from, by the log it names: Codex's rollout (`…/rollout-….jsonl`), Claude Code's project log (`…/projects/<folder>/<id>.jsonl`); else by its model. */
export function payloadAgent(input: HookInput): 'claude-code' | 'codex' | undefined {
  const path = field(input, 'transcript_path') ?? '';
  if (/(?:^|[\\/])rollout-[^\\/]*\.jsonl(?:\.zst)?$/.test(path)) return 'codex';
  if (/[\\/]projects[\\/][^\\/]+[\\/][^\\/]+\.jsonl$/.test(path)) return 'claude-code';
  // No log (Codex's --ephemeral passes none): by the model the payload names.
  const model = field(input, 'model') ?? '';
  return /^claude-/.test(model) ? 'claude-code' : /^(?:gpt-|o\d|codex-)/.test(model) ? 'codex' : undefined;
}
