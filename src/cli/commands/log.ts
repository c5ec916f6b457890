import { openRepo, SessionStore } from '../../store/index.js';
import { safe } from '../../resume/render.js';
import { color, io, printJson } from '../output.js';
import { sessionChain } from '../../session/chain.js';
import { snapshotRecord } from '../../session/records.js';
import { NoSnapshotError, UsageError } from '../../errors.js';

export async function run(opts: { json?: boolean; maxCount?: string; session?: string; chain?: boolean }): Promise<number> {
  if (opts.maxCount !== undefined && !/^[1-9]\d*$/.test(opts.maxCount.trim()))
    throw new UsageError(`-n ${opts.maxCount} is not a number of snapshots; use e.g. -n 20.`);
  const store = new SessionStore(openRepo(process.cwd()));
  if (opts.chain) return printChain(store, opts);
  // Every snapshot, as `git log` lists every commit; -n counts after the session filter.
  const session = opts.session;
  const all = store.history(opts.maxCount === undefined ? undefined : Number(opts.maxCount), session ? (s) => s.sessionId.startsWith(session) : undefined);
  if (opts.json) {
    printJson(all.map(snapshotRecord));
    return 0;
  }
  if (!all.length) {
    io().stdout.write('No snapshots yet. Make one with `git session save`.\n');
    return 0;
  }
  for (const s of all) {
    const meta = [s.branch, s.reason, s.generatedBy, s.llmCost, s.llmFallback && `llm fallback: ${s.llmFallback}`]
      .filter(Boolean)
      .map((x) => safe(x))
      .join(' · ');
    io().stdout.write(`${color.yellow(s.commit.slice(0, 10))} ${color.dim(s.date)} ${safe(s.subject)}${meta ? color.dim(`  (${meta})`) : ''}\n`);
  }
  return 0;
}

/** `log --chain`: the sessions this one continued, newest first. */
function printChain(store: SessionStore, opts: { json?: boolean; session?: string }): number {
  const start = opts.session ? store.latest({ sessionId: opts.session }) : store.latest();
  if (!start) throw new NoSnapshotError(opts.session ? `for session ${opts.session}` : '');
  const chain = sessionChain(store, start.sessionId);
  if (opts.json) {
    printJson(
      chain.map((l) => ({
        session_id: l.sessionId,
        agent: l.agent ?? null,
        snapshot: l.snapshot ?? null,
        date: l.date ?? null,
        pending: l.pending,
        resumed_from: l.resumedFrom ?? null,
      })),
    );
    return 0;
  }
  chain.forEach((l, i) => {
    const what = l.snapshot
      ? `${color.yellow(l.snapshot.slice(0, 10))} ${color.dim(l.date ?? '')} ${l.pending} pending`
      : color.dim('no snapshot in this clone');
    io().stdout.write(`${i ? '  ↑ resumed from ' : ''}session ${safe(l.sessionId)} (${safe(l.agent ?? '?')}) ${what}\n`);
  });
  return 0;
}
