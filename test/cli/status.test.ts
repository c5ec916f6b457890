import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeProjectDir } from '../../src/transcript/index.js';
import { claudeAssistant, cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

function setup(tokens = 50_000) {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const transcript = join(env.CLAUDE_CONFIG_DIR!, 'projects', encodeProjectDir(repo), 'abc.jsonl');
  writeJsonl(transcript, [
    { type: 'user', sessionId: 'abc', cwd: repo, message: { role: 'user', content: 'go' } },
    claudeAssistant({ id: 'm1', tokens, sessionId: 'abc', cwd: repo }),
  ]);
  return { env, repo, transcript };
}

const json = (stdout: string) => JSON.parse(stdout);

describe('git session status', () => {
  it("finds this repository's Claude Code transcript under CLAUDE_CONFIG_DIR", () => {
    const { env, repo, transcript } = setup(130_000);
    const r = cli(['status', '--json'], { cwd: repo, env });
    expect(r.stderr).toBe('');
    expect(json(r.stdout)).toMatchObject({
      agent: 'claude-code',
      session_id: 'abc',
      tokens: 130_000,
      window: 200_000,
      level: 'ELEVATED',
      should_prepare: false,
      transcript,
    });
  });

  it('finds a Codex rollout whose cwd is this repository', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeJsonl(join(env.CODEX_HOME!, 'sessions/2026/05/11/rollout-2026-05-11T08-00-00-x.jsonl'), [
      { timestamp: 't', type: 'session_meta', payload: { id: 'cx-1', cwd: repo } },
      { timestamp: 't', type: 'turn_context', payload: { model: 'gpt-5.5', cwd: repo } },
      {
        timestamp: 't',
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: { last_token_usage: { input_tokens: 240_000, output_tokens: 10, total_tokens: 240_010 }, model_context_window: 258_400 },
        },
      },
    ]);
    const r = json(cli(['status', '--json'], { cwd: repo, env }).stdout);
    expect(r).toMatchObject({
      agent: 'codex',
      session_id: 'cx-1',
      model: 'gpt-5.5',
      tokens: 240_010,
      window: 258_400,
      level: 'EMERGENCY',
      should_prepare: true,
    });
  });

  it('says which folders it searched when there is no transcript, and exits 3', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['status'], { cwd: repo, env });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(join(env.CLAUDE_CONFIG_DIR!, 'projects', encodeProjectDir(repo)));
    expect(r.stderr).toContain('--transcript');
  });

  it('honours --limit, then agentflow.contextLimit and agentflow.threshold', () => {
    const { env, repo } = setup(150_000);
    expect(json(cli(['status', '--json', '--limit', '1M'], { cwd: repo, env }).stdout)).toMatchObject({
      window: 1_000_000,
      level: 'NORMAL',
      window_source: '--limit',
    });
    git(repo, ['config', 'agentflow.contextLimit', '160000'], env);
    git(repo, ['config', 'agentflow.threshold', '0.9'], env);
    const r = json(cli(['status', '--json'], { cwd: repo, env }).stdout);
    expect(r).toMatchObject({ window: 160_000, level: 'EMERGENCY', threshold: 0.9, should_prepare: true });
  });

  it('warns about a broken config value and uses the default', () => {
    const { env, repo } = setup(170_000);
    git(repo, ['config', 'agentflow.threshold', 'lots'], env);
    const r = cli(['status', '--json'], { cwd: repo, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/agentflow\.threshold=.*lots.*git config --unset agentflow\.threshold/s);
    expect(json(r.stdout)).toMatchObject({ threshold: 0.8, should_prepare: true });
  });

  it('exits 10 with --check at the threshold, 0 below it', () => {
    expect(cli(['status', '--check'], setupOpts(170_000)).status).toBe(10);
    expect(cli(['status', '--check'], setupOpts(10_000)).status).toBe(0);
  });

  it('rejects a bad --limit and an unknown command with exit 2', () => {
    const { env, repo } = setup();
    const r = cli(['status', '--limit', 'huge'], { cwd: repo, env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--limit 200000');
    expect(cli(['frobnicate'], { cwd: repo, env }).status).toBe(2);
  });

  it('prints a short human block without colour when not on a TTY', () => {
    const { env, repo } = setup(185_000);
    const r = cli(['status'], { cwd: repo, env });
    expect(r.stdout).toMatch(/^EMERGENCY {2}92\.5% of context used/);
    expect(r.stdout).toContain('git session save');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('works through the agentflow alias', () => {
    const { env, repo } = setup(20_000);
    const r = cli(['session', 'status', '--json'], { cwd: repo, env, bin: join(__dirname, '../../bin/agentflow') });
    expect(json(r.stdout).tokens).toBe(20_000);
  });
});

function setupOpts(tokens: number) {
  const { env, repo } = setup(tokens);
  return { cwd: repo, env };
}
