// `recall` on a repository of 1,000 snapshots whose newest session has a full trail (the 2.9 MB
// corpus transcript saved), next to `node -e 0` measured in this run. Target: ≤ 2× node -e 0.
// Also the trail's cost: its compressed size (target ≤ 64 KB per session).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { CLI, ROOT, benchRepo, importSnapshots, nodeBaseline, row, timeCommand, verdict } from './lib.js';

const corpusFile = join(ROOT, '../shared/corpus/claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const transcript = existsSync(corpusFile) ? corpusFile : join(ROOT, 'examples/sample-session.jsonl');
const repo = benchRepo('gs-bench-recall-');
importSnapshots(repo, 1000, 200);
const saved = spawnSync(process.execPath, [CLI, 'save', '--quiet', '-t', transcript], { cwd: repo, encoding: 'utf8' });
if (saved.status !== 0) throw new Error(`save failed: ${saved.stderr}`);
const git = (...a: string[]) => spawnSync('git', a, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
const trailFiles = git('ls-tree', '-r', '--name-only', 'refs/agentflow/sessions')
  .split('\n')
  .filter((f) => f.includes('/trail/'));
const trailBytes = trailFiles.reduce((n, f) => n + deflateRawSync(Buffer.from(git('show', `refs/agentflow/sessions:${f}`))).length, 0);

const node = nodeBaseline();
console.log(`transcript: ${transcript}; 1,000 snapshots of 200 sessions, then the transcript's session`);
console.log(`trail: ${trailFiles.length} files, ${(trailBytes / 1024).toFixed(1)} KB compressed (target ≤ 64 KB: ${verdict(trailBytes <= 64 * 1024)})`);
row('node -e 0 (baseline)', node);
for (const question of ['what error did the tests report', 'which files were changed in config', 'why was the renderer rewritten']) {
  const ms = timeCommand(process.execPath, [CLI, 'recall', ...question.split(' ')], { cwd: repo, runs: 5 });
  row(`recall "${question}"`, ms, node);
  console.log(`  target ≤ 2× node -e 0: ${verdict(ms <= 2 * node)}`);
}
