import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, isolatedEnv, tempRepo } from '../helpers.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;
const USER_HOOK = '#!/bin/sh\necho "my own post-commit"\n';

function setup() {
  const env = isolatedEnv();
  return { env, repo: tempRepo(env) };
}

describe('install reads and checks every target before changing any', () => {
  it('a .claude/settings.json with comments is edited as JSONC and keeps its comments; uninstall restores it byte for byte', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.claude'));
    const path = join(repo, '.claude', 'settings.json');
    const original =
      '{\n  // the team allows the test command\n  "permissions": { "allow": ["Bash(npm test)"] },\n  /* our own Stop hook */\n  "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "notify-send done" }] }], },\n}\n';
    writeFileSync(path, original);
    const r = cli(['install', '--claude'], { cwd: repo, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('// the team allows the test command');
    expect(written).toContain('/* our own Stop hook */');
    expect(written).toMatch(/"notify-send done"[\s\S]*hook stop # git-session/);
    expect(written).toContain('statusline # git-session');
    expect(cli(['uninstall'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('a settings file that is a symlink (dotfiles kept elsewhere) stays a symlink: its target gets the hooks, and gets them back out', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.claude'));
    const dotfiles = join(env.HOME!, 'dotfiles');
    mkdirSync(dotfiles);
    const target = join(dotfiles, 'claude-settings.json');
    const original = '{ "permissions": { "allow": [] } }\n';
    writeFileSync(target, original);
    const path = join(repo, '.claude', 'settings.json');
    symlinkSync(target, path);
    expect(cli(['install', '--claude'], { cwd: repo, env }).status).toBe(0);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('hook stop # git-session');
    expect(cli(['uninstall'], { cwd: repo, env }).status).toBe(0);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(original);
  });

  it('after the user edits the file, uninstall takes out only its own entries and keeps the comments', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.claude'));
    const path = join(repo, '.claude', 'settings.json');
    writeFileSync(path, '{\n  // keep me\n  "model": "opus"\n}\n');
    cli(['install', '--claude'], { cwd: repo, env });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"model": "opus"', '"model": "sonnet"'));
    cli(['uninstall'], { cwd: repo, env });
    const after = readFileSync(path, 'utf8');
    expect(after).toContain('// keep me');
    expect(after).toContain('"model": "sonnet"');
    expect(after).not.toContain('git-session');
  });

  it('a hook file it cannot edit is refused before the git hook or anything else is written', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.codex'));
    writeFileSync(join(repo, '.codex', 'hooks.json'), '{"hooks": ["not", "an", "object"]}');
    writeFileSync(join(repo, '.git', 'hooks', 'post-commit'), USER_HOOK, { mode: 0o750 });
    const r = cli(['install', '--hooks', '--codex'], { cwd: repo, env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('hooks.json');
    expect(readFileSync(join(repo, '.git', 'hooks', 'post-commit'), 'utf8')).toBe(USER_HOOK);
    expect(existsSync(join(repo, '.git', 'hooks', 'post-commit.pre-git-session'))).toBe(false);
    expect(existsSync(join(repo, '.git', 'agentflow', 'install.json'))).toBe(false);
    expect(spawnSync('git', ['config', '--get', 'notes.rewriteRef'], { cwd: repo, env }).status).toBe(1);
  });
});

describe('a failure part-way is rolled back', () => {
  it('git config locked: the user hook and settings are put back exactly, no record is left, and a later install works', () => {
    const { env, repo } = setup();
    const hook = join(repo, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, USER_HOOK);
    chmodSync(hook, 0o750);
    mkdirSync(join(repo, '.claude'));
    const settings = join(repo, '.claude', 'settings.json');
    writeFileSync(settings, '{"model": "opus"}');
    // A killed git's lock on .git/config: the files are written before the config, so they must be undone.
    const lock = join(repo, '.git', 'config.lock');
    writeFileSync(lock, '');
    const r = cli(['install'], { cwd: repo, env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Install failed .*put back/);
    expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK);
    expect(modeOf(hook)).toBe(0o750);
    expect(existsSync(`${hook}.pre-git-session`)).toBe(false);
    expect(readFileSync(settings, 'utf8')).toBe('{"model": "opus"}');
    expect(existsSync(join(repo, '.git', 'agentflow', 'install.json'))).toBe(false);

    rmSync(lock);
    expect(cli(['install'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(`${hook}.pre-git-session`, 'utf8')).toBe(USER_HOOK);
    expect(modeOf(`${hook}.pre-git-session`)).toBe(0o750);
    expect(cli(['uninstall'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK);
    expect(modeOf(hook)).toBe(0o750);
  });
});

describe('hook files and folders', () => {
  it('a husky hook keeps its mode through install and uninstall', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.husky', '_'), { recursive: true });
    const hook = join(repo, '.husky', 'post-commit');
    writeFileSync(hook, 'npm run lint-staged\n');
    chmodSync(hook, 0o644);
    git(repo, ['config', 'core.hooksPath', '.husky/_'], env);
    expect(cli(['install', '--hooks'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain('# git-session');
    expect(modeOf(hook)).toBe(0o644);
    cli(['uninstall'], { cwd: repo, env });
    expect(readFileSync(hook, 'utf8')).toBe('npm run lint-staged\n');
    expect(modeOf(hook)).toBe(0o644);
  });

  it('uninstall removes the hooks folder install created for core.hooksPath, and only that', () => {
    const { env, repo } = setup();
    git(repo, ['config', 'core.hooksPath', 'tools/git/hooks'], env);
    expect(cli(['install', '--hooks'], { cwd: repo, env }).status).toBe(0);
    expect(existsSync(join(repo, 'tools', 'git', 'hooks', 'post-commit'))).toBe(true);
    cli(['uninstall'], { cwd: repo, env });
    expect(existsSync(join(repo, 'tools'))).toBe(false);

    mkdirSync(join(repo, 'tools'));
    writeFileSync(join(repo, 'tools', 'keep.sh'), 'echo\n');
    cli(['install', '--hooks'], { cwd: repo, env });
    cli(['uninstall'], { cwd: repo, env });
    expect(existsSync(join(repo, 'tools', 'git'))).toBe(false);
    expect(readFileSync(join(repo, 'tools', 'keep.sh'), 'utf8')).toBe('echo\n');
  });
});
