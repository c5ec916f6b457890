// What git-session keeps in .git/agentflow and what hooks take from their payloads: a symlink,
// a FIFO or a hostile payload path is never followed, read, or written through.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, PROJECT, claudeAssistant, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');
const SESSION = 'private-state-session';

function setup() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const af = join(repo, '.git', 'agentflow');
  mkdirSync(af, { recursive: true });
  const outside = tempDir('gs-outside-');
  return { env, repo, af, outside };
}

/** A Claude Code transcript where Claude Code writes it, for payloads that must name a real one. */
function claudeTranscript(env: NodeJS.ProcessEnv, repo: string): string {
  return writeJsonl(join(env.HOME!, '.claude', 'projects', 'p', `${SESSION}.jsonl`), [
    { type: 'user', sessionId: SESSION, cwd: repo, message: { role: 'user', content: 'port the parser to streams' } },
    claudeAssistant({ id: 'm1', tokens: 40_000, sessionId: SESSION, cwd: repo }),
  ]);
}

const hook = (event: string, repo: string, env: NodeJS.ProcessEnv, payload: object | string, timeout = 30_000) =>
  spawnSync(process.execPath, [BIN, 'hook', event], {
    cwd: repo,
    env,
    input: typeof payload === 'string' ? payload : JSON.stringify(payload),
    encoding: 'utf8',
    timeout,
  });

const hasSnapshot = (repo: string, env: NodeJS.ProcessEnv): boolean =>
  spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status === 0;

describe('.git/agentflow: regular files in real folders only', () => {
  it('a hook.log symlinked to a file outside is neither truncated nor appended to', () => {
    const { env, repo, af, outside } = setup();
    const victim = join(outside, 'precious.txt');
    writeFileSync(victim, 'x'.repeat(300 * 1024));
    symlinkSync(victim, join(af, 'hook.log'));
    const r = hook('no-such-event', repo, env, {});
    expect(r.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('x'.repeat(300 * 1024));
  });

  it('a compaction summary is never written through a symlinked file or folder', () => {
    const { env, repo, af, outside } = setup();
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'keep me');
    // Both sessions are compacting (their PreCompact hooks ran).
    const since = new Date().toISOString();
    writeFileSync(join(af, 'state.json'), JSON.stringify({ sessions: { [SESSION]: { compactingSince: since }, other: { compactingSince: since } } }));
    mkdirSync(join(af, 'compact'));
    symlinkSync(victim, join(af, 'compact', `${SESSION}.txt`));
    expect(
      hook('post-compact', repo, env, {
        session_id: SESSION,
        cwd: repo,
        hook_event_name: 'PostCompact',
        trigger: 'auto',
        compact_summary: 'Summary: the parser work',
      }).status,
    ).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // The symlink was replaced by the summary itself, inside .git.
    expect(readFileSync(join(af, 'compact', `${SESSION}.txt`), 'utf8')).toContain('the parser work');

    rmSync(join(af, 'compact'), { recursive: true });
    symlinkSync(outside, join(af, 'compact'));
    expect(
      hook('post-compact', repo, env, { session_id: 'other', cwd: repo, hook_event_name: 'PostCompact', trigger: 'auto', compact_summary: 'Summary: b' })
        .status,
    ).toBe(0);
    expect(readdirSync(outside).sort()).toEqual(['victim.txt']);
    expect(readFileSync(join(af, 'hook.log'), 'utf8')).toMatch(/compact is a symbolic link/);
  });

  it('a FIFO in place of state.json does not hang a commit, and a save still works', () => {
    const { env, repo, af } = setup();
    expect(cli(['install', '--hooks'], { cwd: repo, env }).status).toBe(0);
    expect(spawnSync('mkfifo', [join(af, 'state.json')]).status).toBe(0);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    git(repo, ['add', 'a.txt'], env);
    const commit = spawnSync('git', ['commit', '-qm', 'a'], { cwd: repo, env, encoding: 'utf8', timeout: 20_000 });
    expect(commit.error).toBeUndefined();
    expect(commit.status).toBe(0);
    const save = spawnSync(process.execPath, [BIN, 'save', '-t', SAMPLE, '--quiet'], { cwd: repo, env, encoding: 'utf8', timeout: 20_000 });
    expect(save.error).toBeUndefined();
    expect(save.status, save.stderr).toBe(0);
  });

  it('state files symlinked to /dev/zero are not read: resume, log and status answer at once', () => {
    const { env, repo, af } = setup();
    expect(cli(['save', '-t', SAMPLE, '--quiet'], { cwd: repo, env }).status).toBe(0);
    for (const name of ['state.json', 'sessions-index.json', 'install.json']) {
      rmSync(join(af, name), { force: true });
      symlinkSync('/dev/zero', join(af, name));
    }
    for (const args of [['resume'], ['log'], ['status', '-t', SAMPLE], ['doctor']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: repo, env, encoding: 'utf8', timeout: 20_000 });
      expect(r.error, args.join(' ')).toBeUndefined();
      expect([0, 1, 3], `${args.join(' ')}: ${r.stderr}`).toContain(r.status);
    }
    expect(cli(['resume'], { cwd: repo, env }).stdout).toContain('sample');
  });

  it('.git/agentflow symlinked elsewhere: a save still lands on the ref, and nothing is written there', () => {
    const { env, repo, af, outside } = setup();
    rmSync(af, { recursive: true });
    symlinkSync(outside, af);
    const r = cli(['save', '-t', SAMPLE, '--quiet'], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(hasSnapshot(repo, env)).toBe(true);
    expect(readdirSync(outside)).toEqual([]);
    expect(cli(['search', 'client'], { cwd: repo, env }).status).toBe(0);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('hook payloads: paths must belong to the repository the hook runs in', () => {
  it('a transcript_path outside the repository and the agents folders is not saved (/etc/passwd)', () => {
    const { env, repo } = setup();
    const r = hook('session-end', repo, env, { session_id: SESSION, transcript_path: '/etc/passwd', cwd: repo, hook_event_name: 'SessionEnd', reason: 'exit' });
    expect(r.status).toBe(0);
    expect(hasSnapshot(repo, env)).toBe(false);
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toMatch(/transcript_path "\/etc\/passwd" is outside the repository/);
  });

  it('a file in the repository that is not an agent transcript is not saved either', () => {
    const { env, repo } = setup();
    writeFileSync(join(repo, 'notes.txt'), 'just some text\nnothing to see\n');
    hook('session-end', repo, env, { session_id: SESSION, transcript_path: join(repo, 'notes.txt'), cwd: repo, hook_event_name: 'SessionEnd', reason: 'exit' });
    expect(hasSnapshot(repo, env)).toBe(false);
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toMatch(/is not a Claude Code or Codex transcript/);
  });

  it("a cwd naming another repository does not send the save there: it lands in the hook's own", () => {
    const { env, repo } = setup();
    const other = tempRepo(env);
    const transcript = claudeTranscript(env, repo);
    const r = hook('session-end', repo, env, { session_id: SESSION, transcript_path: transcript, cwd: other, hook_event_name: 'SessionEnd', reason: 'exit' });
    expect(r.status).toBe(0);
    // session-end saves in the background: wait for it.
    for (let i = 0; i < 100 && !hasSnapshot(repo, env); i++) spawnSync('sleep', ['0.1']);
    expect(hasSnapshot(repo, env)).toBe(true);
    expect(hasSnapshot(other, env)).toBe(false);
    expect(existsSync(join(other, '.git', 'agentflow'))).toBe(false);
  });

  it('a payload over 8 MB is not read: the hook exits at once with nothing printed', () => {
    const { env, repo } = setup();
    const huge = `{"session_id":"${SESSION}","cwd":${JSON.stringify(repo)},"hook_event_name":"SessionStart","source":"startup","pad":"${'a'.repeat(20 * 1024 * 1024)}"}`;
    const r = hook('session-start', repo, env, huge);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toMatch(/hook input over 8388608 bytes: ignored/);
  });
});
