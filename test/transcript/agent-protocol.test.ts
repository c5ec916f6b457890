import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { commandFiles } from '../../src/extract/files.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { measurePressure } from '../../src/monitor/pressure.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, claudeAssistant, codexLine, tempDir, writeJsonl } from '../helpers.js';

const codex = codexLine;

const SUMMARY = [
  '<analysis>',
  'The user asked for the parser; I wrote src/parse.ts and its tests. Commit 1a2b3c4 holds it.',
  '</analysis>',
  '<summary>',
  '1. Primary Request and Intent: make the parser handle quoted fields.',
  '7. Pending Tasks:',
  '   - Add tests for escaped quotes in src/parse.test.ts',
  '8. Current Work: writing the quoted-field branch of src/parse.ts.',
  '9. Optional Next Step: run npm test and fix the escaped-quote case.',
  '</summary>',
].join('\n');

describe("an agent's protocol messages are read as what they are", () => {
  it("Claude Code's request for a compaction summary is no ask of the user's, and the reply is the compaction summary", () => {
    for (const request of [
      "Your task is to create a detailed summary of the conversation so far, paying close attention to the user's explicit requests and your previous actions.",
      'Your task is to create a detailed summary of the RECENT portion of the conversation — the messages that follow earlier context.',
      'Your task is to create a detailed summary of this conversation. This summary will be placed at the start of a continuing session.',
    ]) {
      // The transcript a compaction run as a subagent writes: all sidechain, the request, the summary.
      const path = writeJsonl(join(tempDir(), 'agent-acompact-1.jsonl'), [
        { type: 'user', isSidechain: true, sessionId: 's', message: { role: 'user', content: [{ type: 'text', text: request }] } },
        claudeAssistant({ id: 'a1', tokens: 90_000, sidechain: true, content: [{ type: 'text', text: SUMMARY }] }),
      ]);
      const t = readTranscript(path, 'claude-code');
      expect(t.events.filter((e) => e.kind === 'ask')).toEqual([]);
      expect(t.events.filter((e) => e.kind === 'say')).toEqual([]);
      const compaction = t.events.find((e) => e.kind === 'compaction');
      expect(compaction?.kind === 'compaction' && compaction.summary).toMatch(/^1\. Primary Request[\s\S]*escaped-quote case\.$/);
      const m = extractManifest({ transcript: t, pressure: measurePressure(90_000, 200_000), git: { root: '/tmp/p', dirty: [], stateFiles: [] } });
      expect(JSON.stringify(m.pending_tasks)).toContain('escaped quotes');
    }
  });

  it('the same words from the user, not first in their message, stay their ask', () => {
    const ask = 'Please write docs. Your task is to create a detailed summary of the conversation so far for the wiki.';
    const path = writeJsonl(join(tempDir(), 'session.jsonl'), [
      { type: 'user', sessionId: 's', message: { role: 'user', content: ask } },
      claudeAssistant({ id: 'a1', tokens: 10_000, content: [{ type: 'text', text: 'Done: docs/summary.md.' }] }),
    ]);
    const t = readTranscript(path, 'claude-code');
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => e.kind === 'ask' && e.text)).toEqual([ask]);
    expect(t.events.some((e) => e.kind === 'compaction')).toBe(false);
  });

  it('a Codex freeform tool call with JSON arguments is the command it runs, and a patch applied by a call read as no edit is one', () => {
    const path = writeJsonl(join(tempDir(), 'rollout-x.jsonl'), [
      codex(0, 'session_meta', { id: 'codex-x', cwd: '/home/dev/app' }),
      codex(1, 'event_msg', { type: 'user_message', message: 'list and fix' }),
      codex(2, 'response_item', { type: 'custom_tool_call', call_id: 'c1', name: 'shell', input: '{"command":["ls","-a"]}' }),
      codex(3, 'response_item', { type: 'custom_tool_call_output', call_id: 'c1', output: 'a.txt\nb.txt\n' }),
      // apply_patch run through the shell: the command, then the patch's own report of what it changed.
      codex(4, 'response_item', {
        type: 'function_call',
        call_id: 'c2',
        name: 'shell',
        arguments: JSON.stringify({ command: ['apply_patch', '*** Begin Patch'] }),
      }),
      codex(5, 'event_msg', {
        type: 'patch_apply_end',
        call_id: 'c2',
        success: true,
        changes: { '/home/dev/app/a.txt': { type: 'update' }, '/home/dev/app/old.txt': { type: 'delete' } },
      }),
      codex(6, 'event_msg', { type: 'patch_apply_end', call_id: 'c3', success: false, changes: { '/home/dev/app/c.txt': { type: 'add' } } }),
    ]);
    const t = readTranscript(path, 'codex');
    expect(t.events.find((e) => e.kind === 'command')).toMatchObject({ id: 'c1', command: 'ls -a' });
    const edits = t.events.filter((e) => e.kind === 'edit');
    expect(edits).toEqual([expect.objectContaining({ id: 'c2', paths: ['/home/dev/app/a.txt'], deleted: ['/home/dev/app/old.txt'] })]);
  });

  it("a patch fed to apply_patch through the shell (Codex 0.5x's `bash -lc \"apply_patch <<'PATCH'…\"`) is the edit it makes, and its text names no files", () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: components/chat/index.ts',
      '@@',
      ' export const fetchChatResponse = async (',
      '   url: string,',
      '-  const headers = { a: 1 }',
      '+  const headers = isHosted ? { b: 2 } : { c: 3 } // x > 1 => y',
      '*** End Patch',
    ].join('\n');
    const path = writeJsonl(join(tempDir(), 'rollout-y.jsonl'), [
      codex(0, 'session_meta', { id: 'codex-y', cwd: '/home/dev/app' }),
      codex(1, 'event_msg', { type: 'user_message', message: 'use lmstudio' }),
      codex(2, 'response_item', {
        type: 'function_call',
        call_id: 'p1',
        name: 'shell',
        arguments: JSON.stringify({ command: ['bash', '-lc', `apply_patch <<'PATCH'\n${patch}\nPATCH`] }),
      }),
      codex(3, 'response_item', {
        type: 'function_call_output',
        call_id: 'p1',
        output: JSON.stringify({ output: 'Success. Updated the following files:\nM components/chat/index.ts\n', metadata: { exit_code: 0 } }),
      }),
    ]);
    const t = readTranscript(path, 'codex');
    expect(t.events.filter((e) => e.kind === 'command')).toEqual([]);
    expect(t.events.filter((e) => e.kind === 'edit')).toEqual([
      expect.objectContaining({
        id: 'p1',
        paths: ['components/chat/index.ts'],
        change: expect.stringMatching(/^@@ export const fetchChatResponse = async \(\n/),
      }),
    ]);
    // The same patch left as a command: the `>` and `=>` in its text are no redirections.
    expect(commandFiles(`apply_patch <<'PATCH'\n${patch}\nPATCH`).written).toEqual([]);
    expect(commandFiles("cat > notes.md <<'EOF'\nconst f = (x) => x > 1;\nEOF").written).toEqual(['notes.md']);
  });

  it("Codex's AGENTS.md instructions before the prompt are a read of that file, once however often a resume gives them, and recall finds their rules", () => {
    const agents = {
      type: 'message',
      role: 'user',
      content: [
        {
          type: 'input_text',
          text: '# AGENTS.md instructions for /home/dev/app\n\n<INSTRUCTIONS>\n## PRs\n- When creating a PR always create it in draft mode.\n- Debug with a local file first, never in production.\n</INSTRUCTIONS>',
        },
      ],
    };
    const path = writeJsonl(join(tempDir(), 'rollout-z.jsonl'), [
      codex(0, 'session_meta', { id: 'codex-z', cwd: '/home/dev/app' }),
      codex(1, 'response_item', agents),
      codex(2, 'event_msg', { type: 'user_message', message: 'fill out the search skill' }),
      codex(3, 'response_item', agents),
      codex(4, 'event_msg', { type: 'agent_message', message: 'Done.' }),
    ]);
    const t = readTranscript(path, 'codex');
    expect(t.events.filter((e) => e.kind === 'tool')).toEqual([expect.objectContaining({ name: 'Read', input: { file_path: '/home/dev/app/AGENTS.md' } })]);
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => (e as { text: string }).text)).toEqual(['fill out the search skill']);
    const trail = buildTrail(t.events, '/home/dev/app', '/home/dev/app');
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What rules does AGENTS.md give about pull requests?');
    expect(hits[0]!.line).toMatch(/^file AGENTS\.md: read: (?:## PRs )?When creating a PR always create it in draft mode\./);
  });

  const acompact = join(CORPUS, 'claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20/subagents/agent-acompact-f46190.jsonl');
  it.skipIf(!existsSync(acompact))('a real compaction subagent transcript resumes at the work its summary names (corpus)', () => {
    const t = readTranscript(acompact, 'claude-code');
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => e.kind === 'ask' && e.text.slice(0, 40))).not.toContainEqual(
      expect.stringMatching(/^Your task is/),
    );
    const m = extractManifest({ transcript: t, pressure: measurePressure(90_000, 200_000), git: { root: '/tmp/p', dirty: [], stateFiles: [] } });
    expect(JSON.stringify([m.active_state.current_work, m.pending_tasks])).toContain('spotter-fum.3');
  });
});
