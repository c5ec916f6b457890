import { childProcess } from '../builtins.js';
import { measurePressure, measureSession, recordStatusline, type Pressure } from '../monitor/index.js';
import { findRepo } from '../store/git.js';
import { readConfig } from '../store/config.js';
import { contextTokensOf } from '../transcript/index.js';
import { badCounts, isCount, num } from '../log/json.js';
import { expandHome, field, print, readHookInput, type HookInput } from './input.js';
import { trustedDir, trustedTranscript } from './payload.js';

/**
 * Claude Code's statusline command: prints a compact pressure line and caches the agent's own
 * figures (used tokens, window size) so that status and the hooks use them while they are fresh.
 * Wraps an existing statusline command named in `git config agentflow.statusline.wrap`.
 */
export async function statusline(): Promise<void> {
  const input = await readHookInput();
  const cwd = trustedDir(field((input.workspace as HookInput) ?? {}, 'current_dir') ?? field(input, 'cwd'));
  // Runs after every message: one git call for the config, no transcript read when the agent gave figures.
  const repo = findRepo(cwd);
  const config = readConfig(repo);
  const cw = (input.context_window ?? {}) as HookInput;
  const given = expandHome(field(input, 'transcript_path'));
  const transcript = given && trustedTranscript(given, repo?.root ?? cwd);
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
      p = (await measureSession(transcript, { estimateOnly: true, ignoreStatusline: true, configLimit: config.contextLimit, threshold: config.threshold }))
        .pressure;
    } catch {
      /* no transcript yet */
    }
  }
  const ours = p ? `ctx ${p.percent}% ${p.level}` : 'ctx —';
  const wrap = config.statuslineWrap;
  let theirs = '';
  if (wrap) {
    const r = childProcess().spawnSync('sh', ['-c', wrap], { input: JSON.stringify(input), encoding: 'utf8', timeout: 3000, cwd });
    theirs = (r.stdout ?? '').split('\n')[0] ?? '';
  }
  print(`${theirs ? `${theirs} │ ` : ''}${ours}\n`);
}
