/**
 * The user's words wherever Claude Code records them: a tool call rejected with a reason, a
 * prompt queued while the agent worked, the answers to the agent's question with options.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'words-1';
const user = (content: unknown, extra: object = {}) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content }, ...extra });
const toolUse = (id: string, name: string, input: object) => claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const result = (id: string, content: string, isError = false) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: isError }]);

describe('the user words Claude Code keeps outside user prompts', () => {
  const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
    user('Rename the script and package it for uv.'),
    toolUse('t1', 'Bash', { command: 'git mv extract-feedback.py extract_feedback.py' }),
    result('t1', "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). The user provided the following reason for the rejection:  Let's keep the name of the py file but change the pyproject script to reference it", true),
    toolUse('t2', 'AskUserQuestion', { questions: [{ question: 'How should corrupted archives be reported?', options: [{ label: 'Option B: Marker entry' }, { label: 'Option C: Extra field' }] }] }),
    result('t2', 'User has answered your questions: "How should corrupted archives be reported?"="Option C: Extra field". You can now continue with the user\'s answers in mind.'),
    { type: 'queue-operation', operation: 'enqueue', sessionId: sid, timestamp: '2026-01-07T21:08:38.458Z', content: 'no, add conversationId field, but set value from sessionId' },
    claudeAssistant({ id: 'm-end', tokens: 12_000, sessionId: sid, content: [{ type: 'text', text: 'Working on it.' }] }),
  ]);
  const t = readTranscript(path);

  it('reads a rejection reason as a redirect, an answered question as a choice, a queued prompt as a prompt', () => {
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => (e.kind === 'ask' ? e.text : ''))).toEqual([
      'Rename the script and package it for uv.',
      "Let's keep the name of the py file but change the pyproject script to reference it",
      'no, add conversationId field, but set value from sessionId',
    ]);
    expect(t.events.find((e) => e.kind === 'choice')).toMatchObject({ question: 'How should corrupted archives be reported?', answer: 'Option C: Extra field' });
  });

  it('the manifest keeps them as instructions and a decision', () => {
    const m = extractManifest({ transcript: t, pressure: measurePressure(12_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.critical_context.user_instructions).toEqual(expect.arrayContaining(["Let's keep the name of the py file but change the pyproject script to reference it", 'no, add conversationId field, but set value from sessionId']));
    expect(m.critical_context.key_decisions).toContain('The user chose "Option C: Extra field" for: How should corrupted archives be reported?');
  });

  it('a tool output that merely looks like answers is not a choice', () => {
    const p = writeJsonl(join(tempDir(), 'other.jsonl'), [toolUse('x', 'Bash', { command: 'cat config' }), result('x', '"a"="b"\n"c"="d"')]);
    expect(readTranscript(p).events.some((e) => e.kind === 'choice')).toBe(false);
  });
});
