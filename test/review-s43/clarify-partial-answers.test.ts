// Review s43, finding: Claude Code's "Chat about this" rejection carries the answers the user had
// already picked ("Answer: …") and the notes they typed ("User notes: …") below the harness's
// template (Claude Code's bundle: `- "${q}"\n  Answer: ${answer}`). Since 5e9b232 the whole
// rejection is dropped as injected text, so those user choices and words are lost; before, they
// were kept (as a redirect).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'clarify-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const toolUse = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const result = (id: string, content: string, isError = false) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: isError }]);

describe('"Chat about this" after answering some of the questions', () => {
  it("keeps the answers the user gave and the notes they typed (the user's own words)", () => {
    const clarify = [
      "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). To tell you how to proceed, the user said:",
      'The user wants to clarify these questions.',
      '    This means they may have additional information, context or questions for you.',
      '    Take their response into account and then reformulate the questions if appropriate.',
      '    Start by asking them what they would like to clarify.',
      '',
      '    Questions asked:',
      '- "Which version to tag?"',
      '  Answer: v0.3.4',
      '  User notes: we ship breaking changes as patches until 1.0',
      '- "Update CHANGELOG before tagging?"',
      '  (No answer provided)',
    ].join('\n');
    const p = writeJsonl(join(tempDir(), 'clarify.jsonl'), [
      user('Tag the release please.'),
      toolUse('q', 'AskUserQuestion', {
        questions: [
          { question: 'Which version to tag?', options: [{ label: 'v0.4.0' }, { label: 'v0.3.4' }] },
          { question: 'Update CHANGELOG before tagging?', options: [{ label: 'Yes' }, { label: 'No' }] },
        ],
      }),
      result('q', clarify, true),
      user('Let me explain the changelog part first.'),
    ]);
    const events = readTranscript(p).events;
    // What the user chose and typed is somewhere among their words or choices, not only in a tool result.
    const userSide = events.flatMap((e) => (e.kind === 'ask' ? [e.text] : e.kind === 'choice' ? [`${e.question} ${e.answer}`] : [])).join('\n');
    expect(userSide).toContain('v0.3.4');
    expect(userSide).toContain('we ship breaking changes as patches until 1.0');
  });
});
