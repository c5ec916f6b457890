// Review s38: Codex unified exec — results of commands left running, and of code-mode scripts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandRuns } from '../../src/extract/commands.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const exec = (i: number, id: string, cmd: string) =>
  codexLine(i, 'response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd, workdir: '/repo' }), call_id: id });
const out = (i: number, id: string, header: string, output: string) =>
  codexLine(i, 'response_item', {
    type: 'function_call_output',
    call_id: id,
    output: `Chunk ID: ab12\nWall time: 1.0 seconds\n${header}\nOriginal token count: 9\nOutput:\n${output}`,
  });
const poll = (i: number, id: string, pid: number) =>
  codexLine(i, 'response_item', {
    type: 'function_call',
    name: 'write_stdin',
    arguments: JSON.stringify({ session_id: pid, chars: '', yield_time_ms: 1000 }),
    call_id: id,
  });
const read = (name: string, lines: object[]) =>
  readTranscript(
    writeJsonl(join(tempDir(), `rollout-2026-12-01T10-00-00-${name}.jsonl`), [codexLine(0, 'session_meta', { id: name, cwd: '/repo' }), ...lines]),
  );

describe('review s38: code mode, a "session id" in what a finished command printed', () => {
  // The script printed only the output of its one command (no exit code); the command finished
  // and failed, and its error message names a session id of the app's own.
  const script = codexLine(1, 'response_item', {
    type: 'custom_tool_call',
    name: 'exec',
    call_id: 's1',
    input: 'const r = await tools.exec_command({"cmd":"node scripts/replay.js","workdir":"/repo"});\ntext(r.output);',
  });
  const printed = codexLine(2, 'response_item', {
    type: 'custom_tool_call_output',
    call_id: 's1',
    output: [
      { type: 'input_text', text: 'Script completed\nWall time 0.4 seconds\nOutput:\n' },
      { type: 'input_text', text: 'Error: replay failed: session id 7 not found in the store\n' },
    ],
  });

  it('keeps the failure the output shows (not "unknown", as if still running)', () => {
    const t = read('sid-in-output', [script, printed]);
    expect(commandRuns(t.events).map((r) => [r.command, r.outcome])).toEqual([['node scripts/replay.js', 'failed']]);
  });

  it('does not say the command was left running in the background', () => {
    const t = read('sid-in-output-2', [script, printed]);
    const facts = sessionFacts(t.meta, t.agent, t.events).map((f) => f.text);
    expect(facts.join('\n')).not.toContain('left running in the background');
  });
});

describe('review s38: a poll whose output (not its header) says "Process exited with code 1"', () => {
  // The command still runs (the header says so); what it printed quotes another process's exit.
  const lines = [
    exec(1, 'c1', 'pnpm test'),
    out(2, 'c1', 'Process running with session ID 4242', 'RUN  v3.2.4 /repo'),
    poll(3, 'p1', 4242),
    out(4, 'p1', 'Process running with session ID 4242', " ✓ test/supervisor.test.ts > restarts a worker when it logs 'Process exited with code 1'"),
    poll(5, 'p2', 4242),
    out(6, 'p2', 'Process exited with code 0', ' Test Files  12 passed (12)\n      Tests  240 passed (240)'),
  ];

  it('is no exit of the polled command: it passed (exit 0), with what the last poll printed', () => {
    const t = read('quoted-exit', lines);
    const [run] = commandRuns(t.events);
    expect(run).toMatchObject({ command: 'pnpm test', outcome: 'ok', exitCode: 0 });
    expect(run!.output).toContain('240 passed');
  });

  it('nor after the exec_command_end that says exit 0', () => {
    const t = read('quoted-exit-end', [
      ...lines.slice(0, 4),
      codexLine(5, 'event_msg', { type: 'exec_command_end', call_id: 'c1', process_id: '4242', exit_code: 0, aggregated_output: 'Tests  240 passed (240)' }),
    ]);
    expect(commandRuns(t.events)).toMatchObject([{ command: 'pnpm test', outcome: 'ok', exitCode: 0 }]);
  });
});

describe("review s38: code mode, a process id printed that is another command's", () => {
  it('the polls of process 66977 stay with the command that started it', () => {
    // `make integration-test` is left running as 66977; a script then greps a log that names that
    // session id (its output only, no exit code printed); then the poll sees 66977 exit 2.
    const t = read('other-pid', [
      exec(1, 'c1', 'make integration-test'),
      out(2, 'c1', 'Process running with session ID 66977', 'Container basic-postgres-1 Started'),
      codexLine(3, 'response_item', {
        type: 'custom_tool_call',
        name: 'exec',
        call_id: 's1',
        input: 'const r = await tools.exec_command({"cmd":"grep -h 66977 /tmp/itest.log | tail -1","workdir":"/repo"});\ntext(r.output);',
      }),
      codexLine(4, 'response_item', {
        type: 'custom_tool_call_output',
        call_id: 's1',
        output: [
          { type: 'input_text', text: 'Script completed\nWall time 0.1 seconds\nOutput:\n' },
          { type: 'input_text', text: '{"level":"info","msg":"runner attached","session_id":66977}\n' },
        ],
      }),
      poll(5, 'p1', 66977),
      out(6, 'p1', 'Process exited with code 2', '--- FAIL: TestRegister (0.02s)\nFAIL'),
    ]);
    const runs = commandRuns(t.events).map((r) => [r.command, r.outcome]);
    expect(runs).toEqual([
      ['make integration-test', 'failed'],
      ['grep -h 66977 /tmp/itest.log | tail -1', 'ok'],
    ]);
  });
});

describe('review s38: the LLM refinement prompt of a command still running when its call returned', () => {
  it('does not say it ran ok (its first result is `running`, its outcome not known yet)', async () => {
    const { buildPrompt } = await import('../../src/llm/prompt.js');
    const t = read('llm', [
      exec(1, 'c1', 'make integration-test'),
      out(2, 'c1', 'Process running with session ID 66977', 'Container basic-postgres-1 Started'),
      poll(3, 'p1', 66977),
      out(4, 'p1', 'Process exited with code 2', '--- FAIL: TestRegister (0.02s)\nFAIL'),
    ]);
    const { user } = await buildPrompt({} as never, t, 8000);
    // Now: "RAN `make integration-test` → ok: Container basic-postgres-1 Started", then "… → failed (exit 2): …".
    expect(user).not.toContain('RAN `make integration-test` → ok');
    expect(user.match(/RAN `make integration-test`/g)).toHaveLength(1);
  });
});
