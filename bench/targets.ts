// The start-up table of issue #25: each command a user or a hook runs often, as a whole process,
// against `node -e 0` measured in the same rounds (interleaved, so a busy moment weighs on all
// alike). Medians of ROUNDS rounds. `--check` exits non-zero when a row is over its target.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchClaudeSession, CLI, ROOT, benchRepo, median, verdict } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const big = join(ROOT, '../shared/corpus/claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const sample = join(ROOT, 'examples/sample-session.jsonl');
const repo = benchRepo('gs-bench-targets-');
const env = { ...process.env, GIT_SESSION_CACHE_DIR: join(repo, '.git', 'bench-cache'), CLAUDE_CONFIG_DIR: join(repo, '.git', 'bench-claude') };
// GIT_SESSION_BIN: another build's bin/git-session, to compare two versions on this machine.
const bin = process.env.GIT_SESSION_BIN ?? CLI;
const cli = (args: string[], input?: string, cacheDir = env.GIT_SESSION_CACHE_DIR) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: repo,
    env: { ...env, GIT_SESSION_CACHE_DIR: cacheDir },
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
  });

// A Claude Code session of this repository, well below the threshold: the hooks find it and do not save.
const transcript = benchClaudeSession(repo, env.CLAUDE_CONFIG_DIR);
const stopPayload = JSON.stringify({ session_id: 'bench', transcript_path: transcript, cwd: repo, hook_event_name: 'Stop', stop_hook_active: false });

// The big transcript as a session writing it: three copies of it without its last TURN_LINES × ROUNDS
// lines, each round given the next TURN_LINES (about one turn of this session: a prompt, the
// agent's calls and results), so every save has new work to store.
const TURN_LINES = 6;
const bigLines = existsSync(big) ? readFileSync(big, 'utf8').split('\n').filter(Boolean) : [];
let appended = 0;
const hooked = join(repo, '.git', 'bench-hooked.jsonl');
const cold = join(repo, '.git', 'bench-cold.jsonl');
const uncached = join(repo, '.git', 'bench-uncached.jsonl');
const copies = [hooked, cold, uncached];
for (const f of copies) writeFileSync(f, `${bigLines.slice(0, bigLines.length - TURN_LINES * ROUNDS).join('\n')}\n`);
/** The copy of the log the current round saves first. */
const firstSaved = (): string => join(repo, '.git', `bench-first-${appended}.jsonl`);
const appendTurn = (f: string): void => {
  const turn = Math.floor(appended++ / copies.length);
  const from = bigLines.length - TURN_LINES * (ROUNDS - turn);
  appendFileSync(f, `${bigLines.slice(from, from + TURN_LINES).join('\n')}\n`);
};

// The hooks' session saved before (a Stop hook saves a session's first snapshot), and the big
// one last: resume, log and show read it.
for (const args of [
  ['install', '--hooks'],
  ['save', '--no-llm', '-t', sample],
  ['save', '--no-llm', '-t', transcript],
  ...(existsSync(big) ? [['save', '--no-llm', '-t', hooked]] : []),
  ['search', 'test'],
]) {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`git session ${args.join(' ')} failed: ${r.stderr}`);
}

interface Row {
  label: string;
  /** Work for the round that is not timed. */
  prepare?: () => void;
  run: () => ReturnType<typeof spawnSync>;
  /** The target, from the node -e 0 median. */
  limit: (node: number) => number;
  target: string;
}
const times = (x: number) => ({ limit: (node: number) => node * x, target: `≤ ${x}× node` });
const plus = (ms: number) => ({ limit: (node: number) => node + ms, target: `≤ node + ${ms} ms` });
const rows: Row[] = [
  { label: 'status', run: () => cli(['status', '-t', big]), ...plus(25) },
  { label: 'save --no-llm (sample session)', run: () => cli(['save', '--no-llm', '-t', sample]), ...times(3) },
  ...(existsSync(big)
    ? [
        // As the Stop hook saves: a turn appended since the last save, which read the log before (its reading is cached).
        { label: 'save --no-llm (2.9 MB, a turn appended)', run: () => (appendTurn(hooked), cli(['save', '--no-llm', '-t', hooked])), ...times(3) },
        // The first save of a log read never before (a copy under a new name each round), the whole
        // log read: as when git-session is installed into a long session already running.
        {
          label: 'save --no-llm (2.9 MB, first save of the log)',
          prepare: () => (appendTurn(cold), copyFileSync(cold, firstSaved())),
          run: () => cli(['save', '--no-llm', '-t', firstSaved()]),
          ...times(3),
        },
        // The same with no cache at all (the first command after an install or an upgrade: its
        // code cache, git's config and the log's reading all made anew).
        {
          label: 'save --no-llm (2.9 MB, first run, no cache)',
          prepare: () => appendTurn(uncached),
          run: () => cli(['save', '--no-llm', '-t', uncached], undefined, join(repo, '.git', `bench-cold-cache-${appended}`)),
          ...times(3),
        },
      ]
    : []),
  { label: 'resume', run: () => cli(['resume']), ...times(2) },
  { label: 'log', run: () => cli(['log']), ...times(2) },
  { label: 'show', run: () => cli(['show']), ...times(2) },
  { label: 'search (warm index)', run: () => cli(['search', 'test']), ...times(2) },
  { label: 'hook stop, no save due', run: () => cli(['hook', 'stop'], stopPayload), ...plus(18) },
  // As after a commit: a new commit to note each round (made with hooks off, untimed).
  {
    label: 'hook post-commit, no save due',
    prepare: () => void spawnSync('git', ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--allow-empty', '-m', 'round'], { cwd: repo }),
    run: () => cli(['hook', 'post-commit']),
    ...plus(30),
  },
];

const nodeTimes: number[] = [];
const rowTimes = rows.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  nodeTimes.push(performance.now() - t0);
  rows.forEach((r, i) => {
    r.prepare?.();
    const t = performance.now();
    const out = r.run();
    rowTimes[i]!.push(performance.now() - t);
    if (out.status !== 0) throw new Error(`${r.label} failed: ${out.stderr}`);
  });
}
const node = median(nodeTimes);
console.log(`${ROUNDS} interleaved rounds, medians; big transcript: ${existsSync(big) ? big : '(corpus missing)'}`);
console.log(`${'node -e 0 (baseline)'.padEnd(48)} ${node.toFixed(1).padStart(7)} ms`);
rows.forEach((r, i) => {
  const ms = median(rowTimes[i]!);
  console.log(
    `${r.label.padEnd(48)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / node).toFixed(2)}×  node+${(ms - node).toFixed(0).padStart(3)} ms  target ${r.target.padEnd(16)} ${verdict(ms <= r.limit(node))}`,
  );
});
