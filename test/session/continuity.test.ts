import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { saveAheadDue } from '../../src/monitor/save-ahead.js';
import { PROJECT, agentLogDir, claudeAssistant, cli, git, inAgentLogDir, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');
const SAMPLE_ID = '5a3c9e1f-7b2d-4c8a-9f10-2e6d4b8a1c07';

/** A Claude Code session that only talks: no todo list of its own. */
function claudeSession(dir: string, sessionId: string, lines: object[] = []): string {
  return writeJsonl(join(dir, `${sessionId}.jsonl`), [
    { type: 'user', sessionId, cwd: '/tmp/project', timestamp: '2026-01-02T00:00:00.000Z', message: { role: 'user', content: 'continue where we left off' } },
    ...lines,
    claudeAssistant({ id: `m-${sessionId}`, tokens: 50_000, sessionId, content: [{ type: 'text', text: 'Looking at the code now.' }] }),
  ]);
}

/** A Codex rollout that only talks. */
function codexSession(dir: string, sessionId: string): string {
  const at = '2026-01-02T00:00:00.000Z';
  return writeJsonl(join(dir, `rollout-2026-01-02T00-00-00-${sessionId}.jsonl`), [
    { timestamp: at, type: 'session_meta', payload: { id: sessionId, cwd: '/tmp/project', cli_version: '0.135.0', originator: 'codex_exec' } },
    { timestamp: at, type: 'turn_context', payload: { cwd: '/tmp/project', model: 'gpt-5.5' } },
    { timestamp: at, type: 'event_msg', payload: { type: 'user_message', message: 'pick up the work' } },
    {
      timestamp: at,
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info: { last_token_usage: { input_tokens: 30_000, output_tokens: 10, total_tokens: 30_010 }, model_context_window: 258_400 },
      },
    },
  ]);
}

function setup() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const dir = agentLogDir(env);
  const start = (sessionId: string, transcript: string, source = 'startup') =>
    cli(['resume', '--hook'], {
      cwd: repo,
      env,
      input: JSON.stringify({
        session_id: sessionId,
        transcript_path: transcript,
        cwd: repo,
        hook_event_name: 'SessionStart',
        source,
        model: 'claude-sonnet-4-6',
      }),
    });
  const save = (transcript: string) => {
    const r = cli(['save', '--json', '-t', transcript], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  return { env, repo, dir, start, save };
}

const tasks = (m: any) => m.pending_tasks.map((t: any) => t.task);

describe('one line of work across sessions', () => {
  it('A → B → C (Claude Code): lineage recorded, open tasks carried, the chain shown', () => {
    const { env, repo, dir, start, save } = setup();
    const a = save(SAMPLE);
    expect(tasks(a.manifest)).toHaveLength(3);

    const bPath = claudeSession(dir, 'session-b');
    const injected = start('session-b', bPath);
    expect(JSON.parse(injected.stdout).hookSpecificOutput.additionalContext).toContain('Wire the limiter into ApiClient.request');
    const b = save(bPath);
    expect(b.manifest.session_metadata.resumed_from).toBe(SAMPLE_ID);
    expect(tasks(b.manifest)).toEqual(tasks(a.manifest));
    expect(b.manifest.pending_tasks.every((t: any) => t.context === `carried from session ${SAMPLE_ID.slice(0, 8)}`)).toBe(true);
    expect(git(repo, ['log', '-1', '--format=%(trailers:key=Resumed-From,valueonly)', 'refs/agentflow/sessions'], env)).toBe(SAMPLE_ID);

    const cPath = claudeSession(dir, 'session-c');
    start('session-c', cPath);
    const c = save(cPath);
    expect(c.manifest.session_metadata.resumed_from).toBe('session-b');
    expect(tasks(c.manifest)).toEqual(tasks(a.manifest));
    // A task carried along a chain keeps the session it started in.
    expect(c.manifest.pending_tasks[0].context).toBe(`carried from session ${SAMPLE_ID.slice(0, 8)}`);

    const chain = JSON.parse(cli(['log', '--chain', '--json', '-s', 'session-c'], { cwd: repo, env }).stdout);
    expect(chain.map((l: any) => l.session_id)).toEqual(['session-c', 'session-b', SAMPLE_ID]);
    expect(cli(['log', '--chain', '-s', 'session-c'], { cwd: repo, env }).stdout).toMatch(/session session-c .*\n.*resumed from session session-b/);
  });

  it('Claude Code → Codex → Claude Code: the same line of work across agents', () => {
    const { dir, start, save } = setup();
    const a = save(SAMPLE);
    const bPath = codexSession(dir, '019e0000-0000-7000-8000-00000000000b');
    start('019e0000-0000-7000-8000-00000000000b', bPath);
    const b = save(bPath);
    expect(b.manifest.session_metadata.agent).toBe('codex');
    expect(b.manifest.session_metadata.resumed_from).toBe(SAMPLE_ID);
    // Its own unanswered request first, then the carried tasks.
    expect(tasks(b.manifest)).toEqual(['pick up the work', ...tasks(a.manifest)]);
    const cPath = claudeSession(dir, 'session-c2');
    start('session-c2', cPath);
    const c = save(cPath);
    expect(c.manifest.session_metadata.resumed_from).toBe('019e0000-0000-7000-8000-00000000000b');
    expect(tasks(c.manifest)).toEqual(tasks(b.manifest));
  });

  it('a chain of 10 sessions keeps every open task and stays within 2048 bytes', { timeout: 120_000 }, () => {
    const { dir, start, save } = setup();
    const todos = Array.from({ length: 8 }, (_, i) => ({
      content: `Open task number ${i + 1}: handle the ${['auth', 'billing', 'search', 'export', 'import', 'audit', 'cache', 'queue'][i]} module edge cases`,
      status: 'pending',
      activeForm: 'x',
    }));
    const first = writeJsonl(join(dir, 'first.jsonl'), [
      { type: 'user', sessionId: 'chain-0', cwd: '/tmp/project', message: { role: 'user', content: 'plan the hardening work' } },
      claudeAssistant({ id: 'm0', tokens: 40_000, sessionId: 'chain-0', content: [{ type: 'tool_use', id: 't0', name: 'TodoWrite', input: { todos } }] }),
    ]);
    let m = save(first).manifest;
    for (let i = 1; i < 10; i++) {
      const path = claudeSession(dir, `chain-${i}`);
      start(`chain-${i}`, path);
      const r = save(path);
      m = r.manifest;
      expect(r.bytes).toBeLessThanOrEqual(2048);
    }
    expect(m.session_metadata.resumed_from).toBe('chain-8');
    expect(tasks(m)).toEqual(todos.map((t) => t.content));
  });

  it('a carried task the later session completes, or the user drops, is not carried again', () => {
    const { env, repo, dir, start, save } = setup();
    save(SAMPLE);
    const bPath = claudeSession(dir, 'session-done', [
      claudeAssistant({
        id: 'td',
        tokens: 40_000,
        sessionId: 'session-done',
        content: [
          {
            type: 'tool_use',
            id: 'tt',
            name: 'TodoWrite',
            input: { todos: [{ content: 'Wire the limiter into ApiClient.request', status: 'completed', activeForm: 'Wiring' }] },
          },
        ],
      }),
    ]);
    start('session-done', bPath);
    const b = save(bPath);
    expect(tasks(b.manifest)).not.toContain('Wire the limiter into ApiClient.request');
    expect(b.manifest.completed_tasks).toContain('Wire the limiter into ApiClient.request');
    expect(tasks(b.manifest)).toEqual(['Add tests for burst and steady-state limits', 'Document the rateLimit option in README.md']);

    const dropped = cli(['done', '#2', '-s', 'session-done'], { cwd: repo, env });
    expect(dropped.status, dropped.stderr).toBe(0);
    expect(dropped.stdout).toContain('Dropped: Document the rateLimit option in README.md');
    const again = save(bPath);
    expect(tasks(again.manifest)).toEqual(['Add tests for burst and steady-state limits']);
    expect(cli(['done', 'no such task', '-s', 'session-done'], { cwd: repo, env }).status).toBe(2);
  });
});

describe('after the agent compacts', () => {
  it('re-injects only what the compaction summary dropped', () => {
    const { env, repo, dir, start } = setup();
    const id = 'session-compact';
    const todos = [
      { content: 'Wire the exporter into the CLI', status: 'in_progress', activeForm: 'Wiring the exporter' },
      { content: 'Write the migration guide for v3', status: 'pending', activeForm: 'x' },
    ];
    const before = [
      { type: 'user', sessionId: id, cwd: '/tmp/project', message: { role: 'user', content: 'Build the exporter. Never change the public v2 API.' } },
      claudeAssistant({ id: 'c1', tokens: 150_000, sessionId: id, content: [{ type: 'tool_use', id: 'tw', name: 'TodoWrite', input: { todos } }] }),
    ];
    const path = writeJsonl(join(dir, `${id}.jsonl`), before);
    // The PreCompact hook saves and marks the compaction's start.
    expect(
      cli(['hook', 'pre-compact'], {
        cwd: repo,
        env,
        input: JSON.stringify({ session_id: id, transcript_path: path, cwd: repo, hook_event_name: 'PreCompact', trigger: 'auto' }),
      }).status,
    ).toBe(0);
    // Claude Code's wrapper text speaks of "the user" and "messages": it keeps nothing of the user's rule.
    const summary =
      'This session is being continued from a previous conversation that ran out of context. The summary below covers the earlier portion of the conversation.\n\nSummary:\n7. Pending Tasks:\n   - Wire the exporter into the CLI (in progress)\n\n8. Current Work:\n   Wiring the exporter into the CLI.\n\nIf you need specific details from before compaction, read the full transcript. Continue the conversation from where it left off without asking the user any further questions about the public API. The messages after this summary are the most recent messages, kept verbatim; never change them.';
    const now = new Date().toISOString();
    writeJsonl(path, [
      ...before,
      { type: 'system', subtype: 'compact_boundary', sessionId: id, timestamp: now, compactMetadata: { trigger: 'auto', preTokens: 150_000 } },
      { type: 'user', sessionId: id, isCompactSummary: true, timestamp: now, message: { role: 'user', content: summary } },
    ]);
    const r = start(id, path, 'compact');
    const text = JSON.parse(r.stdout).hookSpecificOutput.additionalContext as string;
    expect(text).toContain('Write the migration guide for v3');
    expect(text).toContain('Never change the public v2 API.');
    expect(text).not.toContain('Wire the exporter into the CLI');
    expect(text.length).toBeLessThanOrEqual(1500);
  });
});

describe('save ahead (Stop hook)', () => {
  it('is due on a level rise past NORMAL, or on material growth at CRITICAL and above, and not otherwise', () => {
    expect(saveAheadDue('NORMAL', 10, undefined)).toBe(false);
    expect(saveAheadDue('ELEVATED', 10, undefined)).toBe(true);
    const s = { lastSnapshot: '2026-01-01T00:00:00Z', lastLevel: 'ELEVATED', lastBytes: 1_000_000 };
    expect(saveAheadDue('ELEVATED', 1_010_000, s)).toBe(false);
    expect(saveAheadDue('CRITICAL', 1_000_001, s)).toBe(true);
    expect(saveAheadDue('CRITICAL', 1_050_000, { ...s, lastLevel: 'CRITICAL' })).toBe(false);
    expect(saveAheadDue('CRITICAL', 1_200_000, { ...s, lastLevel: 'CRITICAL' })).toBe(true);
  });

  it('saves in the background when the level rose, and not again for the same state', async () => {
    const { env, repo } = setup();
    const input = JSON.stringify({
      session_id: SAMPLE_ID,
      transcript_path: inAgentLogDir(env, SAMPLE),
      cwd: repo,
      hook_event_name: 'Stop',
      stop_hook_active: false,
    });
    expect(cli(['hook', 'stop'], { cwd: repo, env, input }).status).toBe(0);
    const has = () => spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status === 0;
    for (let i = 0; i < 100 && !has(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(has()).toBe(true);
    const count = () => git(repo, ['rev-list', '--count', 'refs/agentflow/sessions'], env);
    expect(count()).toBe('1');
    // The hook decides before it exits and logs every save it starts: one so far, and none now.
    const saves = () =>
      readFileSync(join(repo, '.git', 'agentflow', 'hook.log'), 'utf8')
        .split('\n')
        .filter((l) => / save stop: /.test(l)).length;
    expect(saves()).toBe(1);
    expect(cli(['hook', 'stop'], { cwd: repo, env, input }).status).toBe(0);
    expect(saves()).toBe(1);
    expect(count()).toBe('1');
  });
});
