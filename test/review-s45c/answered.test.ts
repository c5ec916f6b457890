// Review s45c: a short agreement gets what it agreed to (src/extract/request.ts withAnswered).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'answered-s45c';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const say = (id: string, text: string) => claudeAssistant({ id, tokens: 11_000, sessionId: sid, content: [{ type: 'text', text }] });
const edit = (id: string) =>
  claudeAssistant({
    id: `m-${id}`,
    tokens: 10_000,
    sessionId: sid,
    content: [{ type: 'tool_use', id, name: 'Edit', input: { file_path: '/repo/src/tooltip.ts', old_string: 'a', new_string: 'b' } }],
  });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);

function completed(lines: object[]): string[] {
  const t = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines));
  return extractManifest({ transcript: t, pressure: measurePressure(11_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } }).completed_tasks;
}

const session = (answer: string) => [
  user('Fix the tooltip offset.'),
  edit('e1'),
  ok('e1'),
  say('m1', 'Fixed the offset in src/tooltip.ts. Want me to commit and push this to main?'),
  user(answer),
  edit('e2'),
  ok('e2'),
  say('m2', 'Done: committed and pushed to main.'),
];

describe('review s45c: a short agreement in words not in TRIVIAL_WORDS', () => {
  // Before 4751c74 `^(?:y(?:es|ep|eah)?|ok(?:ay)?|sure|go|…)\b` (≤ 40 chars) took these; now only answers made all of
  // TRIVIAL_WORDS, or an agreement word plus an option word ("that", "2"), do: "for", "y" are neither.
  for (const answer of ['yes go for it', 'sure, go for it', 'y do it'])
    it(`"${answer}" still says what it agreed to`, () => {
      expect(completed(session(answer)).join('\n')).toContain('(to: Want me to commit and push this to main?)');
    });
  // Not English: never agreement (before the commit neither).
  for (const answer of ['oui', 'ja, bitte', 'sí, hazlo', 'はい、お願いします'])
    it(`"${answer}" says what it agreed to`, () => {
      expect(completed(session(answer)).join('\n')).toContain('(to: Want me to commit and push this to main?)');
    });
});

describe('review s45c: control', () => {
  it('"yes please" says what it agreed to (passes)', () => {
    expect(completed(session('yes please')).join('\n')).toContain('(to: Want me to commit and push this to main?)');
  });
});
