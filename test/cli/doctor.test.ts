import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookTrustHash } from '../../src/agents/codex/trust.js';
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

  it('after install --codex alone: the Codex hooks are installed, and doctor says whether Codex will run them (trust, review), step by step', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const installed = cli(['install', '--codex'], { cwd: repo, env });
    expect(installed.stdout).toMatch(/Codex will not run them yet: this project is not trusted/);
    const untrusted = cli(['doctor', '--json'], { cwd: repo, env });
    expect(untrusted.status).toBe(1);
    expect(check(untrusted, 'post-commit hook').status).toBe('warn');
    expect(check(untrusted, 'Codex hooks').status).toBe('ok');
    expect(check(untrusted, 'Codex runs them')).toMatchObject({ status: 'fail', fix: expect.stringContaining('codex exec --trust') });
    // Trusted, not reviewed: still nothing runs.
    const config = join(env.CODEX_HOME!, 'config.toml');
    mkdirSync(env.CODEX_HOME!, { recursive: true });
    writeFileSync(config, `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`);
    const unreviewed = check(cli(['doctor', '--json'], { cwd: repo, env }), 'Codex runs them');
    expect(unreviewed).toMatchObject({ status: 'fail', fix: expect.stringContaining('/hooks') });
    expect(unreviewed.detail).toMatch(/SessionStart \(not reviewed\)/);
    // Reviewed as Codex's /hooks records it (the hashes are checked against the real Codex in test/live).
    const hooks = JSON.parse(readFileSync(join(repo, '.codex', 'hooks.json'), 'utf8')).hooks as Record<
      string,
      Array<{ matcher?: string; hooks: Array<{ command: string; timeout: number }> }>
    >;
    let state = '';
    for (const [event, groups] of Object.entries(hooks)) {
      const key = `${join(repo, '.codex', 'hooks.json')}:${event.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}:0:0`;
      state += `[hooks.state.${JSON.stringify(key)}]\ntrusted_hash = ${JSON.stringify(hookTrustHash(event, groups[0]!.matcher, groups[0]!.hooks[0]!))}\n`;
    }
    writeFileSync(config, `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n${state}`);
    const reviewed = cli(['doctor', '--json'], { cwd: repo, env });
    expect(check(reviewed, 'Codex runs them')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^yes/) });
    expect(reviewed.status).toBe(0);
  });
});

describe('doctor and the MCP server', () => {
  it('reports the registration when the project has an .mcp.json, and its fix when it is missing', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toBeUndefined();
    writeFileSync(join(repo, '.mcp.json'), '{\n  "mcpServers": {}\n}\n');
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toMatchObject({ status: 'warn', fix: 'git session install --mcp' });
    expect(cli(['install', '--mcp'], { cwd: repo, env }).status).toBe(0);
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/ mcp \(.*\.mcp\.json\): git-session .* answered the MCP initialize request$/),
    });
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

describe('doctor and sync', () => {
  it('after install --sync: says fetch brings snapshots, and names the fix when the refspecs were removed', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const remote = tempDir('gs-remote-');
    spawnSync('git', ['init', '-q', '--bare', remote], { env });
    spawnSync('git', ['remote', 'add', 'origin', remote], { cwd: repo, env });
    expect(cli(['install', '--sync', 'origin'], { cwd: repo, env }).status).toBe(0);
    const check = () =>
      (JSON.parse(cli(['doctor', '--json'], { cwd: repo, env }).stdout).checks as Array<{ name: string; status: string; fix?: string }>).find(
        (c) => c.name === 'sync fetch refspecs',
      );
    expect(check()).toMatchObject({ status: 'ok' });
    spawnSync('git', ['config', '--unset-all', 'remote.origin.fetch', 'agentflow'], { cwd: repo, env });
    expect(check()).toMatchObject({ status: 'warn', fix: 'git session install --sync origin' });
  });
});
