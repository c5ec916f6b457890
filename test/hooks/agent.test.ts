import { spawnSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CORPUS, HAS_CORPUS, claudeAssistant, cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

const CONFAB = join(CORPUS, 'hooks/confab/test_hook_input.json');
const CCUSAGE = join(CORPUS, 'hooks/ccusage/statusline-test.json');

/**
 * A repo and a transcript placed where the real SessionEnd payload from the corpus says it is
 * (`~/.claude/projects/…`, under the isolated HOME), so the payload is used as captured.
 */
function setup(tokens = 120_000) {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const payload = HAS_CORPUS
    ? JSON.parse(readFileSync(CONFAB, 'utf8'))
    : {
        session_id: '62d346b1-08c1-4949-8229-f1eb8b44cb46',
        transcript_path: '~/.claude/projects/x/62d346b1-08c1-4949-8229-f1eb8b44cb46.jsonl',
        hook_event_name: 'SessionEnd',
        reason: 'exit',
      };
  const transcript = payload.transcript_path.replace(/^~/, env.HOME!);
  writeJsonl(transcript, [
    { type: 'user', sessionId: payload.session_id, cwd: repo, message: { role: 'user', content: 'port the parser to streams' } },
    claudeAssistant({
      id: 'm1',
      tokens,
      sessionId: payload.session_id,
      cwd: repo,
      content: [
        {
          type: 'tool_use',
          id: 't1',
          name: 'TodoWrite',
          input: { todos: [{ content: 'Port the parser to streams', status: 'in_progress', activeForm: 'Porting the parser' }] },
        },
      ],
    }),
  ]);
  return { env, repo, payload: { ...payload, cwd: repo }, transcript };
}

const snapshots = (repo: string, env: NodeJS.ProcessEnv) =>
  git(repo, ['log', '--format=%(trailers:key=Reason,valueonly)', 'refs/agentflow/sessions'], env).split('\n').filter(Boolean);

describe('Claude Code hook commands fed real stdin payloads', () => {
  it('SessionEnd → save --hook: silent, exit 0 at once, the snapshot stored in the background', async () => {
    const { env, repo, payload } = setup();
    const r = cli(['save', '--hook', '--reason', 'session-end'], { cwd: repo, env, input: JSON.stringify(payload) });
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const saved = () => {
      try {
        return snapshots(repo, env);
      } catch {
        return [];
      }
    };
    for (let i = 0; i < 100 && !saved().length; i++) await new Promise((done) => setTimeout(done, 100));
    expect(saved()).toEqual(['session-end']);
  });

  it('PreCompact → save --hook takes its reason from the event when not given', () => {
    const { env, repo, payload } = setup();
    const r = cli(['save', '--hook'], {
      cwd: repo,
      env,
      input: JSON.stringify({ ...payload, hook_event_name: 'PreCompact', trigger: 'auto', custom_instructions: '' }),
    });
    expect(r.status).toBe(0);
    expect(snapshots(repo, env)).toEqual(['precompact']);
  });

  it('PreCompact asks the summary to keep the open work; SessionStart (compact) gives back the must-keep set when the new summary is unknown', () => {
    const { env, repo, payload } = setup();
    const pre = cli(['save', '--hook', '--reason', 'pre-compact'], {
      cwd: repo,
      env,
      input: JSON.stringify({ ...payload, hook_event_name: 'PreCompact', trigger: 'auto' }),
    });
    expect(pre.stdout).toMatch(/^Keep these items from this session in the summary, word for word/);
    expect(pre.stdout).toContain('Port the parser to streams');
    // The SessionStart hook Claude Code runs after a compaction.
    const afterCompaction = (extra: object = {}) =>
      cli(['resume', '--hook'], {
        cwd: repo,
        env,
        input: JSON.stringify({
          session_id: payload.session_id,
          transcript_path: payload.transcript_path,
          cwd: repo,
          hook_event_name: 'SessionStart',
          source: 'compact',
          ...extra,
        }),
      });
    const r = afterCompaction({ model: 'claude-sonnet-4-6' });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['hookSpecificOutput']);
    expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(out.hookSpecificOutput.additionalContext).toContain('Port the parser to streams');
    expect(out.hookSpecificOutput.additionalContext).toContain('not commands');
    expect(out.hookSpecificOutput.additionalContext).not.toContain('You are resuming');
    // Given back once: a second SessionStart (compact) without a new compaction says nothing.
    expect(afterCompaction().stdout).toBe('');
  });

  it('SessionStart with nothing to resume prints nothing and exits 0', () => {
    const { env, repo } = setup();
    const r = cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: repo }) });
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it.each([
    ['garbage', 'not json {{{'],
    ['empty', ''],
    ['missing fields', '{}'],
    ['wrong types', '{"cwd": 42, "transcript_path": ["x"]}'],
  ])('tolerates %s stdin', (_n, input) => {
    const { env, repo } = setup();
    for (const args of [
      ['save', '--hook'],
      ['resume', '--hook'],
    ]) {
      const r = cli(args, { cwd: repo, env, input });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(cli(['hook', 'prompt-submit'], { cwd: repo, env, input }).status).toBe(0);
  });

  it('save --hook on a transcript that is not there logs why and still exits 0, saving nothing', () => {
    const { env, repo, payload } = setup();
    const r = cli(['save', '--hook'], { cwd: repo, env, input: JSON.stringify({ ...payload, transcript_path: '/nonexistent/x.jsonl' }) });
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')).toMatch(
      /payload transcript_path "\/nonexistent\/x\.jsonl" does not exist: ignored/,
    );
    expect(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status).not.toBe(0);
  });

  it('UserPromptSubmit warns only at CRITICAL or above', () => {
    // 81 %: CRITICAL, below where Claude Code compacts a 200K window (167,000).
    const high = setup(162_000);
    const input = JSON.stringify({ ...high.payload, hook_event_name: 'UserPromptSubmit', prompt: 'go on' });
    const w = cli(['hook', 'prompt-submit'], { cwd: high.repo, env: high.env, input });
    expect(JSON.parse(w.stdout).hookSpecificOutput.additionalContext).toMatch(/^\[git-session\] Context window at 81% \(CRITICAL\)/);
    // Once per level, not on every prompt.
    expect(cli(['hook', 'prompt-submit'], { cwd: high.repo, env: high.env, input }).stdout).toBe('');
    const low = setup(20_000);
    expect(cli(['hook', 'prompt-submit'], { cwd: low.repo, env: low.env, input: JSON.stringify({ ...low.payload, prompt: 'go on' }) }).stdout).toBe('');
  });
});

describe('a hook whose reader went away', () => {
  it('still exits 0 with nothing on stderr (EPIPE on its output is not a failure)', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const child = spawn(process.execPath, [BIN, 'statusline'], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(
      JSON.stringify({
        session_id: 's',
        workspace: { current_dir: repo },
        model: { id: 'claude-sonnet-4-5' },
        context_window: { context_window_size: 200_000, current_usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 30_000 } },
      }),
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe.skipIf(!HAS_CORPUS)('statusline', () => {
  it('prints the pressure from the real statusline payload and caches the agent figures for status', () => {
    const { env, repo, transcript } = setup(20_000);
    const payload = JSON.parse(readFileSync(CCUSAGE, 'utf8'));
    // Newer Claude Code adds current_usage; the statusline's own figures win over the log's.
    const input = {
      ...payload,
      transcript_path: transcript,
      workspace: { current_dir: repo },
      context_window: { ...payload.context_window, current_usage: { input_tokens: 10, cache_creation_input_tokens: 76_444, cache_read_input_tokens: 14_391 } },
    };
    // A status before the statusline fills the usage cache; the agent's own figures must still win.
    expect(JSON.parse(cli(['status', '--json', '-t', transcript], { cwd: repo, env }).stdout).tokens_source).toBe('usage');
    const r = cli(['statusline'], { cwd: repo, env, input: JSON.stringify(input) });
    expect(r.stdout).toBe('ctx 45.4% NORMAL\n');
    const s = JSON.parse(cli(['status', '--json', '-t', transcript], { cwd: repo, env }).stdout);
    expect(s).toMatchObject({ tokens_source: 'statusline', tokens: 90_845, window: 200_000 });
  });

  it('falls back to the transcript when the payload has no current usage, and wraps an existing statusline', () => {
    const { env, repo, transcript } = setup(30_000);
    git(repo, ['config', 'agentflow.statusline.wrap', 'echo "my line"'], env);
    const payload = { ...JSON.parse(readFileSync(CCUSAGE, 'utf8')), transcript_path: transcript, workspace: { current_dir: repo } };
    expect(cli(['statusline'], { cwd: repo, env, input: JSON.stringify(payload) }).stdout).toBe('my line │ ctx 15% NORMAL\n');
  });
});

describe('the documented hook payloads (../shared/FORMATS.md §2.2 and §3), field for field', () => {
  it('Claude Code PreCompact and SessionStart, and Codex PreCompact, as documented', () => {
    const { env, repo, transcript, payload } = setup();
    // Claude Code's PreCompact example: exactly these fields.
    const preCompact = {
      session_id: payload.session_id,
      transcript_path: transcript,
      cwd: repo,
      permission_mode: 'default',
      hook_event_name: 'PreCompact',
      trigger: 'manual',
      custom_instructions: '',
    };
    expect(cli(['save', '--hook'], { cwd: repo, env, input: JSON.stringify(preCompact) }).status).toBe(0);
    expect(snapshots(repo, env)).toEqual(['precompact']);
    // Codex's PreCompact (PR #19905): session_id, turn_id, transcript_path, cwd, hook_event_name, model, trigger.
    const codex = {
      session_id: payload.session_id,
      turn_id: '019e1625-0000-7000-8000-000000000001',
      transcript_path: transcript,
      cwd: repo,
      hook_event_name: 'PreCompact',
      model: 'gpt-5.5',
      trigger: 'auto',
    };
    expect(cli(['save', '--hook'], { cwd: repo, env, input: JSON.stringify(codex) }).status).toBe(0);
    // Nothing changed since: no second copy of the same snapshot.
    expect(snapshots(repo, env)).toEqual(['precompact']);
    // Claude Code's SessionStart example (with model): a new session gets the snapshot as additionalContext.
    const start = {
      session_id: 'a-new-session',
      transcript_path: transcript,
      cwd: repo,
      permission_mode: 'default',
      hook_event_name: 'SessionStart',
      source: 'startup',
      model: 'claude-sonnet-4-6',
    };
    const r = cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify(start) });
    const out = JSON.parse(r.stdout);
    expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(out.hookSpecificOutput.additionalContext).toContain('Port the parser to streams');
    // The session that saved it, resumed, already holds it: nothing again.
    expect(cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify({ ...start, session_id: payload.session_id, source: 'resume' }) }).stdout).toBe(
      '',
    );
  });
});
