import { NoSnapshotError } from '../../errors.js';
import { diffManifests } from '../../resume/index.js';
import { io, printJson } from '../output.js';
import { loadSnapshot } from '../../session/load.js';

/** Compares two snapshots; by default the newest with the previous snapshot of the same session. */
export async function run(opts: { json?: boolean; session?: string }, a?: string, b?: string): Promise<number> {
  const newer = loadSnapshot({ name: b, sessionId: opts.session });
  let olderName = a;
  if (!olderName) {
    // The snapshot of the same session that came before it, in the order they arrived.
    const all = newer.store.history();
    const at = all.findIndex((s) => s.commit === newer.snapshot.commit);
    const previous = (at >= 0 ? all.slice(at + 1) : all).find((s) => s.sessionId === newer.snapshot.sessionId && s.commit !== newer.snapshot.commit);
    if (!previous) throw new NoSnapshotError(`before ${newer.snapshot.commit.slice(0, 10)} for session ${newer.snapshot.sessionId} to compare with`);
    olderName = previous.commit;
  }
  const older = loadSnapshot({ name: olderName });
  for (const note of new Set([newer.note, older.note])) if (note) io().stderr.write(`git-session: ${note}\n`);
  const changes = diffManifests(older.manifest, newer.manifest);
  if (opts.json) printJson({ from: older.snapshot.commit, to: newer.snapshot.commit, changes });
  else
    io().stdout.write(
      `${older.snapshot.commit.slice(0, 10)} → ${newer.snapshot.commit.slice(0, 10)}\n${changes.length ? changes.join('\n') : '(no changes)'}\n`,
    );
  return 0;
}
