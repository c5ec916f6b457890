/**
 * A user's machine for one live scenario: a HOME of its own, a real git repository with a small
 * Node project (a test that really fails, then passes), and git-session on PATH through a
 * wrapper that records every call's arguments, exit code and duration, so the hooks the agents
 * run can be asserted on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const GIT_SESSION = join(PROJECT_ROOT, 'bin', 'git-session');

/** One call of git-session as the wrapper saw it. */
export interface GsCall {
  args: string[];
  exit: number;
  ms: number;
  at: number;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program without blocking the event loop (the mock model lives in this process). */
export function runAsync(bin: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(bin, args, { cwd: opts.cwd, env: opts.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The small project the scenarios work on: `npm test` fails until sum() is fixed. */
const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'calc', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/sum.js': 'export function sum(a, b) {\n  return a - b;\n}\n',
  'test/sum.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from '../src/sum.js';\n\ntest('sum adds', () => {\n  assert.equal(sum(2, 3), 5);\n});\n",
  'NOTES.md': '# Notes\n\nScratch notes, to be deleted.\n',
  'README.md': '# calc\n',
};

export class LiveProject {
  readonly root: string;
  readonly home: string;
  readonly repo: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly callLog: string;

  constructor(name = 'calc') {
    this.root = mkdtempSync(join(tmpdir(), 'gs-live-'));
    this.home = join(this.root, 'home');
    this.repo = join(this.root, name);
    const bin = join(this.root, 'bin');
    for (const d of [this.home, this.repo, bin]) mkdirSync(d, { recursive: true });
    this.callLog = join(this.root, 'git-session-calls.jsonl');
    // git-session on PATH, as a user installs it: a wrapper that records each call, then runs it.
    writeFileSync(
      join(bin, 'git-session'),
      `#!/bin/sh\nstart=$(date +%s%3N)\n${JSON.stringify(process.execPath)} ${JSON.stringify(GIT_SESSION)} "$@"\nrc=$?\nend=$(date +%s%3N)\nprintf '{"args":"%s","exit":%d,"ms":%d,"at":%d}\\n' "$*" "$rc" "$((end - start))" "$end" >> ${JSON.stringify(this.callLog)}\nexit $rc\n`,
    );
    chmodSync(join(bin, 'git-session'), 0o755);
    writeFileSync(join(this.home, '.gitconfig'), '[user]\n\tname = Live User\n\temail = live@example.com\n[init]\n\tdefaultBranch = main\n');
    this.env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: this.home,
      GIT_CONFIG_GLOBAL: join(this.home, '.gitconfig'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_SESSION_CACHE_DIR: join(this.home, '.cache', 'git-session'),
      LANG: 'C.UTF-8',
      NO_COLOR: '1',
      npm_config_update_notifier: 'false',
    };
    this.git(['init', '-q']);
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(join(this.repo, file, '..'), { recursive: true });
      writeFileSync(join(this.repo, file), text);
    }
    this.git(['add', '.']);
    this.git(['commit', '-qm', 'calc: first version']);
    // Work happens on a branch: the scenario's standing rule forbids committing to main.
    this.git(['checkout', '-qb', 'feature/sum']);
  }

  git(args: string[]): string {
    const r = spawnSync('git', args, { cwd: this.repo, env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  /** Runs the git-session CLI as the user types it (not through the recording wrapper). */
  gs(args: string[], input?: string): RunResult & { json: () => any } {
    const started = performance.now();
    const r = spawnSync(process.execPath, [GIT_SESSION, ...args], { cwd: this.repo, env: this.env, encoding: 'utf8', input });
    const out = { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
    return { ...out, json: () => JSON.parse(out.stdout) };
  }

  /** Every git-session call the agents' hooks made, in order. */
  calls(): GsCall[] {
    if (!existsSync(this.callLog)) return [];
    return readFileSync(this.callLog, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const v = JSON.parse(l) as Omit<GsCall, 'args'> & { args: string };
        return { ...v, args: v.args.split(' ') };
      });
  }

  /** .git/agentflow/hook.log, line by line. */
  hookLog(): string[] {
    const f = join(this.repo, '.git', 'agentflow', 'hook.log');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  /** The snapshots on refs/agentflow/sessions, newest first, as `git session log --json` gives them. */
  snapshots(): Array<{ snapshot: string; session_id: string; reason?: string; manifest?: any; [k: string]: unknown }> {
    const r = this.gs(['log', '--json', '-n', '100']);
    if (r.status !== 0) return [];
    const v = JSON.parse(r.stdout);
    return Array.isArray(v) ? v : (v.snapshots ?? []);
  }

  /** The newest manifest of a session (or of the newest session). */
  manifest(sessionId?: string): any {
    const r = this.gs(['show', ...(sessionId ? ['-s', sessionId] : []), '--json']);
    if (r.status !== 0) throw new Error(`git session show: ${r.stderr}`);
    const v = JSON.parse(r.stdout);
    return v.manifest ?? v;
  }

  remove(): void {
    // A save the agent's last hook started in the background may still be writing objects.
    rmSync(this.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
