// Guidance the agent saved to Claude Code's memory (type feedback) is one of the user's instructions in the prompt; the file is no file of the work, nor is a scratch file in /tmp.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { memoryNotes } from '../../src/extract/memory-notes.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'memory-notes-1';
const MEMORY = '/Users/me/.claude-personal/projects/-Users-me-app/memory';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);
const memory = (type: string, description: string, apply: string) =>
  [
    '---',
    'name: no-own-domain-for-tests',
    `description: ${description}`,
    'metadata:',
    `  type: ${type}`,
    '---',
    '',
    'Do not use `acme.io` (or the address `me@acme.io`) for test emails, test accounts, or seed data.',
    '',
    '**Why:** I sent a live welcome email there to verify Resend; the user said "dont use acme.io".',
    '',
    `**How to apply:** ${apply}`,
  ].join('\n');

function session(type = 'feedback') {
  return readTranscript(
    writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      user('Send the welcome email after sign-up'),
      call('w1', 'Write', { file_path: '/repo/src/email.ts', content: 'export const send = () => 1;\n' }),
      ok('w1'),
      call('w2', 'Write', {
        file_path: `${MEMORY}/no-own-domain-for-tests.md`,
        content: memory(
          type,
          "Don't use the user's acme.io domain for test sends or test data",
          'For any test that needs a recipient (Resend sends, sign-ups), use `@example.com` addresses.',
        ),
      }),
      ok('w2'),
      call('w3', 'Write', { file_path: `${MEMORY}/MEMORY.md`, content: '- [No acme.io for tests](no-own-domain-for-tests.md)\n' }),
      ok('w3'),
      call('w4', 'Write', { file_path: '/tmp/verify-signup.mjs', content: 'await page.goto(url);\n' }),
      ok('w4'),
      claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: 'Saved that to memory.' }] }),
    ]),
  );
}

describe("the agent's memory notes", () => {
  it("are the user's guidance in the prompt, by description and how to apply it (its examples left out)", () => {
    const m = extractManifest({ transcript: session(), pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.critical_context.user_instructions).toContain(
      "Saved to memory: Don't use the user's acme.io domain for test sends or test data. How to apply: For any test that needs a recipient, use `@example.com` addresses.",
    );
    // The memory folder is the agent's data, and a script in /tmp a scratch file: neither is the work's.
    expect(m.memory_pointers.modified_files).toEqual(['src/email.ts']);
  });

  it('are only the feedback kind: a project note is no instruction', () => {
    expect(memoryNotes(session('project').events)).toEqual([]);
  });
});
