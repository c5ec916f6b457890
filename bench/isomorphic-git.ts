// Why snapshots go through the git CLI, measured in this run on a generated 2,000-file repo:
// status (isomorphic-git statusMatrix vs `git status`), one blob read (in-process vs a `git
// cat-file` process), and 16 concurrent ref writers (isomorphic-git writeRef vs update-ref CAS).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { row, timeCommand, timeFn } from './lib.js';

const dir = mkdtempSync(join(tmpdir(), 'gs-bench-isogit-'));
const sh = (...a: string[]) => spawnSync('git', a, { cwd: dir, encoding: 'utf8' }).stdout.trim();
sh('init', '-q', '-b', 'main');
sh('config', 'user.name', 'Bench');
sh('config', 'user.email', 'bench@example.com');
for (let i = 0; i < 2000; i++) {
  mkdirSync(join(dir, `d${i % 40}`), { recursive: true });
  writeFileSync(join(dir, `d${i % 40}`, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(20));
}
sh('add', '.');
sh('commit', '-q', '-m', 'init');
writeFileSync(join(dir, 'd1', 'f1.ts'), 'changed\n');
const blob = sh('rev-parse', 'HEAD:d0/f0.ts');

const iso = await timeFn(() => git.statusMatrix({ fs, dir }), 3);
const cli = timeCommand('git', ['--no-optional-locks', 'status', '--porcelain'], { cwd: dir });
row('git status --porcelain (process)', cli);
row('isomorphic-git statusMatrix (in process)', iso, cli);
const isoRead = await timeFn(() => git.readBlob({ fs, dir, oid: blob }), 20);
const cliRead = timeCommand('git', ['cat-file', 'blob', blob], { cwd: dir, runs: 11 });
row('git cat-file blob (process)', cliRead);
row('isomorphic-git readBlob (in process, warm)', isoRead, cliRead);

// 16 writers, each appending 10 commits to one ref: how many survive?
const head = sh('rev-parse', 'HEAD');
const tree = sh('rev-parse', 'HEAD^{tree}');
async function isoWriter(n: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const parent = await git.resolveRef({ fs, dir, ref: 'refs/bench/iso' }).catch(() => head);
    const oid = await git.writeCommit({
      fs,
      dir,
      commit: {
        message: `w${n}-${i}\n`,
        tree,
        parent: [parent],
        author: { name: 'b', email: 'b@x', timestamp: 0, timezoneOffset: 0 },
        committer: { name: 'b', email: 'b@x', timestamp: 0, timezoneOffset: 0 },
      },
    });
    await git.writeRef({ fs, dir, ref: 'refs/bench/iso', value: oid, force: true });
    await new Promise((r) => setImmediate(r));
  }
}
await Promise.all(Array.from({ length: 16 }, (_, n) => isoWriter(n)));
const kept = Number(sh('rev-list', '--count', `${head}..refs/bench/iso`));
console.log(`isomorphic-git writeRef, 16 concurrent writers × 10 commits: ${kept} of 160 commits reachable (no compare-and-swap)`);
// The same workload through the git CLI as SessionStore writes it: commit-tree, then
// `update-ref REF NEW OLD` (compare-and-swap), retried when another writer won.
const gitAsync = (args: string[]): Promise<{ status: number | null; stdout: string }> =>
  new Promise((resolve) => {
    const child = spawn('git', args, { cwd: dir });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (status) => resolve({ status, stdout: stdout.trim() }));
  });
sh('update-ref', 'refs/bench/cas', head);
async function casWriter(n: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    for (;;) {
      const parent = (await gitAsync(['rev-parse', 'refs/bench/cas'])).stdout;
      const commit = (await gitAsync(['commit-tree', tree, '-p', parent, '-m', `c${n}-${i}`])).stdout;
      if ((await gitAsync(['update-ref', 'refs/bench/cas', commit, parent])).status === 0) break;
    }
  }
}
await Promise.all(Array.from({ length: 16 }, (_, n) => casWriter(n)));
const casKept = Number(sh('rev-list', '--count', `${head}..refs/bench/cas`));
console.log(`git update-ref NEW OLD with retry, the same 16 writers × 10 commits: ${casKept} of 160 commits reachable`);

// Leave nothing behind in the temp folder.
rmSync(dir, { recursive: true, force: true });
