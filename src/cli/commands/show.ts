import { io, printJson } from '../output.js';

import { loadSnapshot } from '../../session/load.js';

export async function run(opts: { json?: boolean; session?: string }, name?: string): Promise<number> {
  const { snapshot, manifest, local, note } = loadSnapshot({ name, sessionId: opts.session });
  if (note) io().stderr.write(`git-session: ${note}\n`);
  if (opts.json)
    printJson({ snapshot: snapshot.commit, date: snapshot.date, session_id: snapshot.sessionId, local, saved_by: snapshot.savedBy ?? null, manifest });
  // The manifest's strings were sanitised when it was read, and JSON escapes what is left.
  else
    io().stdout.write(
      `snapshot ${snapshot.commit} · ${snapshot.date}${local ? '' : ` · fetched, saved by ${snapshot.savedBy ?? 'an unknown author'}`}\n${JSON.stringify(manifest, null, 2)}\n`,
    );
  return 0;
}
