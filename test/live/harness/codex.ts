/**
 * Driving the real Codex CLI against the loopback mock (responses.ts): a throw-away HOME and
 * CODEX_HOME whose config.toml points Codex at the mock, hook trust written the way Codex's own
 * `/hooks` review writes it, `codex exec` (new, resume, fork, ephemeral) run asynchronously with a
 * timeout, the rollout file of a session, and `codex app-server` for what only the TUI does
 * (manual compaction, the hooks list).
 *
 * Async only: the mock answers from the same node process, so a spawnSync would block it and hang
 * the agent.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ───────────────────────────── hook trust ─────────────────────────────

/** A command hook as written in hooks.json or `[hooks]` of a config.toml. */
export interface CommandHook {
  type: 'command';
  command: string;
  timeout?: number;
  async?: boolean;
  statusMessage?: string;
}

export interface HooksFile {
  hooks: Record<string, Array<{ matcher?: string; hooks: CommandHook[] }>>;
}

/** The snake_case label Codex uses for an event in hook keys and hashes (`SessionStart` → `session_start`). */
export function hookEventLabel(event: string): string {
  return event.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Events whose matcher Codex drops before hashing and matching (every other event keeps it, the
 * compaction and SessionEnd ones included). Checked against `hooks/list` of 0.171.
 */
export const EVENTS_WITHOUT_MATCHER = new Set(['UserPromptSubmit', 'Stop']);

/** The timeout Codex runs a hook with, in seconds: 600 unless set, at least 1; SessionEnd: 1 unless set, at most 3. */
export function hookTimeout(event: string, timeout: number | undefined): number {
  if (event === 'SessionEnd') return Math.min(Math.max(1, timeout ?? 1), 3);
  return Math.max(1, timeout ?? 600);
}

/** JSON with object keys sorted at every level, as Codex's canonical_json before hashing. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `trusted_hash` Codex expects for one command hook (codex-rs/hooks discovery
 * `command_hook_hash` + codex-config `version_for_toml`): the normalized identity
 * `{event_name, matcher?, hooks:[{type:"command", command, timeout, async, statusMessage?}]}` with
 * the effective matcher and timeout (see hookTimeout; absent options are left out, as TOML has no
 * null), serialized as JSON with sorted keys and no spaces, hashed with SHA-256: `sha256:<hex>`.
 * Equal to `hooks/list`'s `currentHash` for every hook tried with 0.171 (`async: true` untried).
 */
export function hookTrustHash(event: string, matcher: string | undefined, hook: CommandHook): string {
  const identity = {
    event_name: hookEventLabel(event),
    matcher: EVENTS_WITHOUT_MATCHER.has(event) ? undefined : matcher,
    hooks: [
      { type: 'command', command: hook.command, timeout: hookTimeout(event, hook.timeout), async: hook.async ?? false, statusMessage: hook.statusMessage },
    ],
  };
  return `sha256:${createHash('sha256').update(canonicalJson(identity)).digest('hex')}`;
}

/**
 * The key of a hook's trust state: `<absolute source file>:<event label>:<group index>:<handler index>`.
 * The path is the file as Codex found it; when a path has symlinks in it (macOS /var → /private/var),
 * `AppServer.hooksList` shows the exact key.
 */
export function hookKey(sourcePath: string, event: string, group: number, handler: number): string {
  return `${sourcePath}:${hookEventLabel(event)}:${group}:${handler}`;
}

/** Trust entries for every command hook of the hooks.json files that exist (e.g. `<repo>/.codex/hooks.json` and `$CODEX_HOME/hooks.json`). */
export function reviewHooks(...hooksJsonPaths: string[]): Array<{ key: string; hash: string; event: string }> {
  return hooksJsonPaths.filter((p) => existsSync(p)).flatMap((p) => reviewHooksFile(p));
}

/** Trust entries (key → trusted_hash) for every command hook of a hooks.json, as `/hooks` would record them. */
export function reviewHooksFile(hooksJsonPath: string): Array<{ key: string; hash: string; event: string }> {
  const path = realpathSync(hooksJsonPath);
  const file = JSON.parse(readFileSync(path, 'utf8')) as HooksFile;
  const out: Array<{ key: string; hash: string; event: string }> = [];
  for (const [event, groups] of Object.entries(file.hooks ?? {})) {
    groups.forEach((g, gi) =>
      g.hooks.forEach((h, hi) => {
        if (h.type === 'command') out.push({ key: hookKey(path, event, gi, hi), hash: hookTrustHash(event, g.matcher, h), event });
      }),
    );
  }
  return out;
}

// ───────────────────────────── CODEX_HOME ─────────────────────────────

export interface CodexConfigOptions {
  /** The mock's base URL (MockResponses.url), without /v1. */
  mockUrl: string;
  /** The CODEX_HOME the config is for (set by makeCodexHome; `lean` keeps its instructions file there). */
  codexHome?: string;
  model?: string;
  /** Offer the update_plan tool (`[tools.update_plan] enabled = true`); off by default, as in Codex. */
  updatePlan?: boolean;
  /** `model_auto_compact_token_limit`: compact automatically once the context passes this many tokens. */
  autoCompactLimit?: number;
  /** Projects marked `trust_level = "trusted"` (absolute paths). */
  trusted?: string[];
  /** Projects marked `trust_level = "untrusted"`. */
  untrusted?: string[];
  /** Reviewed hooks: `[hooks.state."<key>"] trusted_hash = …` entries (see reviewHooksFile). */
  reviewed?: Array<{ key: string; hash: string }>;
  /**
   * Keep requests and rollouts small: `model_instructions_file` (CODEX_HOME/instructions.md, one
   * line) instead of Codex's ~22 KB base instructions, no bundled skills, no skills list. Needs `codexHome`.
   */
  lean?: boolean;
  /** More top-level keys (`key = value` lines), placed before the first table. */
  top?: string;
  /** More TOML (tables) appended verbatim at the end. */
  extra?: string;
}

const q = (s: string) => JSON.stringify(s);

/** A config.toml that runs Codex offline against the mock, with no approvals and no sandbox. */
export function codexConfigToml(o: CodexConfigOptions): string {
  const lines = [
    `model = ${q(o.model ?? 'gpt-5.5')}`,
    'model_provider = "mock"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    ...(o.autoCompactLimit !== undefined ? [`model_auto_compact_token_limit = ${o.autoCompactLimit}`] : []),
    ...(o.lean && o.codexHome ? [`model_instructions_file = ${q(join(o.codexHome, 'instructions.md'))}`] : []),
    ...(o.top ? [o.top] : []),
    '',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = ${q(`${o.mockUrl}/v1`)}`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ];
  if (o.updatePlan) lines.push('[tools.update_plan]', 'enabled = true', '');
  if (o.lean) lines.push('[skills]', 'include_instructions = false', '', '[skills.bundled]', 'enabled = false', '');
  for (const p of o.trusted ?? []) lines.push(`[projects.${q(p)}]`, 'trust_level = "trusted"', '');
  for (const p of o.untrusted ?? []) lines.push(`[projects.${q(p)}]`, 'trust_level = "untrusted"', '');
  for (const r of o.reviewed ?? []) lines.push(`[hooks.state.${q(r.key)}]`, `trusted_hash = ${q(r.hash)}`, '');
  if (o.extra) lines.push(o.extra);
  return lines.join('\n');
}

export interface CodexHome {
  home: string;
  codexHome: string;
  /** The environment to run codex, git and git-session with: nothing from the real HOME. */
  env: Record<string, string>;
  /** Rewrites config.toml. */
  configure(o: Omit<CodexConfigOptions, 'mockUrl'>): void;
}

/**
 * A fresh HOME with `.codex` (CODEX_HOME), a git identity and the short instructions file `lean`
 * uses, for one experiment or test. Under /tmp Codex warns that it will not create PATH helpers
 * there; that is harmless.
 */
export function makeCodexHome(o: CodexConfigOptions, base = tmpdir()): CodexHome {
  const home = realpathSync(mkdtempSync(join(base, 'codex-home-')));
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CODEX_HOME: codexHome,
    MOCK_API_KEY: 'sk-mock',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
  writeFileSync(join(codexHome, 'instructions.md'), 'You are Codex, a coding agent. (Short instructions for tests.)\n');
  const configure = (c: Omit<CodexConfigOptions, 'mockUrl'>) =>
    writeFileSync(join(codexHome, 'config.toml'), codexConfigToml({ ...c, mockUrl: o.mockUrl, codexHome }));
  configure(o);
  return { home, codexHome, env, configure };
}

// ───────────────────────────── running codex ─────────────────────────────

export interface CodexRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** The session (thread) id Codex printed ("session id: …" on stderr), if any. */
  sessionId?: string;
}

/**
 * Runs codex with these arguments, asynchronously; kills it after `timeoutMs`. stdin is closed
 * (exec would otherwise wait for it). The session id comes from "session id: …" on stderr, or from
 * the `thread.started` event with `--json`.
 */
export function runCodex(bin: string, args: string[], o: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<CodexRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 120_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const sessionId = /session id: ([0-9a-f-]{36})/.exec(stderr)?.[1] ?? /"thread_id":"([0-9a-f-]{36})"/.exec(stdout)?.[1];
      resolve({ status, signal, stdout, stderr, durationMs: Date.now() - started, timedOut, sessionId });
    });
  });
}

export interface ExecOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** More flags before the prompt, e.g. `--dangerously-bypass-hook-trust`, `-c key=value`, `--json`. */
  flags?: string[];
}

/** `codex exec [flags] <prompt>`: a new session. */
export const codexExec = (bin: string, prompt: string, o: ExecOptions) => runCodex(bin, ['exec', '--skip-git-repo-check', ...(o.flags ?? []), prompt], o);
/** `codex exec --ephemeral`: a session whose rollout is never written. */
export const codexExecEphemeral = (bin: string, prompt: string, o: ExecOptions) =>
  runCodex(bin, ['exec', '--skip-git-repo-check', '--ephemeral', ...(o.flags ?? []), prompt], o);
/** `codex exec resume <id> <prompt>`: another turn in the same session (same id, same rollout file). */
export const codexResume = (bin: string, id: string, prompt: string, o: ExecOptions) =>
  runCodex(bin, ['exec', 'resume', '--skip-git-repo-check', ...(o.flags ?? []), id, prompt], o);
/**
 * `codex exec fork <id> <prompt>`: a new session (new id) whose model context starts from another's
 * history. Its rollout holds only its own lines: `session_meta.forked_from_id` and
 * `forked_from_ordinal_exclusive` point into the parent's rollout.
 */
export const codexFork = (bin: string, id: string, prompt: string, o: ExecOptions) =>
  runCodex(bin, ['exec', 'fork', '--skip-git-repo-check', ...(o.flags ?? []), id, prompt], o);

// ───────────────────────────── rollouts ─────────────────────────────

/** Every rollout file under CODEX_HOME/sessions (plain `.jsonl` and idle-compressed `.jsonl.zst`), oldest first. */
export function listRollouts(codexHome: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^rollout-.*\.jsonl(\.zst)?$/.test(name)) out.push(p);
    }
  };
  walk(join(codexHome, 'sessions'));
  return out.sort();
}

/** The rollout of a session: `sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl` (or `.jsonl.zst`). */
export function findRollout(codexHome: string, sessionId: string): string | undefined {
  return listRollouts(codexHome).find((p) => p.includes(sessionId));
}

/** The lines of a rollout, parsed (a `.zst` one is decompressed with the zstd tool). Unparseable lines are skipped. */
export function readRollout(path: string): Array<{ timestamp: string; ordinal?: number; type: string; payload: any }> {
  const text = path.endsWith('.zst') ? spawnSync('zstd', ['-dc', path], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout : readFileSync(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

// ───────────────────────────── app-server ─────────────────────────────

/**
 * `codex app-server` over stdio: newline-delimited JSON-RPC. `initialize` first; then requests
 * like `thread/resume`, `thread/compact/start`, `hooks/list`, `config/batchWrite`.
 * Notifications (`turn/started`, `hook/started`, `hook/completed`, `item/completed` with a
 * `contextCompaction` item, `turn/completed`, …) are collected. A manual compaction runs
 * PreCompact and PostCompact (trigger "manual") but no SessionStart; closing the server runs SessionEnd.
 */
export class AppServer {
  readonly notifications: Array<{ method: string; params: any }> = [];
  stderr = '';
  private child!: ChildProcessWithoutNullStreams;
  private next = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private waiters: Array<{ test: (n: { method: string; params: any }) => boolean; resolve: (n: { method: string; params: any }) => void }> = [];

  constructor(
    private bin: string,
    private o: { cwd: string; env: Record<string, string>; args?: string[] },
  ) {}

  async start(): Promise<this> {
    this.child = spawn(this.bin, ['app-server', ...(this.o.args ?? [])], { cwd: this.o.cwd, env: this.o.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = '';
    this.child.stdout.on('data', (d) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) this.onMessage(line);
      }
    });
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`app-server exited: ${this.stderr.slice(-500)}`));
      this.pending.clear();
    });
    await this.request('initialize', { clientInfo: { name: 'git-session-live-test', title: null, version: '0.0.0' }, capabilities: null });
    this.notify('initialized');
    return this;
  }

  private onMessage(line: string): void {
    let msg: any;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (msg.id !== undefined && (msg.result !== undefined || msg.error !== undefined) && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.message ?? JSON.stringify(msg.error)}`));
      else p.resolve(msg.result);
    } else if (msg.method && msg.id !== undefined) {
      // A request from the server (an approval): decline; the tests run with approval "never".
      this.child.stdin.write(`${JSON.stringify({ id: msg.id, result: { decision: 'decline' } })}\n`);
    } else if (msg.method) {
      const n = { method: msg.method as string, params: msg.params };
      this.notifications.push(n);
      this.waiters = this.waiters.filter((w) => (w.test(n) ? (w.resolve(n), false) : true));
    }
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  notify(method: string, params?: unknown): void {
    this.child.stdin.write(`${JSON.stringify(params === undefined ? { method } : { method, params })}\n`);
  }

  /** Resolves with the first notification (already received or coming) that passes `test`. */
  waitFor(test: (n: { method: string; params: any }) => boolean, timeoutMs = 60_000): Promise<{ method: string; params: any }> {
    const have = this.notifications.find(test);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching notification in ${timeoutMs} ms; got ${this.notifications.map((n) => n.method).join(', ')}`)),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (n) => (clearTimeout(timer), resolve(n)) });
    });
  }

  /** The hooks Codex sees for these working directories, with each one's key, currentHash and trustStatus. */
  hooksList(cwds: string[]): Promise<{ data: Array<{ cwd: string; hooks: any[]; warnings: string[]; errors: any[] }> }> {
    return this.request('hooks/list', { cwds });
  }

  /**
   * Reviews hooks as the TUI's `/hooks` does: reads each hook's `currentHash` from `hooks/list`
   * and writes `hooks.state."<key>".trusted_hash` into the user's config.toml with
   * `config/batchWrite`. Only hooks of loaded layers are listed (none of an untrusted project).
   * @returns the keys it trusted
   */
  async reviewHooks(cwds: string[]): Promise<string[]> {
    const list = await this.hooksList(cwds);
    const todo = list.data.flatMap((d) => d.hooks).filter((h) => h.trustStatus === 'untrusted' || h.trustStatus === 'modified');
    if (!todo.length) return [];
    await this.request('config/batchWrite', {
      edits: todo.map((h) => ({ keyPath: `hooks.state.${JSON.stringify(h.key)}`, value: { trusted_hash: h.currentHash }, mergeStrategy: 'upsert' })),
      reloadUserConfig: true,
    });
    return todo.map((h) => h.key);
  }

  /** Loads a stored session (thread) so that it can be compacted or continued (without its turns: full hydration is deprecated for paginated threads). */
  resumeThread(threadId: string): Promise<any> {
    return this.request('thread/resume', { threadId, excludeTurns: true });
  }

  /** A manual compaction, as `/compact` in the TUI: resumes the thread, starts it, waits for the turn to finish. */
  async compact(threadId: string, timeoutMs = 60_000): Promise<void> {
    await this.resumeThread(threadId);
    const already = this.notifications.length;
    await this.request('thread/compact/start', { threadId });
    await this.waitFor(
      (n) => this.notifications.indexOf(n) >= already && n.method === 'turn/completed' && (n.params?.threadId ?? threadId) === threadId,
      timeoutMs,
    );
  }

  /** Ends the server (closes stdin, then kills it if it does not exit), letting SessionEnd hooks run. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = new Promise<void>((r) => this.child.once('close', () => r()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await closed;
    clearTimeout(timer);
  }
}
