import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

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

describe('doctor and the MCP server', () => {
  it('reports the registration when the project has an .mcp.json, and its fix when it is missing', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toBeUndefined();
    writeFileSync(join(repo, '.mcp.json'), '{\n  // other servers\n  "mcpServers": {}\n}\n');
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toMatchObject({ status: 'warn', fix: 'git session install --mcp' });
    expect(cli(['install', '--mcp'], { cwd: repo, env }).status).toBe(0);
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/ mcp in .*\.mcp\.json$/) });
  });
});

describe('doctor runs the hook command', () => {
  it('as a GUI git client would (bare PATH): a bare `git-session` fails, the installed absolute path works, and install brings an old hook up to date', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['install', '--hooks'], { cwd: repo, env }).status).toBe(0);
    let r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(check(r, 'hook command')).toMatchObject({ status: 'ok' });
    expect(check(r, 'hook command').detail).toMatch(/runs git-session \d+\.\d+\.\d+, also with a bare PATH/);

    // A hook from an older install that calls whatever `git-session` PATH finds.
    const hook = join(repo, '.git', 'hooks', 'post-commit');
    const text = readFileSync(hook, 'utf8');
    const line = text.split('\n').find((l) => l.endsWith('# git-session'))!;
    writeFileSync(hook, text.replace(line, 'git-session hook post-commit </dev/null >/dev/null 2>&1 || true # git-session'));
    r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(r.status).toBe(1);
    expect(check(r, 'hook command')).toMatchObject({ status: 'fail', fix: expect.stringContaining('git session install --hooks') });
    expect(check(r, 'hook command').detail).toMatch(/fails with a bare PATH/);

    const again = cli(['install', '--hooks'], { cwd: repo, env });
    expect(again.stdout).toMatch(/updated the post-commit hook/);
    expect(readFileSync(hook, 'utf8')).toBe(text);
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'hook command').status).toBe('ok');
  });

  it('the installed hook falls back to git-session on PATH when the recorded install is gone', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    cli(['install', '--hooks'], { cwd: repo, env });
    const hook = join(repo, '.git', 'hooks', 'post-commit');
    // The recorded install moved away; a git-session on PATH answers instead.
    const bin = tempDir();
    writeFileSync(join(bin, 'git-session'), `#!/bin/sh\necho "$@" >> ${join(bin, 'calls')}\n`, { mode: 0o755 });
    writeFileSync(hook, readFileSync(hook, 'utf8').replaceAll(/\/[^' ]*\/bin\/git-session/g, '/moved/away/bin/git-session'));
    const r = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'x'], { cwd: repo, env: { ...env, PATH: `${bin}:${env.PATH}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(bin, 'calls'), 'utf8')).toBe('hook post-commit\n');
  });
});
