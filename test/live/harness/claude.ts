/**
 * Driving the real Claude Code binary against the mock model: one-shot turns (`claude -p`, as
 * scripts and CI use it) and an interactive session in tmux (the only mode that runs the
 * statusline command).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockAnthropic } from './anthropic.js';
import { runAsync, type LiveProject, type RunResult } from './project.js';

const API_KEY = 'sk-ant-live-test-dummy-key-0123456789';

/** The environment Claude Code runs offline in: the mock as its API, nothing else on the network. */
export function claudeEnv(project: LiveProject, mock: MockAnthropic, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...project.env,
    ANTHROPIC_BASE_URL: mock.url,
    ANTHROPIC_API_KEY: API_KEY,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    // As root, --dangerously-skip-permissions needs a sandbox declared.
    ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}),
    ...extra,
  };
}

export interface Turn extends RunResult {
  sessionId: string;
  /** The -p JSON result: `modelUsage.<model>.contextWindow` and friends. */
  result: any;
}

/** One `claude -p` turn (a new session, or `--resume <id>`). */
export async function claudeTurn(
  bin: string,
  project: LiveProject,
  mock: MockAnthropic,
  prompt: string,
  opts: { resume?: string; model?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Turn> {
  const args = [
    '-p',
    ...(opts.resume ? ['--resume', opts.resume] : []),
    prompt,
    '--output-format',
    'json',
    '--dangerously-skip-permissions',
    ...(opts.model ? ['--model', opts.model] : []),
  ];
  const r = await runAsync(bin, args, { cwd: project.repo, env: claudeEnv(project, mock, opts.env), timeoutMs: 120_000 });
  let result: any = {};
  try {
    result = JSON.parse(r.stdout);
  } catch {
    throw new Error(`claude ${args.join(' ')} printed no JSON (exit ${r.status}): ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`);
  }
  return { ...r, sessionId: result.session_id, result };
}

/** The session's transcript file under the project's HOME. */
export function transcriptPath(project: LiveProject, sessionId: string): string {
  const projects = join(project.home, '.claude', 'projects');
  for (const dir of existsSync(projects) ? readdirSync(projects) : []) {
    const f = join(projects, dir, `${sessionId}.jsonl`);
    if (existsSync(f)) return f;
  }
  throw new Error(`no transcript for session ${sessionId} under ${projects}`);
}

export function transcriptLines(project: LiveProject, sessionId: string): any[] {
  return readFileSync(transcriptPath(project, sessionId), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Pre-seeds ~/.claude.json as a user who already went through onboarding and trusted the project,
 * so an interactive start goes straight to the prompt.
 */
export function seedInteractive(project: LiveProject): void {
  const file = join(project.home, '.claude.json');
  const have = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(
    file,
    JSON.stringify({
      ...have,
      hasCompletedOnboarding: true,
      lastOnboardingVersion: '2.1.332',
      bypassPermissionsModeAccepted: true,
      // The API key from the environment, approved as the user does at the first interactive start.
      customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] },
      projects: { ...have.projects, [project.repo]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An interactive Claude Code in a detached tmux session of its own (its own server socket). */
export class TmuxClaude {
  private readonly socket = `gs-live-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly bin: string,
    private readonly project: LiveProject,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private tmux(...args: string[]) {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts Claude Code in the session through a launcher script: tmux's own shell would reset PATH
   * (and with it the git-session the hooks call).
   */
  start(args: string[] = []): void {
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const exports = Object.entries({ ...this.env, TERM: 'xterm-256color' }).flatMap(([k, v]) => (v === undefined ? [] : [`export ${k}=${q(v)}`]));
    const launcher = join(this.project.root, 'launch-claude.sh');
    writeFileSync(
      launcher,
      `#!/bin/sh\n${exports.join('\n')}\ncd ${q(this.project.repo)}\nexec ${[this.bin, '--dangerously-skip-permissions', ...args].map(q).join(' ')}\n`,
      { mode: 0o755 },
    );
    const r = this.tmux('new-session', '-d', '-s', 'main', '-x', '180', '-y', '50', launcher);
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main').stdout;
  }

  /** Waits until `done()` holds (checked every 200 ms), up to `timeoutMs`. */
  async waitFor(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (done()) return;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${this.screen()}`);
  }

  /** Types a prompt and presses Enter. */
  async type(text: string): Promise<void> {
    this.tmux('send-keys', '-t', 'main', '-l', text);
    await sleep(300);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  stop(): void {
    this.tmux('kill-server');
  }
}

/** Whether tmux is on this machine (the interactive scenario needs it). */
export const hasTmux = (): boolean => spawnSync('tmux', ['-V']).status === 0;
