// Whole-process `save` on a ≈3 MB / 200K-token transcript and `resume`, next to `node -e 0` and a
// one-file `git commit`, all measured in this run. Targets: save ≤ 5×, resume ≤ 3× node -e 0.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractManifest } from '../src/extract/index.js';
import { measurePressure } from '../src/monitor/index.js';
import { readTranscript } from '../src/transcript/index.js';
import { CLI, ROOT, nodeBaseline, row, timeCommand, timeFn, verdict } from './lib.js';
import { spawnSync } from 'node:child_process';

const corpusFile = join(ROOT, '../shared/corpus/claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const transcript = existsSync(corpusFile) ? corpusFile : join(ROOT, 'examples/sample-session.jsonl');
const repo = mkdtempSync(join(tmpdir(), 'gs-bench-save-'));
const git = (...a: string[]) => spawnSync('git', a, { cwd: repo, encoding: 'utf8' });
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Bench');
git('config', 'user.email', 'bench@example.com');
git('commit', '-q', '--allow-empty', '-m', 'init');

const node = nodeBaseline();
let n = 0;
const commit = timeCommand('git', ['commit', '-q', '-m', 'bench'], {
  cwd: repo,
  before: () => {
    writeFileSync(join(repo, 'f.txt'), String(n++));
    git('add', 'f.txt');
  },
});
const save = timeCommand(process.execPath, [CLI, 'save', '-t', transcript], { cwd: repo });
const resume = timeCommand(process.execPath, [CLI, 'resume'], { cwd: repo });
const resumePrompt = timeCommand(process.execPath, [CLI, 'resume', '--prompt'], { cwd: repo });

const t = readTranscript(transcript);
const parse = await timeFn(() => readTranscript(transcript));
const extract = await timeFn(() =>
  extractManifest({ transcript: t, pressure: measurePressure(150_000, 200_000), git: { root: repo, dirty: [], stateFiles: [] } }),
);

console.log(`transcript: ${transcript} (${(t.stats.bytes / 1e6).toFixed(2)} MB, ${t.events.length} events)`);
row('node -e 0 (baseline)', node);
row('git commit of one file (baseline)', commit, node);
row('git session save (whole process)', save, node);
row('git session resume (whole process)', resume, node);
row('git session resume --prompt (whole process)', resumePrompt, node);
row('  in process: read + normalize the transcript', parse);
row('  in process: extract the manifest draft', extract);
console.log(
  `targets: save ≤ 5× node -e 0 → ${(save / node).toFixed(2)}× ${verdict(save / node <= 5)}, resume ≤ 3× → ${(resume / node).toFixed(2)}× ${verdict(resume / node <= 3)}; SessionEnd hook budget 1500 ms → save uses ${((save / 1500) * 100).toFixed(0)}%`,
);

// Leave nothing behind in the temp folder.
rmSync(repo, { recursive: true, force: true });
