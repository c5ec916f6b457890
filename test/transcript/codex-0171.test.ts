/**
 * Codex CLI 0.171 rollouts as the real binary wrote them (test/fixtures/live/codex-0.171, recorded
 * with the live harness): the adapter reads what 0.171 writes, and the monitor and the reader agree.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContext } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { PROJECT, cli, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

const DIR = join(PROJECT, 'test', 'fixtures', 'live', 'codex-0.171', 'codex-home', 'sessions', '2026', '12', '06');
const A = join(DIR, 'rollout-2026-12-06T01-33-25-01a248fc-04b2-72b3-b15a-6494bd0ebe9c.jsonl');
const B = join(DIR, 'rollout-2026-12-06T01-33-28-01a248fc-0f8e-75b1-855f-925e8753bc16.jsonl');
const ZST = join(PROJECT, 'test', 'fixtures', 'transcripts', 'rollout-2026-12-06T01-33-25-01a248fc-04b2-72b3-b15a-6494bd0ebe9c.jsonl.zst');

describe('a Codex 0.171 rollout', () => {
  it("reads the user's prompts from UserMessage items (event_msg:user_message is no longer written), each once", () => {
    const asks = readTranscript(A)
      .events.filter((e) => e.kind === 'ask')
      .map((e) => (e.kind === 'ask' ? e.text : ''));
    expect(asks).toEqual(['Never commit directly to main. Build the parser in parser.js with a test.', 'Make sure negative numbers work too.']);
  });

  it('says each agent message once (0.171 writes it as an item and as a response item), exit codes from CommandExecution, a rejected patch as failed', () => {
    const events = readTranscript(A).events;
    const says = events.filter((e) => e.kind === 'say').map((e) => (e.kind === 'say' ? e.text : ''));
    expect(new Set(says).size).toBe(says.length);
    const failedTest = events.find((e) => e.kind === 'result' && e.exitCode === 1);
    expect(failedTest).toBeDefined();
    const rejected = events.find((e) => e.kind === 'result' && !e.ok && /verification failed/.test(e.output));
    expect(rejected).toBeDefined();
  });

  it("reads a compaction without Codex's preamble, with the user messages it carried over, and drops the summary's own assistant copy", () => {
    const events = readTranscript(B).events;
    const c = events.find((e) => e.kind === 'compaction');
    expect(c?.kind === 'compaction' && c.summary).toMatch(/^Goal: a parser in parser\.js/);
    expect(c?.kind === 'compaction' && c.kept).toContain('Write the README section.');
    expect(events.some((e) => e.kind === 'say' && e.text.startsWith('Goal: a parser'))).toBe(false);
  });

  it('the monitor and the reader agree on the compactions (one per compacted line, not two)', async () => {
    const reading = await readContext(B, { cacheFile: false });
    expect(reading.compactions.count).toBe(readTranscript(B).events.filter((e) => e.kind === 'compaction').length);
    expect(reading.compactions.count).toBe(2);
  });

  it('reads a rollout Codex compressed when idle (.jsonl.zst) as the same session', async () => {
    const plain = readTranscript(A);
    const zst = readTranscript(ZST);
    expect(zst.agent).toBe('codex');
    expect(zst.path).toBe(ZST);
    expect(zst.events).toEqual(plain.events);
    expect((await readContext(ZST, { cacheFile: false })).tokens).toBe((await readContext(A, { cacheFile: false })).tokens);
  });

  it('status reads a compressed rollout given with -t, and refuses a .zst that is not zstd', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const dir = join(env.CODEX_HOME!, 'sessions', '2026', '12', '06');
    mkdirSync(dir, { recursive: true });
    // The fixture's session started in /tmp/cx-repo-XtH4qc: rewrite its cwd to this repository.
    const zst = join(dir, 'rollout-2026-12-06T01-33-25-01a248fc-04b2-72b3-b15a-6494bd0ebe9c.jsonl.zst');
    copyFileSync(ZST, zst);
    const r = cli(['status', '--json', '-t', zst], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ agent: 'codex', session_id: '01a248fc-04b2-72b3-b15a-6494bd0ebe9c', transcript: zst });
    const bad = join(tempDir(), 'rollout-x.jsonl.zst');
    writeFileSync(bad, 'not zstd at all\n');
    const refused = cli(['status', '-t', bad], { cwd: repo, env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not zstd data/);
  });
});

describe('a prompt from the Codex app or IDE extension', () => {
  it('is the request under "## My request for Codex:", without the context sections before it', () => {
    const line = (payload: object) => JSON.stringify({ timestamp: '2026-05-11T13:28:45.000Z', type: 'event_msg', payload });
    const path = join(tempDir(), 'rollout-ide.jsonl');
    writeFileSync(
      path,
      [
        JSON.stringify({ timestamp: '2026-05-11T13:28:45.000Z', type: 'session_meta', payload: { id: 'ide-1', cwd: '/repo', cli_version: '0.128.0' } }),
        line({
          type: 'user_message',
          message: '# Files mentioned by the user:\n\n## notes.vtt: /Users/me/notes.vtt\n\n## My request for Codex:\nSummarize the action items in the notes\n',
        }),
        line({
          type: 'user_message',
          message: '# Context from my IDE setup:\n\n## Active file: src/a.ts\n\n## Open tabs:\n- a.ts: src/a.ts\n\n## My request for Codex:\nRename x to count',
        }),
        line({ type: 'user_message', message: 'A plain prompt that mentions ## My request for Codex: in passing' }),
      ].join('\n') + '\n',
    );
    const asks = readTranscript(path).events.flatMap((e) => (e.kind === 'ask' ? [e.text] : []));
    expect(asks).toEqual(['Summarize the action items in the notes', 'Rename x to count', 'A plain prompt that mentions ## My request for Codex: in passing']);
  });
});

describe('a Codex tool output that is MCP-style content', () => {
  it('is read as its text, not as the JSON that wraps it', () => {
    const path = join(tempDir(), 'rollout-js.jsonl');
    const item = (payload: object) => JSON.stringify({ timestamp: '2026-05-11T11:29:40.000Z', type: 'response_item', payload });
    writeFileSync(
      path,
      [
        JSON.stringify({ timestamp: '2026-05-11T11:29:00.000Z', type: 'session_meta', payload: { id: 'js-1', cwd: '/repo', cli_version: '0.128.0' } }),
        item({ type: 'function_call', name: 'js', call_id: 'c1', arguments: JSON.stringify({ code: "await tab.goto('http://localhost:5173')" }) }),
        item({
          type: 'function_call_output',
          call_id: 'c1',
          output: 'Wall time: 1.0 seconds\nOutput:\n[{"type":"text","text":"Browser Use rejected this action due to browser security policy."}]',
        }),
      ].join('\n') + '\n',
    );
    const result = readTranscript(path).events.find((e) => e.kind === 'result');
    expect(result).toMatchObject({ output: 'Browser Use rejected this action due to browser security policy.' });
  });
});
