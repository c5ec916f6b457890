import { openRepo } from '../../store/index.js';
import { syncSessions } from '../../store/sync.js';
import { io, printJson } from '../output.js';

export async function run(opts: { push?: boolean; json?: boolean }, remote = 'origin'): Promise<number> {
  const r = syncSessions(openRepo(process.cwd()), remote, { push: opts.push });
  // What the remote offered but git-session would not take: named, never fatal.
  for (const why of r.skipped) io().stderr.write(`git-session: skipped ${why}\n`);
  if (opts.json) printJson(r);
  else io().stdout.write(`${remote}: snapshots ${r.sessions}, notes ${r.notes}${r.pushed ? ', pushed' : ''}\n`);
  return 0;
}
