// A short answer ("go", "yes, please do") finished as the user's request says what it agreed to only
// with the agent's offer or question it answered: "Already done: go" told the next session nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'answered-1';
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

describe('a short answer as the finished request', () => {
  it('says what it answered', () => {
    const done = completed([
      user('Fix the tooltip offset.'),
      edit('e1'),
      ok('e1'),
      say('m1', 'Fixed the offset in src/tooltip.ts. Want me to also clamp it to the viewport edges?'),
      user('yes, please do'),
      edit('e2'),
      ok('e2'),
      say('m2', 'Done: the tooltip is now clamped to the viewport edges.'),
    ]);
    expect(done[0]).toBe('yes, please do (to: Want me to also clamp it to the viewport edges?)');
  });

  it('is left alone when it is a request of its own, or nothing came before it to answer', () => {
    const own = completed([
      user('Fix the tooltip offset.'),
      say('m1', 'Which option? A or B?'),
      user('make it hot pink instead'),
      edit('e1'),
      ok('e1'),
      say('m2', 'Done: it is hot pink now.'),
    ]);
    expect(own[0]).toBe('make it hot pink instead');
    expect(completed([user('go'), edit('e1'), ok('e1'), say('m2', 'Done: the offset is fixed.')])[0]).toBe('go');
  });
});

// Review s45b (/work/review-s45b/findings.md, 11 and 12).
describe('a short answer and what it answered', () => {
  it('a short request of its own that starts with "ok" is not said to agree to the offer it turned down', () => {
    const done = completed([
      user('Fix the tooltip offset.'),
      edit('e1'),
      ok('e1'),
      say('m1', 'Fixed the offset in src/tooltip.ts. Want me to commit and push this to main?'),
      user('ok now add tests for the parser'),
      edit('e2'),
      ok('e2'),
      say('m2', 'Done: added tests for the parser in src/parser.test.ts.'),
    ]);
    // The user asked for tests instead; the prompt must not say they said "ok" to committing and pushing to main.
    expect(done[0]).toBe('ok now add tests for the parser');
  });

  it('an answer after a report that asked nothing: a rhetorical question inside the report is no offer', () => {
    const done = completed([
      user('Fix the flaky build.'),
      edit('e1'),
      ok('e1'),
      say(
        'm1',
        'Why did the build fail? The cache key did not include the lockfile hash, so stale modules were restored. I added the hash to the key and the build now passes twice in a row.',
      ),
      user('ok, push it to main'),
      edit('e2'),
      ok('e2'),
      say('m2', 'Done.'),
    ]);
    expect(done[0]).not.toContain('(to: Why did the build fail?)');
  });
});

// Review s45c (/work/review-s45c/findings.md, 4).
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

describe('a short agreement in words not in TRIVIAL_WORDS', () => {
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

describe('control', () => {
  it('"yes please" says what it agreed to (passes)', () => {
    expect(completed(session('yes please')).join('\n')).toContain('(to: Want me to commit and push this to main?)');
  });
});
