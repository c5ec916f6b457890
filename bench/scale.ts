// Scale: a heavy user's snapshot ref. `save` at 1, 1,000 and 10,000 sessions (time and bytes of
// new objects), `resume` at 10, 10,000 and 100,000 snapshots, and `sync` of a remote holding
// 2,500 and 10,000 sessions — each next to `node -e 0` measured in this run. Targets: a save
// writes ≤ 16 KB at 1,200 sessions and ≤ 24 KB at 10,000; sync ≤ 20× node -e 0 at 1,200
// sessions and linear beyond.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ROOT, benchRepo, importSnapshots, median, nodeBaseline, objectSizes, row, timeCommand, verdict } from './lib.js';

const SAMPLE = join(ROOT, 'examples', 'sample-session.jsonl');
const node = nodeBaseline();
row('node -e 0 (baseline)', node);

console.log('\n| sessions | save (ms) | × node | new objects | bytes written |\n|---:|---:|---:|---:|---:|');
for (const sessions of [1, 1000, 1200, 10_000]) {
  const repo = benchRepo('gs-bench-scale-');
  if (sessions > 1) importSnapshots(repo, sessions);
  const before = objectSizes(repo);
  const ms = timeCommand(process.execPath, [CLI, 'save', '-t', SAMPLE], { cwd: repo, runs: 3 });
  const after = objectSizes(repo);
  // Three saves ran: the bytes of one are a third of what they added.
  const added = [...after].filter(([id]) => !before.has(id));
  const bytes = added.reduce((n, [, size]) => n + size, 0) / 3;
  const target = sessions >= 10_000 ? 24 * 1024 : 16 * 1024;
  console.log(
    `| ${sessions.toLocaleString('en-US')} | ${ms.toFixed(1)} | ${(ms / node).toFixed(2)} | ${(added.length / 3).toFixed(0)} | ${Math.round(bytes).toLocaleString('en-US')} (target ≤ ${target / 1024} KB: ${verdict(bytes <= target)}) |`,
  );
}

console.log('\n| snapshots | resume -s, first (builds the index) | resume -s (ms) | × node | log -n 1 (ms) |\n|---:|---:|---:|---:|---:|');
for (const snapshots of [10, 10_000, 100_000]) {
  const repo = benchRepo('gs-bench-scale-');
  importSnapshots(repo, snapshots, Math.min(snapshots, 1000));
  const first = timeCommand(process.execPath, [CLI, 'resume', '-s', 'bench-1', '--json'], { cwd: repo, runs: 1 });
  const resume = timeCommand(process.execPath, [CLI, 'resume', '-s', 'bench-1', '--json'], { cwd: repo, runs: 5 });
  const log = timeCommand(process.execPath, [CLI, 'log', '-n', '1'], { cwd: repo, runs: 3 });
  console.log(`| ${snapshots.toLocaleString('en-US')} | ${first.toFixed(1)} | ${resume.toFixed(1)} | ${(resume / node).toFixed(2)} | ${log.toFixed(1)} |`);
}

console.log('\n| remote sessions | sync (ms) | × node |\n|---:|---:|---:|');
for (const sessions of [1200, 2500, 10_000]) {
  const remote = benchRepo('gs-bench-remote-');
  importSnapshots(remote, sessions);
  const local = benchRepo('gs-bench-local-');
  spawnSync('git', ['remote', 'add', 'origin', remote], { cwd: local });
  spawnSync(process.execPath, [CLI, 'save', '-t', SAMPLE], { cwd: local });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Each run merges anew: the local ref is put back to its own snapshot first.
    const own = spawnSync('git', ['rev-parse', 'refs/agentflow/sessions'], { cwd: local, encoding: 'utf8' }).stdout.trim();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'sync', '--no-push'], { cwd: local, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(r.stderr);
    spawnSync('git', ['update-ref', 'refs/agentflow/sessions', own], { cwd: local });
  }
  const ms = median(times);
  const target = sessions <= 1200 ? ` (target ≤ 20×: ${verdict(ms / node <= 20)})` : '';
  console.log(`| ${sessions.toLocaleString('en-US')} | ${ms.toFixed(1)} | ${(ms / node).toFixed(2)}${target} |`);
}
