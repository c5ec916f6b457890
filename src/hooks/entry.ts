import { logHookAt } from '../store/state.js';
import { postCommit } from './post-commit.js';
import { promptSubmit } from './prompt-submit.js';
import { readHookInput, type HookInput } from './input.js';
import { statusline } from './statusline.js';
import { stop } from './stop.js';

/**
 * Each agent hook event and its handler. The ones that run on every prompt and every turn are in
 * this file's bundle; the others load the store and the schema, only when called.
 */
const AGENT_HOOKS: Record<string, (input: HookInput) => Promise<void>> = {
  'session-start': async (input) => (await import('./session-start.js')).sessionStart(input),
  'prompt-submit': promptSubmit,
  'pre-compact': async (input) => (await import('./pre-compact.js')).preCompact(input),
  'subagent-stop': async (input) => (await import('./subagent-stop.js')).subagentStop(input),
  'post-compact': async (input) => (await import('./post-compact.js')).postCompact(input),
  stop,
  'session-end': async (input) => (await import('./session-end.js')).sessionEnd(input),
};

/**
 * `git session hook <event>` and `git session statusline`: never fail, print nothing but their
 * output; anything wrong goes to .git/agentflow/hook.log. Loaded by bin/git-session without the
 * rest of the CLI, as one CommonJS bundle run with V8's code cache (dist/hook.cjs, see build.mjs).
 */
export async function main(argv: string[]): Promise<void> {
  const event = argv[0] === 'statusline' ? 'statusline' : argv[1];
  try {
    if (event === 'post-commit') await postCommit();
    else if (event === 'statusline') await statusline();
    else if (event && Object.hasOwn(AGENT_HOOKS, event)) await AGENT_HOOKS[event]!(await readHookInput());
    else logHookAt(process.cwd(), 'error', `unknown hook event ${JSON.stringify(event)}`);
  } catch (err) {
    logHookAt(process.cwd(), 'error', `${event}: ${(err as Error).message}`);
  }
  process.exitCode = 0;
}
