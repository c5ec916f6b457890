import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

/** A repo and a Codex rollout of a session in it, under the isolated CODEX_HOME. */
function setup() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const rollout = writeJsonl(join(env.CODEX_HOME!, 'sessions/2026/05/11/rollout-2026-05-11T08-00-00-cx-7.jsonl'), [
    { timestamp: '2026-05-11T08:00:00Z', type: 'session_meta', payload: { id: 'cx-7', cwd: repo, cli_version: '0.135.0' } },
    { timestamp: '2026-05-11T08:00:01Z', type: 'turn_context', payload: { model: 'gpt-5.5', cwd: repo } },
    { timestamp: '2026-05-11T08:00:02Z', type: 'event_msg', payload: { type: 'user_message', message: 'make the importer idempotent' } },
    {
      timestamp: '2026-05-11T08:00:03Z',
      type: 'response_item',
      payload: {
        type: 'function_call',
        name: 'update_plan',
        arguments: JSON.stringify({
          plan: [
            { step: 'Add an idempotency key to imports', status: 'in_progress' },
            { step: 'Backfill keys for old rows', status: 'pending' },
          ],
        }),
        call_id: 'c1',
      },
    },
    {
      timestamp: '2026-05-11T08:00:04Z',
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info: { last_token_usage: { input_tokens: 200_000, output_tokens: 100, total_tokens: 200_100 }, model_context_window: 258_400 },
      },
    },
  ]);
  return { env, repo, rollout };
}

describe('Codex CLI hooks', () => {
  it('install --codex merges PreCompact and SessionStart into .codex/hooks.json and uninstall restores it', () => {
    const { env, repo } = setup();
    mkdirSync(join(repo, '.codex'));
    const original = JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } }, null, 4);
    writeFileSync(join(repo, '.codex', 'hooks.json'), original);
    expect(cli(['install', '--codex'], { cwd: repo, env }).stdout).toContain('review and approve the git-session hooks with /hooks');
    const hooks = JSON.parse(readFileSync(join(repo, '.codex', 'hooks.json'), 'utf8')).hooks;
    expect(hooks.Stop[0].hooks[0].command).toBe('say done');
    expect(hooks.PreCompact[0]).toMatchObject({ matcher: 'manual|auto' });
    expect(hooks.PreCompact[0].hooks[0].command).toMatch(/ hook pre-compact # git-session$/);
    expect(Object.keys(hooks)).toEqual(['Stop', 'SessionStart', 'UserPromptSubmit', 'PreCompact', 'SessionEnd']);
    expect(hooks.SessionEnd[0].hooks[0].timeout).toBeLessThanOrEqual(3);
    expect(hooks.SessionStart[0].matcher).toBe('startup|resume|clear|compact');
    expect(hooks.Stop.at(-1).hooks[0].command).toMatch(/ hook stop # git-session$/);
    expect(cli(['install', '--codex'], { cwd: repo, env }).stdout).toContain('already installed');
    cli(['uninstall'], { cwd: repo, env });
    expect(readFileSync(join(repo, '.codex', 'hooks.json'), 'utf8')).toBe(original);
  });

  it('PreCompact input saves the rollout; SessionStart prints additionalContext', () => {
    const { env, repo, rollout } = setup();
    const preCompact = {
      session_id: 'cx-7',
      turn_id: 't-3',
      transcript_path: rollout,
      cwd: repo,
      hook_event_name: 'PreCompact',
      model: 'gpt-5.5',
      trigger: 'auto',
    };
    // Codex gets no keep request on stdout: it does not add a PreCompact hook's output to its compaction prompt.
    expect(cli(['save', '--hook', '--reason', 'pre-compact'], { cwd: repo, env, input: JSON.stringify(preCompact) })).toMatchObject({ status: 0, stdout: '' });
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=Agent,valueonly)', 'refs/agentflow/sessions'], env)).toBe('codex');
    const start = { session_id: 'cx-8', transcript_path: rollout, cwd: repo, hook_event_name: 'SessionStart', model: 'gpt-5.5', source: 'startup' };
    const out = JSON.parse(cli(['resume', '--hook'], { cwd: repo, env, input: JSON.stringify(start) }).stdout);
    expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(out.hookSpecificOutput.additionalContext).toContain('Add an idempotency key to imports');
    // How full the window was, in the agent's own figures as well.
    expect(out.hookSpecificOutput.additionalContext).toMatch(/at 77\.4% context, \d{1,3}(?:,\d{3})+ of \d{1,3}(?:,\d{3})+ tokens\)/);
  });

  it('creates .codex/hooks.json when missing and removes it again', () => {
    const { env, repo } = setup();
    cli(['install', '--codex'], { cwd: repo, env });
    expect(existsSync(join(repo, '.codex', 'hooks.json'))).toBe(true);
    cli(['uninstall'], { cwd: repo, env });
    expect(existsSync(join(repo, '.codex'))).toBe(false);
  });
});
