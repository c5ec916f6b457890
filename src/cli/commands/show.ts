import { printJson } from '../output.js';

import { loadSnapshot } from '../snapshot.js';

export async function run(opts: { json?: boolean; session?: string }, name?: string): Promise<number> {
  const { snapshot, manifest } = loadSnapshot({ name, sessionId: opts.session });
  if (opts.json) printJson({ snapshot: snapshot.commit, date: snapshot.date, session_id: snapshot.sessionId, manifest });
  // JSON.stringify escapes control characters, so a hostile manifest cannot drive the terminal.
  else process.stdout.write(`snapshot ${snapshot.commit} · ${snapshot.date}\n${JSON.stringify(manifest, null, 2)}\n`);
  return 0;
}
