// Checks the user's hooks ran (a Stop hook's pytest) are runs of the work's checks: the status and
// recall say what they printed; a hook that only pings a status is no command of the session.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/transcript/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { claudeAssistant, resumedAfterSave, tempDir, writeJsonl } from '../helpers.js';

const sid = 'hooks-1';
const readLines = (f: string): Array<Record<string, unknown>> =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const PYTEST = 'collected 138 items\n\ntest/test_cache.py ........ [ 10%]\n\n============================= 138 passed in 43.89s =============================';

/** Claude Code 1.0.x writes a hook's run as a system line; 2.1.x as an attachment. */
function session(root: string, format: '1.0' | '2.1'): string {
  const base = { sessionId: sid, cwd: root };
  const user = (content: unknown) => ({ ...base, type: 'user', message: { role: 'user', content } });
  const hook = (n: number, name: string, command: string, stdout: string, ok = true) =>
    format === '1.0'
      ? {
          ...base,
          type: 'system',
          uuid: `h${n}`,
          content: `\u001b[1m${name}\u001b[22m [${command}] ${ok ? 'completed successfully' : 'failed with non-blocking status code 1'}: ${stdout}`,
          level: 'info',
        }
      : {
          ...base,
          type: 'attachment',
          uuid: `h${n}`,
          timestamp: `2026-12-01T10:0${n}:00.000Z`,
          attachment: {
            type: ok ? 'hook_success' : 'hook_non_blocking_error',
            hookName: name,
            hookEvent: name.split(':')[0],
            command,
            stdout,
            stderr: '',
            exitCode: ok ? 0 : 1,
          },
        };
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user('Hide the whole vis group when its filter is off'),
    hook(1, 'UserPromptSubmit', '"${CLAUDE_PLUGIN_ROOT}/scripts/status.cmd" busy', 'Status set to busy'),
    claudeAssistant({
      id: 'm1',
      tokens: 20_000,
      sessionId: sid,
      content: [
        {
          type: 'tool_use',
          id: 't1',
          name: 'Edit',
          input: { file_path: join(root, 'timeline.html'), old_string: 'item.hidden = true', new_string: 'group.visible = false' },
        },
      ],
    }),
    user([{ type: 'tool_result', tool_use_id: 't1', content: 'The file has been updated.' }]),
    hook(2, 'PostToolUse:Edit', 'uv run ruff format', '1 file reformatted, 30 files left unchanged'),
    claudeAssistant({ id: 'm2', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: 'Done: the groups hide now.' }] }),
    hook(3, 'Stop', 'uv run pytest 2>&1', PYTEST),
    hook(4, 'Stop', 'uv run ty check 2>&1', 'All checks passed!'),
  ]);
}

describe("the user's hooks' runs", () => {
  for (const format of ['1.0', '2.1'] as const)
    it(`are the session's checks when they check the work (Claude Code ${format})`, () => {
      const t = readTranscript(session(tempDir(), format));
      expect(t.events.flatMap((e) => (e.kind === 'hook' ? [`${e.hook}: ${e.command}`] : []))).toEqual([
        'UserPromptSubmit: "${CLAUDE_PLUGIN_ROOT}/scripts/status.cmd" busy',
        'PostToolUse:Edit: uv run ruff format',
        'Stop: uv run pytest 2>&1',
        'Stop: uv run ty check 2>&1',
      ]);
      const trail = buildTrail(t.events, '/repo', '/repo');
      // Only the checks: not the status ping, not the formatter.
      expect(trail.commands.map((c) => c.text)).toEqual(['uv run pytest 2>&1', 'uv run ty check 2>&1']);
      const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'what did the final checks show?').map((h) => h.line);
      expect(hits).toContainEqual(
        expect.stringMatching(/^command \(run by the Stop hook\) `uv run pytest 2>&1` → ok(?: \(exit 0\))?, ended "138 passed in 43\.89s"/),
      );
    });

  it("come after the agent's last words and change nothing of how its turn ended: a question to the user still waits (review finding)", () => {
    const { prompt } = resumedAfterSave((root) => {
      const base = { sessionId: sid, cwd: root };
      return writeJsonl(join(root, '.git', 'asks.jsonl'), [
        { ...base, type: 'user', message: { role: 'user', content: 'Make Escape close the dialog' } },
        claudeAssistant({
          id: 'm1',
          tokens: 20_000,
          sessionId: sid,
          content: [
            {
              type: 'tool_use',
              id: 't0',
              name: 'TodoWrite',
              input: { todos: [{ content: 'Confirm in the browser', status: 'in_progress', activeForm: 'Confirming' }] },
            },
          ],
        }),
        {
          ...base,
          type: 'user',
          message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't0', content: 'Todos have been modified successfully' }] },
        },
        claudeAssistant({
          id: 'm2',
          tokens: 21_000,
          sessionId: sid,
          content: [{ type: 'text', text: 'Could you open the page, press Escape, and tell me whether the dialog closes?' }],
        }),
        {
          ...base,
          type: 'attachment',
          uuid: 'h1',
          attachment: {
            type: 'hook_success',
            hookName: 'Stop',
            hookEvent: 'Stop',
            command: 'uv run pytest -q',
            stdout: '20 passed in 1.2s',
            stderr: '',
            exitCode: 0,
          },
        },
      ]);
    });
    expect(prompt).toContain('waiting for the user');
    expect(prompt).toMatch(/To start:\n1\. Ask the user first/);
  });

  it('are read once when Claude Code writes the conversation again', () => {
    const log = session(tempDir(), '2.1');
    const twice = readTranscript(
      writeJsonl(join(tempDir(), 'twice.jsonl'), [...readLines(log), ...readLines(log).map((l) => ({ ...l, uuid: `again-${String(l.uuid)}` }))]),
    );
    expect(twice.events.filter((e) => e.kind === 'hook')).toHaveLength(4);
  });

  it('give the status, not the last command, and are no turn of the agent', () => {
    const { prompt } = resumedAfterSave((root) => session(root, '1.0'));
    expect(prompt).toContain('Status: tests passing: 138; type check passing');
    expect(prompt).not.toContain('Last command');
    expect(prompt).toContain('- Hide the whole vis group when its filter is off');
    expect(prompt).not.toContain('interrupted mid-work');
  });
});
