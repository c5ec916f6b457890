/**
 * The real agent binaries the live tests drive, at pinned versions, installed on demand into a
 * cache folder outside node_modules (each is ~400 MB: never a dependency of `npm ci`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AgentSpec {
  /** The npm package that ships the binary. */
  pkg: string;
  version: string;
  /** The binary's name in node_modules/.bin. */
  bin: string;
}

/** The versions the live tests cover; the README's "Tested with" table names the same. */
export const AGENTS = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude' },
  codex: { pkg: '@openai/codex', version: '0.171.0', bin: 'codex' },
} as const satisfies Record<string, AgentSpec>;

export type AgentName = keyof typeof AGENTS;

/** Where pinned agents are installed: `$GIT_SESSION_AGENTS_DIR`, else `~/.cache/git-session/agents`. */
export function agentsDir(env = process.env): string {
  return env.GIT_SESSION_AGENTS_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'git-session', 'agents');
}

const folderOf = (name: AgentName, env = process.env): string => join(agentsDir(env), `${name}-${AGENTS[name].version}`);

/** The binary of an installed agent, or undefined when it is not installed yet. */
export function installedAgent(name: AgentName, env = process.env): string | undefined {
  const bin = join(folderOf(name, env), 'node_modules', '.bin', AGENTS[name].bin);
  return existsSync(bin) ? bin : undefined;
}

/**
 * Installs an agent at its pinned version unless it is there, into a folder of its own (written
 * beside and renamed into place, so a killed install never leaves half a binary), and checks that
 * it runs and reports that version.
 * @returns the binary's path
 */
export function ensureAgent(name: AgentName, env = process.env): string {
  const have = installedAgent(name, env);
  if (have) return have;
  const spec = AGENTS[name];
  const final = folderOf(name, env);
  const tmp = `${final}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${spec.pkg}@${spec.version}`], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`npm install ${spec.pkg}@${spec.version} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
  }
  if (!existsSync(final)) renameSync(tmp, final);
  else rmSync(tmp, { recursive: true, force: true });
  const bin = installedAgent(name, env);
  if (!bin) throw new Error(`${spec.pkg}@${spec.version} installed, but ${spec.bin} is not in ${final}/node_modules/.bin`);
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !v.stdout.includes(spec.version))
    throw new Error(`${bin} --version said ${JSON.stringify((v.stdout + v.stderr).trim())}, expected ${spec.version}`);
  return bin;
}
