// Review s43b: clarified() reads each question of Claude Code's "Chat about this" text with
// /^- "((?:[^"\\\n]|\\.)+)"\n…/. Claude Code writes `- "${q.question}"` unescaped (its bundle:
// `- "${q_1.question}"\n  Answer: ${answer}`), so a question that quotes a term never matches and
// the answer the user had picked is lost.
import { expect, it } from 'vitest';
import { clarified } from '../../src/agents/claude-code/tool-results.js';

it('keeps the answer to a question that quotes a term', () => {
  const said = [
    'The user wants to clarify these questions.',
    '    This means they may have additional information, context or questions for you.',
    '',
    '    Questions asked:',
    '- "Rename the "recall" command to "ask"?"',
    '  Answer: Yes, rename it',
    '- "Which version to tag?"',
    '  Answer: v0.3.4',
  ].join('\n');
  expect(clarified(said)?.answers).toEqual([
    ['Rename the "recall" command to "ask"?', 'Yes, rename it'],
    ['Which version to tag?', 'v0.3.4'],
  ]);
});
