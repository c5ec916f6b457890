import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = resolve(PROJECT, '../shared/corpus');
export const HAS_CORPUS = existsSync(CORPUS);
if (!HAS_CORPUS) console.warn(`[git-session tests] ../shared/corpus not found at ${CORPUS}: corpus tests are skipped.`);

export const BIN = join(PROJECT, 'bin', 'git-session');

/**
 * Every .jsonl file under the corpus (subagent transcripts included). Without the corpus, the
 * transcripts its hand-labelled keys name, so the corpus tests are still registered (and
 * reported as skipped, one each) instead of silently vanishing.
 */
export function corpusFiles(sub = ''): string[] {
  const out: string[] = [];
  const walk = (dir: string, ext: string, map: (p: string) => string = (p) => p): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, ext, map);
      else if (name.endsWith(ext)) out.push(map(p));
    }
  };
  const keys = join(PROJECT, 'test', 'fixtures', 'corpus-keys');
  if (HAS_CORPUS) walk(join(CORPUS, sub), '.jsonl');
  else if (existsSync(join(keys, sub))) walk(join(keys, sub), '.json', (p) => join(CORPUS, p.slice(keys.length + 1)).replace(/\.json$/, '.jsonl'));
  return out.sort();
}

/** Every temp dir a test made in this worker; test/setup.ts removes them after each file. */
export const TEMP_DIRS: string[] = [];

export function tempDir(prefix = 'gs-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  TEMP_DIRS.push(dir);
  return dir;
}

/** An isolated environment: its own HOME (no global git identity), cache and agent folders. */
export function isolatedEnv(home = tempDir('gs-home-')): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_SESSION_CACHE_DIR: join(home, '.cache', 'git-session'),
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    CODEX_HOME: join(home, '.codex'),
    NO_COLOR: '1',
  };
}

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A real git repository in a temp dir with one commit (SHA-1 ids unless asked for SHA-256). */
export function tempRepo(env: NodeJS.ProcessEnv = isolatedEnv(), objectFormat: 'sha1' | 'sha256' = 'sha1'): string {
  const dir = tempDir('gs-repo-');
  git(dir, ['init', '-q', '-b', 'main', `--object-format=${objectFormat}`], env);
  git(dir, ['config', 'user.name', 'Test User'], env);
  git(dir, ['config', 'user.email', 'test@example.com'], env);
  writeFileSync(join(dir, 'README.md'), '# demo\n');
  git(dir, ['add', '.'], env);
  git(dir, ['commit', '-q', '-m', 'initial'], env);
  return dir;
}

/** A bare remote and a clone of it per name (its user named after it), sharing one isolated environment. */
export function clonesOfOneRemote<N extends string>(...names: N[]): { env: NodeJS.ProcessEnv; bare: string; clones: Record<N, string> } {
  const env = isolatedEnv();
  const origin = tempRepo(env);
  const bare = join(tempDir(), 'remote.git');
  git(origin, ['clone', '-q', '--bare', origin, bare], env);
  const clones = {} as Record<N, string>;
  for (const name of names) {
    const dir = join(tempDir(), name);
    git(tempDir(), ['clone', '-q', bare, dir], env);
    git(dir, ['config', 'user.name', name], env);
    git(dir, ['config', 'user.email', `${name}@example.com`], env);
    clones[name] = dir;
  }
  return { env, bare, clones };
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; bin?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? PROJECT,
    env: opts.env ?? isolatedEnv(),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What `resume --json` gives after `save --no-llm` of the transcript `write` puts into a new
 * repository (given its root): the prompt and the manifest. Throws when either command fails.
 */
export function resumedAfterSave(write: (root: string) => string): { prompt: string; manifest: Record<string, any> } {
  const env = isolatedEnv();
  const root = tempRepo(env);
  const saved = cli(['save', '--no-llm', '-t', write(root)], { cwd: root, env });
  if (saved.status !== 0) throw new Error(`git session save exited ${saved.status}: ${saved.stderr}`);
  const resumed = cli(['resume', '--json'], { cwd: root, env });
  if (resumed.status !== 0) throw new Error(`git session resume exited ${resumed.status}: ${resumed.stderr}`);
  return JSON.parse(resumed.stdout);
}

/** Writes a JSONL file from objects (and raw strings, written as they are). */
export function writeJsonl(path: string, lines: Array<object | string>): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
}

/**
 * A folder where Claude Code keeps transcripts under the isolated HOME: hook payloads and MCP
 * calls name transcripts only there (or inside the repository), as the real agents do.
 */
export function agentLogDir(env: NodeJS.ProcessEnv, project = 'test-project'): string {
  const dir = join(env.HOME!, '.claude', 'projects', project);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A copy of a transcript in agentLogDir, under its own name. */
export function inAgentLogDir(env: NodeJS.ProcessEnv, file: string): string {
  const to = join(agentLogDir(env), basename(file));
  copyFileSync(file, to);
  return to;
}

/** A Codex rollout line `i` seconds into 2026-11-01: `{ timestamp, type, payload }`. */
export const codexLine = (i: number, type: string, payload: object) => ({ timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), type, payload });

/** A minimal Claude Code assistant line with usage. */
export function claudeAssistant(opts: {
  id: string;
  tokens: number;
  output?: number;
  sidechain?: boolean;
  model?: string;
  sessionId?: string;
  content?: object[];
  cwd?: string;
}) {
  return {
    type: 'assistant',
    isSidechain: opts.sidechain ?? false,
    sessionId: opts.sessionId ?? 'sess-1',
    cwd: opts.cwd ?? '/tmp/project',
    gitBranch: 'main',
    timestamp: '2026-01-01T00:00:00.000Z',
    message: {
      id: opts.id,
      model: opts.model ?? 'claude-sonnet-4-5-20250929',
      role: 'assistant',
      content: opts.content ?? [{ type: 'text', text: 'ok' }],
      usage: { input_tokens: 10, cache_creation_input_tokens: opts.tokens - 10 - 1000, cache_read_input_tokens: 1000, output_tokens: opts.output ?? 5 },
    },
  };
}

/** A Claude Code user line of the main conversation (fields of `extra` added or replaced: `isMeta`, `isCompactSummary`, a timestamp). */
export const claudeUser = (text: string, extra: object = {}) => ({
  type: 'user',
  isSidechain: false,
  sessionId: 'sess-1',
  cwd: '/tmp/project',
  timestamp: '2026-01-01T00:10:00.000Z',
  message: { role: 'user', content: text },
  ...extra,
});

/** Like `cli`, but without blocking this process's event loop (for servers run by the test). */
export function cliAsync(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? PROJECT, env: opts.env ?? isolatedEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolvePromise({ status: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Every JSON object line of a file, parsed the obvious way (the tests' independent oracle). */
export function readJsonl(path: string): Array<Record<string, any>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        const v = JSON.parse(l);
        return v && typeof v === 'object' && !Array.isArray(v) ? [v] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Runs a command's `run` in this process, in `cwd`, with its output going to a test double:
 * what it printed and its exit code, without spawning node (see cli/output.ts withOutput).
 */
export async function runInProcess(
  run: (opts: any, ...args: any[]) => Promise<number>,
  opts: object,
  args: unknown[] = [],
  cwd = process.cwd(),
  tty = false,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { bufferOutput, reportError, withOutput } = await import('../src/cli/output.js');
  const output = bufferOutput({ tty });
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const status = await withOutput(output, () => run(opts, ...args).catch((err: unknown) => reportError(err)));
    return { status, stdout: output.stdout.text, stderr: output.stderr.text };
  } finally {
    process.chdir(before);
  }
}
