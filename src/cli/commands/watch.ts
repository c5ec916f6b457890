import { parseDuration } from '../../store/index.js';
import { measureSession, type PressureLevel } from '../../monitor/index.js';
import { readState } from '../../store/index.js';
import { UsageError } from '../../errors.js';
import { statSync } from 'node:fs';
import { saveAheadDue } from '../../monitor/save-ahead.js';
import { color, io, warn } from '../output.js';
import { resolveSession as resolve } from '../../session/target.js';
import { saveSession } from '../../session/index.js';
import { thousands } from '../../numbers.js';

/**
 * Follows the live transcript: prints each level change, saves when the threshold is crossed or
 * the level rises past the last snapshot's (the Stop hook's save-ahead rule), and on the time
 * trigger — never twice for a transcript that did not change. Ctrl-C ends it with a summary, exit 0.
 */
export async function run(opts: { transcript?: string; interval?: string; json?: boolean }): Promise<number> {
  const seconds = parseDuration(opts.interval ?? '5s');
  if (!seconds || seconds <= 0) throw new UsageError(`--interval ${opts.interval} is not a duration; use e.g. 5s, 60s or 2m.`);
  const target = resolveSession({ transcript: opts.transcript });
  if (!target.repo) throw new UsageError('watch saves snapshots into a git repository: run it inside one.');
  const repo = target.repo;
  let level: PressureLevel | undefined;
  // A session never saved is timed from when watching began.
  const startedAt = new Date().toISOString();
  let busy = false;
  let checks = 0;
  let saved = 0;
  const emit = (event: string, data: Record<string, unknown>, human: string) => {
    if (opts.json) io().stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...data })}\n`);
    else io().stdout.write(`${color.dim(new Date().toLocaleTimeString())} ${human}\n`);
  };
  const save = async (reason: string) => {
    const r = await saveSession({ transcript: target.transcript, reason, quiet: true });
    saved++;
    emit(
      'saved',
      { reason, snapshot: r.snapshot, bytes: r.bytes },
      `${color.green('saved')} snapshot ${r.snapshot?.slice(0, 10)} (${reason}, ${r.bytes} bytes)`,
    );
  };
  let current: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    if (!busy) current = check();
    return current;
  };
  const check = async () => {
    busy = true;
    checks++;
    try {
      const { reading: r, pressure: p } = await measureSession(target.transcript, {
        agent: target.agent,
        estimateOnly: true,
        configLimit: target.config.contextLimit,
        threshold: target.config.threshold,
      });
      if (p.level !== level) {
        emit(
          'level',
          { level: p.level, percent: p.percent, tokens: p.tokens, window: p.window },
          `${color.bold(p.level)} ${p.percent}% (${thousands(p.tokens)} / ${thousands(p.window)})`,
        );
        level = p.level;
      }
      const state = r.sessionId ? readState(repo).sessions[r.sessionId] : undefined;
      const bytes = statSync(target.transcript).size;
      // Nothing new since the last snapshot: no second copy of it, whatever the clock says.
      if (state?.lastSnapshot && state.lastBytes === bytes) return;
      if (!state?.lastSnapshot && p.shouldPrepare) await save('threshold');
      else if (state?.lastSnapshot && saveAheadDue(p.level, bytes, state)) await save(`level ${p.level}`);
      else if ((Date.now() - Date.parse(state?.lastSnapshot ?? startedAt)) / 1000 >= target.config.intervalSeconds) await save('interval');
    } catch (err) {
      warn((err as Error).message);
    } finally {
      busy = false;
    }
  };
  // Ctrl-C stops cleanly from the start, also during the first check, and lets a save in progress finish.
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  emit('watching', { transcript: target.transcript, interval_seconds: seconds }, `watching ${target.transcript} every ${seconds}s (Ctrl-C to stop)`);
  let done = false;
  void tick().then(() => {
    if (!done) timer = setInterval(() => void tick(), seconds * 1000);
  });
  await stopped;
  done = true;
  clearInterval(timer);
  await current;
  emit('stopped', { checks, saved }, `stopped after ${checks} check(s); ${saved} snapshot(s) saved`);
  return 0;
}

/** Broken config values are warned about unless `quiet`. */
function resolveSession(opts: { transcript?: string; cwd?: string; quiet?: boolean }) {
  return resolve({ transcript: opts.transcript, cwd: opts.cwd, onProblem: opts.quiet ? undefined : warn });
}
