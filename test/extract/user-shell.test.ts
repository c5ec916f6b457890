// Commands the user ran in Claude Code's bash mode ("!uv run ty check") ran, and what they printed
// is what the user showed the agent: a command and its result, the user's own, not the agent's turn.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUserShell } from '../../src/agents/claude-code/user-shell.js';
import { readTranscript } from '../../src/transcript/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { claudeAssistant, resumedAfterSave, tempDir, writeJsonl } from '../helpers.js';

const sid = 'user-shell-1';
const TY_ERRORS = [
  'error[invalid-assignment]: Object of type `MockStyles` is not assignable to attribute `styles` of type `RenderStyles`',
  '  --> test/test_tui_expansion.py:52:9',
  'Found 2 diagnostics',
].join('\n');

function session(root: string, endsWithTheirRun: boolean): string {
  const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
  const call = (id: string, name: string, input: object, result: string, isError = false) => [
    claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] }),
    user([{ type: 'tool_result', tool_use_id: id, content: result, is_error: isError }]),
  ];
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user('<bash-input>uv run ty check</bash-input>'),
    user(`<bash-stdout>${TY_ERRORS}</bash-stdout><bash-stderr></bash-stderr>`),
    user('Please fix these lint errors'),
    ...call(
      't1',
      'Edit',
      { file_path: join(root, 'test/test_tui_expansion.py'), old_string: 'styles = MockStyles()', new_string: 'styles = cast(RenderStyles, MockStyles())' },
      'The file has been updated.',
    ),
    ...call('t2', 'Bash', { command: 'uv run ty check' }, 'All checks passed!'),
    claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: 'Fixed: ty check passes.' }] }),
    ...(endsWithTheirRun
      ? [
          user('<bash-input>uv run pytest test/test_tui_expansion.py</bash-input>'),
          user(
            '<bash-stdout>FAILED test/test_tui_expansion.py::test_row - AssertionError\n1 failed, 2 passed in 0.41s</bash-stdout><bash-stderr></bash-stderr>',
          ),
        ]
      : []),
  ]);
}

describe("the user's own commands (bash mode)", () => {
  it("are commands with their output, marked as the user's, and recall finds what they printed", () => {
    const t = readTranscript(session(tempDir(), false));
    const commands = t.events.filter((e) => e.kind === 'command');
    expect(commands.map((c) => c.kind === 'command' && [c.command, c.byUser ?? false])).toEqual([
      ['uv run ty check', true],
      ['uv run ty check', false],
    ]);
    const trail = buildTrail(t.events, '/repo', '/repo');
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What exactly did uv run ty check report at the start?').map((h) => h.line);
    expect(hits.find((l) => l.includes('(run by the user)'))).toMatch(
      /^command \(run by the user\) `uv run ty check` → failed: error\[invalid-assignment\].*RenderStyles/,
    );
  });

  it('fail by their exit code, not by what they print on stderr; a count of errors fixed is no failure (review findings)', () => {
    const lines = [
      '<bash-input>git checkout -b feature/tabs</bash-input>',
      "<bash-stdout></bash-stdout><bash-stderr>Switched to a new branch 'feature/tabs'</bash-stderr>",
      '<bash-input>uv run ruff check --fix</bash-input>',
      '<bash-stdout>Found 2 errors (2 fixed, 0 remaining).</bash-stdout><bash-stderr></bash-stderr>',
      '<bash-input>npm test</bash-input>',
      '<bash-stdout>1 failing</bash-stdout><bash-stderr>npm ERR! Test failed.\nExit code 1</bash-stderr>',
      '<bash-input>uv run ty check</bash-input><bash-stdout>All checks passed!</bash-stdout><bash-stderr></bash-stderr>',
    ];
    const state = { count: 0 };
    const results = lines.flatMap((l) => readUserShell(state, l, undefined, false)).filter((e) => e.kind === 'result');
    expect(results.map((r) => r.kind === 'result' && [r.ok, r.exitCode])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, 1],
      [true, undefined],
    ]);
  });

  it("settle with the agent's later run, and one run after the agent's turn is the blocker, not an interrupted turn", () => {
    const prompt = (endsWithTheirRun: boolean): string => resumedAfterSave((root) => session(root, endsWithTheirRun)).prompt;
    const settled = prompt(false);
    expect(settled).not.toContain('Blockers');
    expect(settled).toContain('Status: type check passing');
    const failing = prompt(true);
    expect(failing).toMatch(
      /Blockers[^\n]*\n- `uv run pytest test\/test_tui_expansion\.py` fails: FAILED test\/test_tui_expansion\.py::test_row - AssertionError/,
    );
    expect(failing).not.toContain('interrupted mid-work');
  });

  it("words typed in bash mode by mistake, which the shell could not run, are the user's request, not a command that ran", () => {
    const state = { count: 0 };
    const typed = [
      "<bash-input>Image updated. Do a handoff doc and let's clear the session</bash-input>",
      "<bash-stdout></bash-stdout><bash-stderr>(eval):1: unmatched '\n</bash-stderr>",
      '<bash-input>Please rerun the tests</bash-input>',
      '<bash-stdout></bash-stdout><bash-stderr>zsh: command not found: Please</bash-stderr>',
    ].flatMap((l) => readUserShell(state, l, undefined, false));
    expect(typed.filter((e) => e.kind === 'ask').map((e) => e.kind === 'ask' && e.text)).toEqual([
      "Image updated. Do a handoff doc and let's clear the session",
      'Please rerun the tests',
    ]);
    expect(typed.some((e) => e.kind === 'result')).toBe(false);
    // A command the shell could not parse is still a command that failed; so is one not installed.
    const commands = [
      '<bash-input>for f in *.ts; do echo $f end</bash-input>',
      "<bash-stdout></bash-stdout><bash-stderr>(eval):1: parse error near `end'</bash-stderr>",
      '<bash-input>rg TODO src</bash-input>',
      '<bash-stdout></bash-stdout><bash-stderr>zsh: command not found: rg</bash-stderr>',
    ].flatMap((l) => readUserShell(state, l, undefined, false));
    expect(commands.map((e) => e.kind)).toEqual(['command', 'result', 'command', 'result']);
  });
});
