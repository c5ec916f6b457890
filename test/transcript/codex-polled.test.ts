/**
 * Codex's unified exec: a command still running when its call returned is polled with write_stdin;
 * what it printed arrives in the polls and how it ended in the last one. Both are the command's
 * (seen in real 0.14x rollouts: `make integration-test` failed 3 s later, in a poll).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandRuns } from '../../src/extract/commands.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const exec = (i: number, id: string, cmd: string) =>
  codexLine(i, 'response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd, workdir: '/repo' }), call_id: id });
const running = (i: number, id: string, pid: number, output: string) =>
  codexLine(i, 'response_item', {
    type: 'function_call_output',
    call_id: id,
    output: `Chunk ID: ab12\nWall time: 1.0 seconds\nProcess running with session ID ${pid}\nOriginal token count: 9\nOutput:\n${output}`,
  });
const poll = (i: number, id: string, pid: number) =>
  codexLine(i, 'response_item', {
    type: 'function_call',
    name: 'write_stdin',
    arguments: JSON.stringify({ session_id: pid, chars: '', yield_time_ms: 1000 }),
    call_id: id,
  });
const polled = (i: number, id: string, output: string, exit?: number) =>
  codexLine(i, 'response_item', {
    type: 'function_call_output',
    call_id: id,
    output: `Chunk ID: cd34\nWall time: 5.0 seconds\n${exit === undefined ? 'Process running with session ID 1' : `Process exited with code ${exit}`}\nOriginal token count: 9\nOutput:\n${output}`,
  });

const out = (i: number, id: string, header: string, output: string) =>
  codexLine(i, 'response_item', {
    type: 'function_call_output',
    call_id: id,
    output: `Chunk ID: ab12\nWall time: 1.0 seconds\n${header}\nOriginal token count: 9\nOutput:\n${output}`,
  });
const read = (name: string, lines: object[]) =>
  readTranscript(
    writeJsonl(join(tempDir(), `rollout-2026-12-01T10-00-00-${name}.jsonl`), [codexLine(0, 'session_meta', { id: name, cwd: '/repo' }), ...lines]),
  );

describe('a Codex command polled with write_stdin', () => {
  const start = [exec(1, 'c1', 'make integration-test'), running(2, 'c1', 66977, ' Container basic-postgres-1 Started')];

  it('has no outcome while it still runs: a check that has not ended did not pass', () => {
    const t = read('still', [...start, poll(3, 'p1', 66977), polled(4, 'p1', 'ok  \tgithub.com/acme/basic/go/internal/workflow\t0.190s')]);
    expect(commandRuns(t.events).map((r) => [r.command, r.outcome])).toEqual([['make integration-test', 'unknown']]);
  });

  it('failed when a poll saw it exit non-zero, with what every poll printed', () => {
    const t = read('failed', [
      ...start,
      poll(3, 'p1', 66977),
      polled(4, 'p1', 'ok  \tgithub.com/acme/basic/go/internal/workflow\t0.190s'),
      poll(5, 'p2', 66977),
      polled(
        6,
        'p2',
        '--- FAIL: TestRegister (0.02s)\n    registry_test.go:72: lock agent version: ERROR: null character not permitted (SQLSTATE 54000)\nFAIL',
        2,
      ),
      // Another process's poll, and a poll of one never started here, change nothing of it.
      poll(7, 'p3', 4242),
      polled(8, 'p3', 'done', 0),
    ]);
    const [run] = commandRuns(t.events);
    expect(run).toMatchObject({ command: 'make integration-test', outcome: 'failed', exitCode: 2 });
    expect(run!.output).toContain('Container basic-postgres-1 Started');
    expect(run!.output).toContain('SQLSTATE 54000');
    const trail = buildTrail(t.events, '/repo', '/repo');
    expect(trail.commands).toHaveLength(1);
    expect(trail.commands[0]).toMatchObject({ text: 'make integration-test', outcome: 'failed' });
    expect(trail.commands[0]!.error).toContain('null character not permitted (SQLSTATE 54000)');
  });

  it('takes the whole output and the exit code from its exec_command_end when the log has one', () => {
    const t = read('ended', [
      ...start,
      codexLine(3, 'event_msg', {
        type: 'exec_command_end',
        call_id: 'c1',
        process_id: '66977',
        exit_code: 0,
        aggregated_output: 'Container basic-postgres-1 Started\nok  \tgithub.com/acme/basic/go/internal/registry\t1.2s',
      }),
    ]);
    expect(commandRuns(t.events)).toMatchObject([{ outcome: 'ok', exitCode: 0, output: expect.stringContaining('internal/registry\t1.2s') }]);
  });

  it("in code mode: a script's command whose process id it printed is followed the same way", () => {
    const script = codexLine(1, 'response_item', {
      type: 'custom_tool_call',
      name: 'exec',
      call_id: 's1',
      input:
        'const r = await tools.exec_command({"cmd":"make integration-test","workdir":"/repo","yield_time_ms":1000});\ntext(r.output); if (r.session_id) text(`SESSION_ID=${r.session_id}`);',
    });
    const printed = codexLine(2, 'response_item', {
      type: 'custom_tool_call_output',
      call_id: 's1',
      output: [
        { type: 'input_text', text: 'Script completed\nWall time 1.2 seconds\nOutput:\n' },
        { type: 'input_text', text: ' Container basic-postgres-1 Waiting \n' },
        { type: 'input_text', text: 'SESSION_ID=66977' },
      ],
    });
    const t = read('script', [
      script,
      printed,
      poll(3, 'p1', 66977),
      polled(4, 'p1', '--- FAIL: TestRegister (0.02s)\nFAIL\tgithub.com/acme/basic/go/internal/registry', 1),
    ]);
    expect(commandRuns(t.events)).toMatchObject([{ command: 'make integration-test', outcome: 'failed', exitCode: 1 }]);
    // Its result objects, printed whole, say the process by their session_id.
    const objects = codexLine(2, 'response_item', {
      type: 'custom_tool_call_output',
      call_id: 's1',
      output: [
        { type: 'input_text', text: 'Script completed\nWall time 1.2 seconds\nOutput:\n' },
        { type: 'input_text', text: JSON.stringify({ output: ' Container basic-postgres-1 Waiting', session_id: 66977 }) },
      ],
    });
    const t2 = read('objects', [script, objects, poll(3, 'p1', 66977), polled(4, 'p1', 'ok  \tgithub.com/acme/basic/go/internal/registry\t1.2s', 0)]);
    expect(commandRuns(t2.events)).toMatchObject([{ command: 'make integration-test', outcome: 'ok', exitCode: 0 }]);
  });
});

describe('recall of a failure', () => {
  it('a question about an error finds the run that failed before the runs that passed with the same words', () => {
    const run = (n: number, ok: boolean, output: string) => [
      { kind: 'command' as const, id: `c${n}`, command: 'make integration-test', at: `2026-12-01T10:0${n}:00Z` },
      { kind: 'result' as const, id: `c${n}`, ok, exitCode: ok ? 0 : 2, output, at: `2026-12-01T10:0${n}:00Z` },
    ];
    const events = [
      ...run(1, false, 'registry integration: TestLock: null character not permitted (SQLSTATE 54000)'),
      ...run(2, true, 'registry integration: TestLock ok'),
      ...run(3, true, 'registry integration: TestLock ok (0.2s)'),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hits = recall(trails, 'What error did the registry integration tests hit?', 400);
    expect(hits[0]!.line).toContain('SQLSTATE 54000');
  });
});

// Found by a review of this change (s38): what else a poll's or a script's output may say.
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
