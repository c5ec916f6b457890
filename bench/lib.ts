import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { seededRandom } from './random.js';

// Every bench runs with a HOME of its own and an empty global git config, so a user's
// ~/.gitconfig (hooks, aliases, fsmonitor) cannot change the figures; removed on exit.
const home = mkdtempSync(join(tmpdir(), 'gs-bench-home-'));
writeFileSync(join(home, '.gitconfig'), '');
process.env.HOME = home;
process.env.GIT_CONFIG_GLOBAL = join(home, '.gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
/** Folders a bench made, removed with its HOME on exit. */
const CLEANUP: string[] = [home];
process.on('exit', () => CLEANUP.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** bench/run.mjs runs every benchmark from the repository root. */
export const ROOT = process.cwd();
export const CLI = join(ROOT, 'bin', 'git-session');

/** The middle value of some timings (the upper one of the middle two for an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * ccusage (17.x, the last pure-TypeScript release), set up to read `file` as its own users run it:
 * the log linked into a CLAUDE_CONFIG_DIR of its own under `dir`, and the statusline payload
 * Claude Code sends for it. Undefined when ccusage is not installed.
 */
export function ccusageOn(file: string, dir: string, sessionId: string): { bin: string; env: NodeJS.ProcessEnv; statuslinePayload: string } | undefined {
  const bin = join(ROOT, 'node_modules', 'ccusage', 'dist', 'index.js');
  if (!existsSync(bin)) return undefined;
  const claudeDir = join(dir, 'claude');
  const projectDir = join(claudeDir, 'projects', '-work-project');
  rmSync(claudeDir, { recursive: true, force: true });
  mkdirSync(projectDir, { recursive: true });
  linkSync(file, join(projectDir, `${sessionId}.jsonl`));
  const statuslinePayload = JSON.stringify({
    session_id: sessionId,
    transcript_path: join(projectDir, `${sessionId}.jsonl`),
    cwd: '/work/project',
    model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
    workspace: { current_dir: '/work/project', project_dir: '/work/project' },
    version: '2.0.0',
  });
  return { bin, env: { ...process.env, CLAUDE_CONFIG_DIR: claudeDir }, statuslinePayload };
}

/** Median wall time of `runs` runs of a command, in milliseconds. */
export function timeCommand(cmd: string, args: string[], opts: { runs?: number; cwd?: string; env?: NodeJS.ProcessEnv; before?: () => void } = {}): number {
  const times: number[] = [];
  for (let i = 0; i < (opts.runs ?? 7); i++) {
    opts.before?.();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(ms);
  }
  return median(times);
}

/** Median of an in-process function's time in milliseconds. */
export async function timeFn(fn: () => unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function row(label: string, ms: number, baselineMs?: number): void {
  const ratio = baselineMs ? `  ${(ms / baselineMs).toFixed(2)}×` : '';
  console.log(`${label.padEnd(54)} ${ms.toFixed(1).padStart(8)} ms${ratio}`);
}

export function nodeBaseline(): number {
  return timeCommand(process.execPath, ['-e', '0'], { runs: 11 });
}

/** With `--check`, a bench whose figures are over their target exits non-zero (after printing them all). */
export function verdict(within: boolean): string {
  if (!within && process.argv.includes('--check')) process.exitCode = 1;
  return within ? 'within' : 'OVER';
}

/** The corpus folder and every transcript in it; a bench without the corpus says so and stops. */
export function corpusTranscripts(): { corpus: string; files: string[] } {
  const corpus = join(ROOT, '..', 'shared', 'corpus');
  if (!existsSync(corpus)) {
    console.log(`skipped: no corpus at ${corpus}`);
    process.exit(0);
  }
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.jsonl')) files.push(p);
    }
  };
  walk(corpus);
  return { corpus, files: files.sort() };
}

/** A fresh repository with one commit, removed on exit. */
export function benchRepo(prefix = 'gs-bench-'): string {
  const repo = mkdtempSync(join(tmpdir(), prefix));
  CLEANUP.push(repo);
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['config', 'user.name', 'Bench'],
    ['config', 'user.email', 'bench@example.com'],
    ['commit', '-q', '--allow-empty', '-m', 'init'],
  ])
    spawnSync('git', args, { cwd: repo });
  return repo;
}

/**
 * Writes `snapshots` snapshot commits onto refs/agentflow/sessions in one `git fast-import`,
 * spread over `sessions` sessions (bench-0 …), each a valid manifest in the sharded layout.
 */
export function importSnapshots(repo: string, snapshots: number, sessions = snapshots, ref = 'refs/agentflow/sessions'): void {
  const base = JSON.parse(
    spawnSync(process.execPath, [CLI, 'save', '-t', join(ROOT, 'examples', 'sample-session.jsonl'), '--dry-run', '--json'], { cwd: repo, encoding: 'utf8' })
      .stdout,
  ).manifest;
  const t0 = Math.floor(Date.now() / 1000) - snapshots;
  const out: string[] = [];
  for (let i = 0; i < snapshots; i++) {
    const id = `bench-${i % sessions}`;
    base.session_metadata.session_id = id;
    base.session_metadata.timestamp = new Date((t0 + i) * 1000).toISOString();
    base.active_state.current_work = `work item ${i} of ${id}`;
    const body = JSON.stringify(base);
    const msg = `session ${id}: bench\n\nSession-Id: ${id}\nBranch: main\n`;
    const shard = createHash('sha1').update(id).digest('hex').slice(0, 2);
    out.push(`blob\nmark :${2 * i + 1}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
    out.push(
      `commit ${ref}\nmark :${2 * i + 2}\ncommitter Bench <bench@example.com> ${t0 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}${i ? `from :${2 * i}\n` : ''}M 100644 :${2 * i + 1} sessions/${shard}/${id}/manifest.json\n\n`,
    );
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, input: out.join(''), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
}

/** Ids and sizes of every object in a repository (loose and packed). */
export function objectSizes(repo: string): Map<string, number> {
  const r = spawnSync('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objectsize)'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return new Map(
    r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])]),
  );
}

/**
 * A Claude Code session of `repo` where the agent looks for it (under CLAUDE_CONFIG_DIR), well
 * below the threshold: 1,500 assistant lines at 60,000 tokens. Returns the transcript's path.
 */
export function benchClaudeSession(repo: string, claudeConfigDir: string): string {
  const dir = join(claudeConfigDir, 'projects', repo.replace(/[^a-zA-Z0-9]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const line = (i: number) =>
    JSON.stringify({
      type: 'assistant',
      sessionId: 'bench',
      cwd: repo,
      message: {
        id: `m${i}`,
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: 'x'.repeat(2000) }],
        usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 60_000 },
      },
    });
  const transcript = join(dir, 'bench.jsonl');
  writeFileSync(transcript, Array.from({ length: 1500 }, (_, i) => line(i)).join('\n') + '\n');
  return transcript;
}
