import { findRepo, logHook } from '../store/index.js';
import { promptSubmit, statusline } from './agent.js';
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
    else {
      const repo = findRepo(process.cwd());
      if (repo) logHook(repo, 'error', `unknown hook event ${JSON.stringify(event)}`);
    }
  } catch (err) {
    const repo = (() => {
      try {
        return findRepo(process.cwd());
      } catch {
        return undefined;
      }
    })();
    if (repo) logHook(repo, 'error', `${event}: ${(err as Error).message}`);
  }
  process.exitCode = 0;
}
