import { logHookAt } from '../store/state.js';
import { postCompact, promptSubmit, statusline, stop } from './agent.js';
import { postCommit } from './post-commit.js';

/**
 * `git session hook <event>` and `git session statusline`: never fail, print nothing but their
 * output; anything wrong goes to .git/agentflow/hook.log. Loaded by bin/git-session without the rest of the CLI.
 */
export async function main(argv: string[]): Promise<void> {
  const event = argv[0] === 'statusline' ? 'statusline' : argv[1];
  try {
    if (event === 'post-commit') await postCommit();
    else if (event === 'prompt-submit') await promptSubmit();
    else if (event === 'statusline') await statusline();
    else if (event === 'stop') await stop();
    else if (event === 'post-compact') await postCompact();
    else logHookAt(process.cwd(), 'error', `unknown hook event ${JSON.stringify(event)}`);
  } catch (err) {
    logHookAt(process.cwd(), 'error', `${event}: ${(err as Error).message}`);
  }
  process.exitCode = 0;
}
