// `git session related` on a 10,000-commit repository (written with one `git fast-import`: files in
// clusters that change together, and a sweeping commit now and then), next to `node -e 0` and to the
// `git log --name-only` it reads, all measured in this run. Target: a warm call ≤ 3× node -e 0, and
// a cold one (the first, which reads the whole log) within 10 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coChanged, openCoChangeHistory } from '../src/related/index.js';
import { openRepo } from '../src/store/index.js';
import { CLI, nodeBaseline, row, seededRandom, timeCommand, timeFn, verdict } from './lib.js';

const COMMITS = 10_000;
const CLUSTERS = 300;
const PER_CLUSTER = 6;

const rand = seededRandom(7);
const path = (c: number, f: number): string => `src/mod${c}/file${f}.ts`;

const repo = mkdtempSync(join(tmpdir(), 'gs-bench-related-'));
const git = (args: string[], input?: string) => spawnSync('git', args, { cwd: repo, input, encoding: 'utf8', maxBuffer: 1 << 30 });
git(['init', '-q', '-b', 'main']);

// Most commits touch 1–4 files of one cluster (and now and then one file elsewhere); every 500th is a
// sweep of 300 files. Every file gets its content from the commit counter, so each listed file changes.
const parts: string[] = [];
const start = Math.floor(Date.now() / 1000) - COMMITS * 600;
for (let i = 0; i < COMMITS; i++) {
  const files = new Set<string>();
  if (i % 500 === 499) for (let k = 0; k < 300; k++) files.add(path(Math.floor(rand() * CLUSTERS), Math.floor(rand() * PER_CLUSTER)));
  else {
    const c = Math.floor(rand() * CLUSTERS);
    const n = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) files.add(path(c, Math.floor(rand() * PER_CLUSTER)));
    if (rand() < 0.2) files.add(path(Math.floor(rand() * CLUSTERS), Math.floor(rand() * PER_CLUSTER)));
  }
  const msg = `change ${i}\n`;
  const blobs = [...files].map((f) => `M 100644 inline ${f}\ndata ${String(i).length + 1}\n${i}\n`).join('');
  parts.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${start + i * 600} +0000\ndata ${msg.length}\n${msg}${blobs}\n`);
}
const t0 = performance.now();
const imported = git(['fast-import', '--quiet'], parts.join(''));
if (imported.status !== 0) throw new Error(imported.stderr);
git(['checkout', '-q', '-f', 'main']);
console.log(
  `${COMMITS.toLocaleString('en-US')} commits over ${CLUSTERS * PER_CLUSTER} files written by git fast-import in ${(performance.now() - t0).toFixed(0)} ms`,
);

const file = path(42, 0);
const cacheDir = join(repo, '.git', 'agentflow', 'related');
const node = nodeBaseline();
const log = timeCommand('git', ['log', '--no-merges', '--no-renames', '--name-only', '-z', '--format=%x1e%H%x1f%ct', 'HEAD'], { cwd: repo, runs: 3 });
const cold = timeCommand(process.execPath, [CLI, 'related', file], { cwd: repo, runs: 3, before: () => rmSync(cacheDir, { recursive: true, force: true }) });
const warm = timeCommand(process.execPath, [CLI, 'related', file], { cwd: repo, runs: 7 });
let n = 0;
const incremental = timeCommand(process.execPath, [CLI, 'related', file], {
  cwd: repo,
  runs: 3,
  before: () => {
    git(
      ['fast-import', '--quiet'],
      `commit refs/heads/main\ncommitter Bench <bench@example.com> ${Math.floor(Date.now() / 1000)} +0000\ndata 4\nnew\nfrom refs/heads/main^0\nM 100644 inline ${file}\ndata 6\nnew${n++}\n\n`,
    );
    git(['reset', '-q', '--hard']);
  },
});
const r = openRepo(repo);
const history = openCoChangeHistory(r);
const load = await timeFn(() => openCoChangeHistory(r), 5);
const score = await timeFn(() => coChanged(history, [file]), 11);
const top = coChanged(history, [file]).related.slice(0, 5);
const sameCluster = top.filter((f) => f.path.startsWith('src/mod42/')).length;

console.log(`files most related to ${file}: ${top.map((f) => `${f.path} ${f.score.toFixed(2)}`).join(', ')} (${sameCluster}/5 from its own cluster)`);
row('node -e 0 (baseline)', node);
row('git log --name-only over 10,000 commits (baseline)', log, node);
row('git session related, cold cache (reads the whole log)', cold, node);
row('git session related, warm cache (whole process)', warm, node);
row('git session related after one new commit', incremental, node);
row('  in process: read the cache', load);
row('  in process: score the co-changed files', score);
console.log(
  `targets: warm ≤ 3× node -e 0 → ${(warm / node).toFixed(2)}× ${verdict(warm / node <= 3)}; cold ≤ 10 s → ${(cold / 1000).toFixed(1)} s ${verdict(cold <= 10_000)}`,
);
rmSync(repo, { recursive: true, force: true });
