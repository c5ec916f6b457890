import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeProjectDir } from '../../src/transcript/index.js';
import { claudeAssistant, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

/** A repo whose Claude Code session (in the isolated HOME) is at `tokens` of a 200K window. */
function project(tokens: number) {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const transcript = join(env.CLAUDE_CONFIG_DIR!, 'projects', encodeProjectDir(repo), 'sess-hook.jsonl');
  writeJsonl(transcript, [
    { type: 'user', sessionId: 'sess-hook', cwd: repo, message: { role: 'user', content: 'add the parser' } },
    claudeAssistant({ id: 'm1', tokens, sessionId: 'sess-hook', cwd: repo }),
  ]);
  return { env, repo, transcript };
}

function commit(repo: string, env: NodeJS.ProcessEnv, msg = 'work') {
  writeFileSync(join(repo, `${msg.replace(/\W/g, '_')}.txt`), `${msg}\n`);
  git(repo, ['add', '.'], env);
  const r = spawnSync('git', ['commit', '-q', '-m', msg], { cwd: repo, env, encoding: 'utf8' });
  return r;
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const snapshotCount = (repo: string, env: NodeJS.ProcessEnv) => {
  const r = spawnSync('git', ['rev-list', '--count', 'refs/agentflow/sessions'], { cwd: repo, env, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
};

describe('post-commit hook', () => {
  it('notes every commit with the session pressure and saves nothing below the threshold', () => {
    const { env, repo } = project(50_000);
    expect(cli(['install', '--hooks'], { cwd: repo, env }).status).toBe(0);
    expect(commit(repo, env).status).toBe(0);
    const note = git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env);
    expect(note).toContain('Session-Id: sess-hook');
    expect(note).toContain('Level: NORMAL');
    expect(note).toContain('Context: 25%');
    expect(snapshotCount(repo, env)).toBe(0);
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toMatch(/ ok noted [0-9a-f]{10}: NORMAL 25%/);
  });

  it('saves a snapshot in the background at the threshold', async () => {
    const { env, repo } = project(170_000);
    cli(['install', '--hooks'], { cwd: repo, env });
    expect(commit(repo, env).status).toBe(0);
    expect(await waitFor(() => snapshotCount(repo, env) === 1)).toBe(true);
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=Reason,valueonly)', 'refs/agentflow/sessions'], env)).toBe('threshold');
    // A burst of commits right after does not start a save per commit: the hook decides before the
    // commit returns, and logs a save it starts (as it did for the first commit) or a note.
    const log = () => readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8');
    expect(log()).toMatch(/ save threshold: /);
    commit(repo, env, 'second');
    const second = git(repo, ['rev-parse', 'HEAD'], env).slice(0, 10);
    expect(log()).toContain(`noted ${second}`);
    expect(log()).not.toContain(`on ${second}, saving`);
    expect(snapshotCount(repo, env)).toBe(1);
  });

  it('saves on the time trigger once agentflow.interval has passed', async () => {
    const { env, repo } = project(10_000);
    git(repo, ['config', 'agentflow.interval', '1s'], env);
    cli(['install', '--hooks'], { cwd: repo, env });
    commit(repo, env, 'first');
    await new Promise((r) => setTimeout(r, 1200));
    commit(repo, env, 'later');
    expect(await waitFor(() => snapshotCount(repo, env) === 1)).toBe(true);
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=Reason,valueonly)', 'refs/agentflow/sessions'], env)).toBe('interval');
  });

  it('still lets the commit succeed with a broken config, and logs why', () => {
    const { env, repo } = project(50_000);
    cli(['install', '--hooks'], { cwd: repo, env });
    git(repo, ['config', 'agentflow.threshold', 'banana'], env);
    git(repo, ['config', 'agentflow.contextLimit', '-5'], env);
    const r = commit(repo, env);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toContain('agentflow.threshold="banana" is not valid');
  });

  it('starts nothing while git replays commits (rebase), and notes.rewriteRef carries the notes', () => {
    const { env, repo } = project(50_000);
    cli(['install', '--hooks'], { cwd: repo, env });
    git(repo, ['checkout', '-q', '-b', 'topic'], env);
    for (const m of ['one', 'two', 'three']) expect(commit(repo, env, m).status).toBe(0);
    const log = join(repo, '.git', 'agentflow', 'hook.log');
    const runs = () => readFileSync(log, 'utf8').trim().split('\n').length;
    expect(runs()).toBe(3);
    const noted = git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env);
    git(repo, ['checkout', '-q', 'main'], env);
    commit(repo, env, 'on main');
    const before = runs();
    git(repo, ['checkout', '-q', 'topic'], env);
    git(repo, ['rebase', '-q', 'main'], env);
    // Three commits replayed, no hook run logged; each rebased commit kept its note.
    expect(runs()).toBe(before);
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toBe(noted);
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD~2'], env)).toContain('Session-Id: sess-hook');
    // And an ordinary commit afterwards runs it again.
    commit(repo, env, 'after');
    expect(runs()).toBe(before + 1);
  });

  it('lets the commit succeed, silently, when git-session itself is broken', () => {
    const { env, repo } = project(50_000);
    cli(['install', '--hooks'], { cwd: repo, env });
    const hook = join(repo, '.git', 'hooks', 'post-commit');
    const line = readFileSync(hook, 'utf8')
      .split('\n')
      .find((l) => l.endsWith('# git-session'))!;
    // Break only the program the installed line runs (a CLI that throws, loudly, when loaded);
    // its own guards stay as install wrote them.
    const crashing = join(tempDir(), 'crashing-cli.mjs');
    writeFileSync(crashing, "console.error('error: nonexistent module'); throw new Error('boom');\n");
    const broken = line.replaceAll(/\/[^' ]*\/bin\/git-session/g, crashing);
    expect(broken).not.toBe(line);
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(line, broken));
    const before = git(repo, ['rev-list', '--count', 'HEAD'], env);
    const r = commit(repo, env);
    expect(r.status).toBe(0);
    // git ignores a post-commit hook's exit status; what the user would see is its output.
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/nonexistent|not found|error/i);
    expect(Number(git(repo, ['rev-list', '--count', 'HEAD'], env))).toBe(Number(before) + 1);
  });
});

describe('install / uninstall', () => {
  it('chains an existing post-commit hook and restores it byte for byte', () => {
    const { env, repo } = project(10_000);
    const hook = join(repo, '.git', 'hooks', 'post-commit');
    const original = '#!/bin/sh\necho "previous hook ran" > "$(git rev-parse --git-dir)/previous-ran"\nexit 0\n';
    writeFileSync(hook, original);
    chmodSync(hook, 0o751);
    cli(['install', '--hooks'], { cwd: repo, env });
    expect(commit(repo, env).status).toBe(0);
    expect(existsSync(join(repo, '.git', 'previous-ran'))).toBe(true);
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('sess-hook');
    expect(cli(['uninstall'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(statSync(hook).mode & 0o777).toBe(0o751);
    expect(existsSync(`${hook}.pre-git-session`)).toBe(false);
  });

  it('works with husky: appends to .husky/post-commit and removes exactly that', () => {
    const { env, repo } = project(10_000);
    mkdirSync(join(repo, '.husky', '_'), { recursive: true });
    // What husky 9 sets up: core.hooksPath=.husky/_ with stubs that run .husky/<hook>.
    writeFileSync(
      join(repo, '.husky', '_', 'h'),
      '#!/usr/bin/env sh\nn=$(basename "$0")\ns=$(dirname "$(dirname "$0")")/$n\n[ ! -f "$s" ] && exit 0\nsh -e "$s" "$@"\n',
    );
    writeFileSync(join(repo, '.husky', '_', 'post-commit'), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n');
    chmodSync(join(repo, '.husky', '_', 'post-commit'), 0o755);
    const userHook = 'echo "lint-staged would run"';
    writeFileSync(join(repo, '.husky', 'post-commit'), userHook);
    git(repo, ['config', 'core.hooksPath', '.husky/_'], env);
    cli(['install', '--hooks'], { cwd: repo, env });
    expect(readFileSync(join(repo, '.husky', 'post-commit'), 'utf8')).toContain('# >>> git-session >>>');
    expect(commit(repo, env).status).toBe(0);
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('sess-hook');
    cli(['uninstall'], { cwd: repo, env });
    expect(readFileSync(join(repo, '.husky', 'post-commit'), 'utf8')).toBe(userHook);
  });

  it('respects a custom core.hooksPath', () => {
    const { env, repo } = project(10_000);
    git(repo, ['config', 'core.hooksPath', 'tools/hooks'], env);
    cli(['install', '--hooks'], { cwd: repo, env });
    expect(existsSync(join(repo, 'tools', 'hooks', 'post-commit'))).toBe(true);
    expect(existsSync(join(repo, '.git', 'hooks', 'post-commit'))).toBe(false);
    expect(commit(repo, env).status).toBe(0);
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('sess-hook');
    cli(['uninstall'], { cwd: repo, env });
    expect(existsSync(join(repo, 'tools', 'hooks', 'post-commit'))).toBe(false);
  });

  it('is idempotent and sets notes.rewriteRef so notes follow an amend', () => {
    const { env, repo } = project(10_000);
    cli(['install'], { cwd: repo, env });
    const second = cli(['install'], { cwd: repo, env });
    expect(second.stdout).toContain('already installed');
    expect(git(repo, ['config', '--get-all', 'notes.rewriteRef'], env)).toBe('refs/notes/agentflow');
    commit(repo, env);
    const note = git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env);
    expect(note).toContain('sess-hook');
    // With the hook disabled only notes.rewriteRef can carry the note to the amended commit.
    const amend = (msg: string) => git(repo, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--amend', '-m', msg], env);
    amend('amended');
    expect(git(repo, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toBe(note);
    git(repo, ['config', '--unset-all', 'notes.rewriteRef'], env);
    amend('amended again');
    expect(spawnSync('git', ['notes', '--ref=agentflow', 'show', 'HEAD'], { cwd: repo, env }).status).not.toBe(0);
    git(repo, ['config', '--add', 'notes.rewriteRef', 'refs/notes/agentflow'], env);
    cli(['uninstall'], { cwd: repo, env });
    expect(spawnSync('git', ['config', '--get-all', 'notes.rewriteRef'], { cwd: repo, env }).status).toBe(1);
  });

  it('merges Claude Code hooks into existing settings and restores them exactly', () => {
    const { env, repo } = project(10_000);
    mkdirSync(join(repo, '.claude'));
    const original =
      '{\n    "permissions": {"allow": ["Bash(npm test)"]},\n    "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}], "PreCompact": [{"matcher": "manual", "hooks": [{"type": "command", "command": "echo mine"}]}]}\n}\n';
    writeFileSync(join(repo, '.claude', 'settings.json'), original);
    cli(['install', '--claude'], { cwd: repo, env });
    const s = JSON.parse(readFileSync(join(repo, '.claude', 'settings.json'), 'utf8'));
    expect(s.permissions).toEqual({ allow: ['Bash(npm test)'] });
    // The user's own Stop hook stays first; ours (save ahead) is added after it.
    expect(s.hooks.Stop).toHaveLength(2);
    expect(s.hooks.Stop[0].hooks[0].command).toBe('notify-send done');
    expect(s.hooks.Stop[1].hooks[0].command).toMatch(/ hook stop # git-session$/);
    expect(s.hooks.PostCompact[0].hooks[0].command).toMatch(/ hook post-compact # git-session$/);
    expect(s.hooks.PreCompact).toHaveLength(2);
    expect(s.hooks.PreCompact[0].hooks[0].command).toBe('echo mine');
    expect(s.hooks.PreCompact[1].hooks[0].command).toMatch(/hook pre-compact # git-session$/);
    expect(s.hooks.SessionStart[0].matcher).toBe('startup|resume|clear|compact');
    expect(s.hooks.SessionEnd[0].hooks[0].command).toMatch(/ hook session-end # git-session$/);
    expect(s.statusLine.command).toMatch(/ statusline # git-session$/);
    cli(['uninstall'], { cwd: repo, env });
    expect(readFileSync(join(repo, '.claude', 'settings.json'), 'utf8')).toBe(original);
  });

  it('wraps an existing statusline and puts it back on uninstall, even after other edits', () => {
    const { env, repo } = project(10_000);
    mkdirSync(join(repo, '.claude'));
    writeFileSync(join(repo, '.claude', 'settings.json'), JSON.stringify({ statusLine: { type: 'command', command: 'my-statusline --short', padding: 1 } }));
    cli(['install', '--claude'], { cwd: repo, env });
    expect(git(repo, ['config', 'agentflow.statusline.wrap'], env)).toBe('my-statusline --short');
    const path = join(repo, '.claude', 'settings.json');
    const s = JSON.parse(readFileSync(path, 'utf8'));
    s.model = 'opus';
    writeFileSync(path, JSON.stringify(s));
    cli(['uninstall'], { cwd: repo, env });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ statusLine: { type: 'command', command: 'my-statusline --short', padding: 1 }, model: 'opus' });
    expect(spawnSync('git', ['config', 'agentflow.statusline.wrap'], { cwd: repo, env }).status).toBe(1);
  });

  it('creates .claude/settings.json when missing and removes it again', () => {
    const { env, repo } = project(10_000);
    cli(['install', '--claude'], { cwd: repo, env });
    expect(existsSync(join(repo, '.claude', 'settings.json'))).toBe(true);
    cli(['uninstall'], { cwd: repo, env });
    expect(existsSync(join(repo, '.claude'))).toBe(false);
  });

  it('a .claude/settings.json install created: uninstall deletes it even after the user reformatted it, and says when it is already gone', () => {
    const { env, repo } = project(10_000);
    const file = join(repo, '.claude', 'settings.json');
    cli(['install', '--claude'], { cwd: repo, env });
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
    expect(cli(['uninstall'], { cwd: repo, env }).stdout).toContain('removed the git-session hooks');
    expect(existsSync(join(repo, '.claude'))).toBe(false);
    cli(['install', '--claude'], { cwd: repo, env });
    rmSync(file);
    const gone = cli(['uninstall'], { cwd: repo, env }).stdout;
    expect(gone).toContain('settings.json is already gone');
    expect(gone).not.toContain('removed the git-session hooks');
  });

  it('refuses to edit settings that are not JSON, and says how to fix it', () => {
    const { env, repo } = project(10_000);
    mkdirSync(join(repo, '.claude'));
    writeFileSync(join(repo, '.claude', 'settings.json'), '{ "hooks": ');
    const r = cli(['install', '--claude'], { cwd: repo, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not valid JSON');
    expect(readFileSync(join(repo, '.claude', 'settings.json'), 'utf8')).toBe('{ "hooks": ');
  });

  it('doctor reports installed and firing hooks, and what to fix otherwise', () => {
    const { env, repo } = project(10_000);
    const before = cli(['doctor', '--json'], { cwd: repo, env });
    // Not installed is reported with its fix; it is not a failure (exit 0).
    expect(before.status).toBe(0);
    const b = JSON.parse(before.stdout);
    expect(b.checks.find((c: any) => c.name === 'post-commit hook')).toMatchObject({ status: 'warn', fix: 'git session install --hooks' });
    cli(['install'], { cwd: repo, env });
    commit(repo, env);
    const after = JSON.parse(cli(['doctor', '--json'], { cwd: repo, env }).stdout);
    expect(after.checks.find((c: any) => c.name === 'post-commit hook').status).toBe('ok');
    expect(after.checks.find((c: any) => c.name === 'hook runs')).toMatchObject({ status: 'ok' });
    expect(after.checks.find((c: any) => c.name === 'Claude Code hooks').status).toBe('ok');
    expect(after.transcript).toMatchObject({ agent: 'claude-code', level: 'NORMAL' });
  });
});
