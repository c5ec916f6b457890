// What the post-commit hook adds to `git commit`, measured in this run: commits without the
// hook, with it below the threshold (note only), and `node -e 0`. Target: the hook adds at most
// about node -e 0 + 50 ms when it does not save. Also the Stop hook (end of every agent turn)
// when no save is due: target ≤ 150 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchClaudeSession, CLI, median, row, timeCommand, verdict } from './lib.js';

const home = mkdtempSync(join(tmpdir(), 'gs-bench-hook-home-'));
const env = { ...process.env, HOME: home, CLAUDE_CONFIG_DIR: join(home, '.claude'), GIT_SESSION_CACHE_DIR: join(home, 'cache') };

function repoWithSession(): string {
  const repo = mkdtempSync(join(tmpdir(), 'gs-bench-hook-'));
  const git = (...a: string[]) => spawnSync('git', a, { cwd: repo, env });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  git('commit', '-q', '--allow-empty', '-m', 'init');
  benchClaudeSession(repo, env.CLAUDE_CONFIG_DIR);
  return repo;
}

/** One timed commit of a fresh change in `repo`. */
function commitOnce(repo: string, n: number): number {
  writeFileSync(join(repo, 'f.txt'), String(n));
  spawnSync('git', ['add', 'f.txt'], { cwd: repo, env });
  const t0 = performance.now();
  const r = spawnSync('git', ['commit', '-q', '-m', 'bench'], { cwd: repo, env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`git commit failed: ${r.stderr}`);
  return ms;
}

const plain = repoWithSession();
const hooked = repoWithSession();
spawnSync(process.execPath, [CLI, 'install', '--hooks'], { cwd: hooked, env });
// Interleaved rounds: node -e 0, a commit without the hook and one with it side by side, so a
// busy moment of the machine weighs on all three alike.
const nodeTimes: number[] = [];
const withoutTimes: number[] = [];
const withTimes: number[] = [];
for (let i = 0; i < 21; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  nodeTimes.push(performance.now() - t0);
  withoutTimes.push(commitOnce(plain, i));
  withTimes.push(commitOnce(hooked, i));
}
const node = median(nodeTimes);
const without = median(withoutTimes);
const withHook = median(withTimes);
// The hook's own cost, round by round: what a commit with it took beyond the one without.
const added = median(withTimes.map((w, i) => w - withoutTimes[i]!));
const hookAlone = timeCommand(process.execPath, [CLI, 'hook', 'post-commit'], { cwd: hooked, env, runs: 11 });

row('node -e 0 (baseline, interleaved with the commits)', node);
row('git commit, no hook (baseline)', without);
row('git commit with the git-session hook (note only)', withHook, without);
row('git session hook post-commit alone', hookAlone, node);
console.log(
  `hook adds ${added.toFixed(1)} ms to a commit (median of the rounds); budget node -e 0 + 50 ms = ${(node + 50).toFixed(1)} ms → ${verdict(added <= node + 50)}`,
);

// The Stop hook on a session at NORMAL (no save due): one tail read of the transcript.
const transcript = join(env.CLAUDE_CONFIG_DIR, 'projects', hooked.replace(/[^a-zA-Z0-9]/g, '-'), 'bench.jsonl');
const payload = JSON.stringify({ session_id: 'bench', transcript_path: transcript, cwd: hooked, hook_event_name: 'Stop', stop_hook_active: false });
const stopTimes: number[] = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [CLI, 'hook', 'stop'], { cwd: hooked, env, input: payload });
  stopTimes.push(performance.now() - t0);
}
const stop = median(stopTimes);
row('git session hook stop, no save due (a turn ends)', stop, node);
console.log(`Stop hook adds ${stop.toFixed(1)} ms to a turn when it does not save; target 150 ms → ${verdict(stop <= 150)}`);
// A 50-commit rebase: git replays each commit and runs post-commit for every one of them.
function rebaseTime(repo: string): number {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: repo, env });
  git('checkout', '-q', '-b', 'topic');
  for (let i = 0; i < 50; i++) {
    writeFileSync(join(repo, `t${i}.txt`), String(i));
    git('add', '.');
    git('commit', '-q', '--no-verify', '-m', `topic ${i}`);
  }
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    git('checkout', '-q', 'main');
    writeFileSync(join(repo, `main${run}.txt`), String(run));
    git('add', '.');
    git('commit', '-q', '--no-verify', '-m', `main ${run}`);
    git('checkout', '-q', 'topic');
    const t0 = performance.now();
    git('rebase', '-q', 'main');
    times.push(performance.now() - t0);
  }
  return median(times);
}
const rebasePlain = rebaseTime(plain);
const rebaseHooked = rebaseTime(hooked);
row('git rebase of 50 commits, no hook (baseline)', rebasePlain);
row('git rebase of 50 commits with the git-session hook', rebaseHooked, rebasePlain);
console.log(
  `a 50-commit rebase with the hook takes ${(rebaseHooked / rebasePlain).toFixed(2)}× the time without; target ≤ 2× → ${verdict(rebaseHooked <= 2 * rebasePlain)}`,
);
for (const d of [home, plain, hooked]) rmSync(d, { recursive: true, force: true });
