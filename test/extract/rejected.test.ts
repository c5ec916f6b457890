// Calls the user rejected never ran: the prompt says so, and the next session asks before it runs them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, CORPUS, HAS_CORPUS, resumedAfterSave, writeJsonl } from '../helpers.js';

const sid = 'rejected-1';
const REJECTED =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";

/** The prompt `resume` gives after saving `transcript` in a new repository. */
const promptAfter = (transcript: (root: string) => string): string => resumedAfterSave(transcript).prompt;

describe('calls the user rejected', () => {
  it('are no last command with an exit code, are named as rejected, and the next session asks the user first', () => {
    const prompt = promptAfter((root) => {
      const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
      const call = (id: string, name: string, input: object) =>
        claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
      return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
        user('The dev server does not start'),
        call('t0', 'Bash', { command: 'npm test' }),
        user([{ type: 'tool_result', tool_use_id: 't0', content: 'Tests 3 passed', is_error: false }]),
        call('t1', 'Bash', { command: 'npm run dev 2>&1 | head -80' }),
        call('t2', 'Edit', { file_path: join(root, 'vite.config.ts'), old_string: 'a', new_string: 'b' }),
        user([{ type: 'tool_result', tool_use_id: 't1', content: REJECTED, is_error: true }]),
        user([{ type: 'tool_result', tool_use_id: 't2', content: REJECTED, is_error: true }]),
        user([{ type: 'text', text: '[Request interrupted by user for tool use]' }]),
      ]);
    });
    // The last command that ran is the test run; the rejected one has no outcome or exit code of its own.
    expect(prompt).toContain('Last command (read-only ones aside): `npm test` → ok');
    expect(prompt).not.toMatch(/npm run dev[^\n]*→ (?:unknown|failed)/);
    expect(prompt).toContain('Last action: the user rejected (not run): `npm run dev 2>&1 | head -80`; an edit of vite.config.ts');
    expect(prompt).toContain("The dev server does not start (asked by the user; the user rejected the agent's last calls and stopped it)");
    expect(prompt).toMatch(/To start:\n1\. Ask the user how to go on: they rejected the last calls/);
    expect(prompt).not.toContain('Continue pending task 1');
  });

  it('are in the trail as rejected, not as failed with an exit code', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Start the server' },
      { kind: 'command', id: 'c1', command: 'mix phx.server' },
      { kind: 'tool', id: 'w1', name: 'WebFetch', input: { url: 'https://hexdocs.pm/phoenix' } },
      { kind: 'result', id: 'c1', ok: false, exitCode: 1, output: REJECTED },
      { kind: 'result', id: 'w1', ok: false, output: REJECTED },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail }], 'what happened when the agent tried to start the phoenix server').map((h) => h.line);
    expect(lines).toContain('command `mix phx.server` → rejected by the user (not run)');
    expect(lines.find((l) => l.startsWith('tool WebFetch'))).toBe('tool WebFetch https://hexdocs.pm/phoenix → rejected by the user (not run)');
  });

  it("are only what the agent's harness says the user rejected: a script's own 'Aborted by user' ran", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Deploy to production' },
      { kind: 'command', id: 'c1', command: './scripts/deploy.sh --prod' },
      { kind: 'result', id: 'c1', ok: false, exitCode: 130, output: 'Aborted by user (SIGINT) after uploading 3/5 artifacts' },
    ];
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }], 'what happened to the deploy').map((h) => h.line);
    expect(lines.join('\n')).not.toContain('rejected by the user');
    expect(lines.join('\n')).toContain('./scripts/deploy.sh --prod');
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the rejected server start and Glob (spotter/short.jsonl)', () => {
    const prompt = promptAfter(() => join(CORPUS, 'claude-code/spotter/short.jsonl'));
    expect(prompt).toContain('Last action: the user rejected (not run): `mix phx.server 2>&1 | head -80`; Glob mix.exs');
    expect(prompt).not.toContain('Last command');
    expect(prompt).toContain('1. Ask the user how to go on');
  });
});
