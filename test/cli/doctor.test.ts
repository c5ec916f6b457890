import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, isolatedEnv, tempRepo } from '../helpers.js';

const check = (r: { stdout: string }, name: string) => JSON.parse(r.stdout).checks.find((c: any) => c.name === name);

describe('git session doctor', () => {
  it('in a repository with nothing installed: says what is missing, with the fix, and exits 0 (nothing is broken)', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(r.status).toBe(0);
    expect(check(r, 'post-commit hook')).toMatchObject({ status: 'warn', fix: 'git session install --hooks' });
    expect(check(r, 'Claude Code hooks').fix).toMatch(/git session install --claude/);
    expect(check(r, 'notes follow rebase/amend').status).toBe('warn');
    const human = cli(['doctor'], { cwd: repo, env });
    expect(human.stdout).toMatch(/post-commit hook/);
    expect(human.stdout).toMatch(/git session install --hooks/);
  });

  it('after install: the hooks are reported installed and a broken config value is named with its fix', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['install'], { cwd: repo, env }).status).toBe(0);
    let r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(check(r, 'post-commit hook').status).toBe('ok');
    expect(check(r, 'Claude Code hooks').status).toBe('ok');
    expect(check(r, 'notes follow rebase/amend').status).toBe('ok');
    spawnSync('git', ['config', 'agentflow.threshold', 'lots'], { cwd: repo, env });
    r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(JSON.stringify(check(r, 'config'))).toMatch(/agentflow\.threshold/);
    // A broken value is something broken: non-zero.
    expect(r.status).toBe(1);
  });

  it('after install --codex alone: reports the Codex hooks installed, the git hook not, and exits 0', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['install', '--codex'], { cwd: repo, env }).status).toBe(0);
    const r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(r.status).toBe(0);
    expect(check(r, 'post-commit hook').status).toBe('warn');
    expect(JSON.stringify(JSON.parse(r.stdout).checks)).toMatch(/Codex/);
  });
});
