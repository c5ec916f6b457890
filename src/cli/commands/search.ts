import { NoSnapshotError, UsageError } from '../../errors.js';
import { safe } from '../../resume/render.js';
import { parseSince, searchHistory, snapshotTip, type IndexProgress, type SearchHit } from '../../search/index.js';
import { searchHitRecord } from '../../session/records.js';
import { openRepo } from '../../store/index.js';
import { color, io, printJson, warn } from '../output.js';
import { thousands } from '../../numbers.js';

export interface SearchCliOptions {
  session?: string;
  since?: string;
  maxCount?: string;
  json?: boolean;
}

/** How long indexing runs before it shows how far it has got. */
const PROGRESS_AFTER_MS = 1000;

/** Tells the user on stderr that a first search is indexing, and how far it is once that takes over a second. */
export function indexingReporter(): { onStart: (p: IndexProgress & { rebuild: boolean }) => void; onProgress: (p: IndexProgress) => void; finish: () => void } {
  const started = Date.now();
  const tty = Boolean(process.stderr.isTTY);
  let announced = false;
  let lastShown = -1;
  let pendingLine = false;
  return {
    onStart: ({ total, rebuild }) => {
      if (!rebuild || !total) return;
      announced = true;
      io().stderr.write(
        `git-session: indexing ${thousands(total)} snapshot(s) of refs/agentflow/sessions for search (once; later searches reuse .git/agentflow/search)\n`,
      );
    },
    onProgress: ({ done, total }) => {
      if (!announced || Date.now() - started < PROGRESS_AFTER_MS) return;
      const pct = Math.floor((done / total) * 100);
      if (tty) {
        io().stderr.write(`\r  indexed ${thousands(done)}/${thousands(total)} (${pct}%)`);
        pendingLine = true;
      } else if (pct >= lastShown + 25 || done === total) {
        lastShown = pct;
        io().stderr.write(`  indexed ${thousands(done)}/${thousands(total)} (${pct}%)\n`);
      }
    },
    finish: () => {
      if (pendingLine) io().stderr.write('\n');
    },
  };
}

export async function run(opts: SearchCliOptions, words: string[] | string): Promise<number> {
  const query = (Array.isArray(words) ? words : [words]).join(' ');
  if (opts.maxCount !== undefined && !/^[1-9]\d*$/.test(opts.maxCount.trim()))
    throw new UsageError(`-n ${opts.maxCount} is not a number of hits; use e.g. -n 20.`);
  if (!query?.trim()) throw new UsageError('Give words to search for, e.g. git session search "flaky test".');
  const repo = openRepo(process.cwd());
  const since = opts.since !== undefined ? parseSince(repo, opts.since) : undefined;
  const progress = indexingReporter();
  let hits: SearchHit[];
  try {
    hits = await searchHistory(repo, query, {
      sessionId: opts.session,
      since,
      limit: opts.maxCount ? Number(opts.maxCount) : 10,
      onWarning: warn,
      ...progress,
    });
  } finally {
    progress.finish();
  }
  if (opts.json) {
    printJson(hits.map(searchHitRecord));
    return 0;
  }
  if (!hits.length) {
    if (!snapshotTip(repo)) throw new NoSnapshotError();
    io().stderr.write(
      `No match for ${JSON.stringify(safe(query))}${opts.session ? ` in session ${safe(opts.session)}` : ''}${opts.since ? ` since ${safe(opts.since)}` : ''}.\n`,
    );
    return 0;
  }
  for (const h of hits) {
    const date = new Date(h.time * 1000).toISOString().slice(0, 16).replace('T', ' ');
    io().stdout.write(
      `${color.yellow(h.snapshot.slice(0, 10))} ${color.dim(date)} session ${safe(h.sessionId).slice(0, 12)}  ${color.cyan(`${h.kind}:`)} ${safe(h.text)}\n`,
    );
  }
  return 0;
}
