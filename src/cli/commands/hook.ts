import { main } from '../../hooks/entry.js';

/** Reached only through `agentflow session hook …`; bin/git-session goes to the lean entry directly. */
export async function run(_opts: unknown, event?: string): Promise<number> {
  await main(event ? ['hook', event] : ['statusline']);
  return 0;
}
