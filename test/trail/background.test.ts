// Commands the agent left running in the background (a dev server holds its port): the next session is told.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, claudeAssistant, codexLine, tempDir, writeJsonl } from '../helpers.js';

const sid = 'bg-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const result = (id: string, content: string) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: false }]);

/** The session's "left running in the background" fact, if any. */
function running(lines: object[]): string | undefined {
  const t = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), [user('Start the servers'), ...lines]));
  return sessionFacts(t.meta, t.agent, t.events)
    .find((f) => f.text.startsWith('left running in the background: '))
    ?.text.slice('left running in the background: '.length);
}

describe('commands left running in the background', () => {
  const start = (id: string, command: string, shell: string) => [
    call(id, 'Bash', { command, run_in_background: true }),
    result(id, `Command running in background with ID: ${shell}`),
  ];

  it('are those no later check, stop or notice saw end, with the command that started them', () => {
    expect(
      running([
        ...start('b1', 'pnpm dev', 'aa11'),
        ...start('b2', 'npm run worker', 'bb22'),
        ...start('b3', 'mix test', 'cc33'),
        ...start('b4', 'cargo watch', 'dd44'),
        // A check that finds one still running, a stop, a notice that one completed.
        call('o1', 'BashOutput', { bash_id: 'aa11' }),
        result('o1', '<status>running</status>\n\n<stdout>\n  VITE ready\n  Local: http://localhost:5173/\n</stdout>'),
        call('k1', 'KillShell', { shell_id: 'bb22' }),
        result('k1', '{"message":"Successfully killed shell: bb22 (npm run worker)","shell_id":"bb22"}'),
        user(
          '<task-notification>\n<task-id>cc33</task-id>\n<status>completed</status>\n<summary>Background command "mix test" completed (exit code 0)</summary>\n</task-notification>',
        ),
        call('o2', 'TaskOutput', { task_id: 'dd44', block: true }),
        result('o2', '<retrieval_status>success</retrieval_status>\n\n<task_id>dd44</task_id>\n\n<status>failed</status>'),
      ]),
    ).toBe('`pnpm dev` (shell aa11, last seen running)');
  });

  it('says nothing when none is left, and a stop of a shell already gone changes nothing', () => {
    expect(
      running([...start('b1', 'pnpm dev', 'aa11'), call('k1', 'KillShell', { shell_id: 'aa11' }), result('k1', 'Successfully killed shell: aa11 (pnpm dev)')]),
    ).toBeUndefined();
    expect(
      running([
        ...start('b1', 'pnpm dev', 'aa11'),
        call('k1', 'KillShell', { shell_id: 'zz99' }),
        result('k1', 'Shell zz99 is not running, so cannot be killed (status: killed)'),
      ]),
    ).toBe('`pnpm dev` (shell aa11, started)');
  });

  it('Codex: a command still running when its call returned, until its exec_command_end', () => {
    const call = (i: number, id: string, cmd: string) =>
      codexLine(i, 'response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: id });
    const output = (i: number, id: string, pid: number) =>
      codexLine(i, 'response_item', {
        type: 'function_call_output',
        call_id: id,
        output: `Chunk ID: ab12\nWall time: 1.0 seconds\nProcess running with session ID ${pid}\nOriginal token count: 4\nOutput:\nready`,
      });
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-bg.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-bg', cwd: '/repo' }),
        codexLine(1, 'event_msg', { type: 'user_message', message: 'start the dev server and build' }),
        call(2, 'c1', 'npm run dev'),
        output(3, 'c1', 4242),
        call(4, 'c2', 'npm run build'),
        output(5, 'c2', 5151),
        codexLine(6, 'event_msg', { type: 'exec_command_end', call_id: 'c2', process_id: '5151', exit_code: 0 }),
        codexLine(7, 'event_msg', { type: 'agent_message', message: 'The dev server is up.' }),
      ]),
    );
    expect(sessionFacts(t.meta, t.agent, t.events).map((f) => f.text)).toContain('left running in the background: `npm run dev` (shell 4242, started)');
    // A poll that saw it exit ends it too (a log without its exec_command_end).
    const polled = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-bg2.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-bg2', cwd: '/repo' }),
        call(1, 'c1', 'npm run build'),
        output(2, 'c1', 777),
        codexLine(3, 'response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 777, chars: '' }), call_id: 'p1' }),
        codexLine(4, 'response_item', { type: 'function_call_output', call_id: 'p1', output: 'Chunk ID: x\nProcess exited with code 0\nOutput:\nbuilt' }),
      ]),
    );
    expect(sessionFacts(polled.meta, polled.agent, polled.events).some((f) => f.text.startsWith('left running'))).toBe(false);
  });

  it('is not a command that later ran again to its end: a check left unpolled has ended too', () => {
    const call = (i: number, id: string, cmd: string) =>
      codexLine(i, 'response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: id });
    const output = (i: number, id: string, text: string) => codexLine(i, 'response_item', { type: 'function_call_output', call_id: id, output: text });
    const facts = (second: string) => {
      const t = readTranscript(
        writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-bg3.jsonl'), [
          codexLine(0, 'session_meta', { id: 'cdx-bg3', cwd: '/repo' }),
          call(1, 'c1', 'go test ./...'),
          output(2, 'c1', 'Chunk ID: a\nWall time: 1.0 seconds\nProcess running with session ID 1305\nOriginal token count: 9\nOutput:\n# pkg [pkg.test]'),
          call(3, 'c2', 'npm run dev'),
          output(4, 'c2', 'Chunk ID: b\nWall time: 1.0 seconds\nProcess running with session ID 1306\nOriginal token count: 9\nOutput:\nready'),
          call(5, 'c3', second),
          output(6, 'c3', 'Chunk ID: c\nWall time: 3.0 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\nok  pkg 0.1s'),
        ]),
      );
      return sessionFacts(t.meta, t.agent, t.events).find((f) => f.text.startsWith('left running'))?.text;
    };
    expect(facts('go test ./...')).toBe('left running in the background: `npm run dev` (shell 1306, started)');
    // Another command's end says nothing of it.
    expect(facts('go vet ./...')).toBe('left running in the background: `go test ./...` (shell 1305, started); `npm run dev` (shell 1306, started)');
  });

  it('is told only by a check or a stop of a shell: a fetched page with the same tags is not one', () => {
    expect(
      running([
        call('c1', 'Bash', { command: 'curl -s https://ci.example/job.xml' }),
        result('c1', '<job><task_id>j1</task_id><status>running</status></job>'),
      ]),
    ).toBeUndefined();
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the dev server started again and never stopped (the agent stopped the old shell twice)', () => {
    const t = readTranscript(join(CORPUS, 'claude-code/claude-code-log/-Users-dain-workspace-JSSoundRecorder/7acd37a8-2745-4b58-a8a9-46164b22ad9e.jsonl'));
    expect(sessionFacts(t.meta, t.agent, t.events).map((f) => f.text)).toContain(
      'left running in the background: `pnpm dev` (shell 01910a, last seen running)',
    );
  });
});
