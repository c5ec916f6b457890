// Recall shows the passages of a long answer that hold the question's words in any of their forms:
// "fix" finds "fixes", "implemented" finds "implementation".
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { shortWordForms } from '../../src/trail/question-words.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const REPORT = [
  '## Investigation summary',
  'I looked at both issues in extract-coderabbit-feedback.py and traced the data from the GraphQL query to the grouping.',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `Finding ${i + 1}: the comment thread number ${i + 1} carries its body text but the grouping ignores where it came from, so the output lists it under an unknown heading.`,
  ),
  '**Implementation points:** create a helper `extract_file_path_from_body(body)` that parses "In `path` around line N", and call it in `group_comments_by_file()`.',
].join('\n');

describe('the words of a question, in their other forms', () => {
  it('find the passage of a long report that answers', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Investigate why the output says Lines 0 and unknown' },
      { kind: 'say', text: REPORT },
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    const top = recall(trails, 'What did the investigation leave to be implemented next?')[0]!;
    expect(top.line).toContain('extract_file_path_from_body');
  });

  it('"still failing" asks for the newest run of each check', () => {
    const run = (id: string, command: string, output: string, at: string): TranscriptEvent[] => [
      { kind: 'command', id, command, at },
      { kind: 'result', id, ok: true, exitCode: 0, output, at },
    ];
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'fix the type errors', at: '2026-12-01T10:00:00Z' },
      ...run('c1', 'uv run pytest', '========== 167 passed, 1 skipped in 45.90s ==========', '2026-12-01T10:05:00Z'),
      ...run('c2', 'uv run ty check', 'All checks passed!', '2026-12-01T10:06:00Z'),
      { kind: 'say', text: 'Both diagnostics are gone.', at: '2026-12-01T10:07:00Z' },
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    const top = recall(trails, 'At the end of the session, is anything still failing or left to do?')
      .slice(0, 2)
      .map((h) => h.line)
      .join('\n');
    expect(top).toContain('167 passed');
    expect(top).toContain('All checks passed!');
  });
  it('"pin" finds "pinned", and "which versions" the passage with a version number in it', () => {
    const report = [
      'Created and validated all requested configurations:',
      '- [GitHub CI](.github/workflows/check.yml): formatting, linting, Python type-checking, tests, builds, and a Semgrep scan in CI.',
      '- [Semgrep configuration](.semgrep.yml): three high-confidence Python and Go command-execution rules for the scan.',
      ...Array.from({ length: 30 }, (_, i) => `- Validation step ${i + 1} for the Python checks and the Semgrep scan in CI passed with no findings.`),
      '- Pinned `semgrep/semgrep:1.171.0` container confirmed available.',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Set up CI with a type checker and Semgrep' },
      { kind: 'say', text: report },
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    expect(recall(trails, 'Which versions did the agent pin for the Python type checker and for the Semgrep scan in CI?')[0]!.line).toContain(
      'semgrep/semgrep:1.171.0',
    );
    // A version number answers "which version", though the word is not in its passage.
    expect(recall(trails, 'Which Semgrep version does the scan in CI use?')[0]!.line).toContain('semgrep/semgrep:1.171.0');
    // And "which release".
    expect(recall(trails, 'Which Semgrep release does the scan in CI use?')[0]!.line).toContain('semgrep/semgrep:1.171.0');
    expect(shortWordForms('pin')).toEqual(expect.arrayContaining(['pins', 'pinned', 'pinning']));
    expect(shortWordForms('run')).toContain('running');
    // Not a word whose last consonant is not doubled ("fix": fixed, not fixxed; "add": added).
    expect(shortWordForms('fix')).not.toContain('fixxed');
    expect(shortWordForms('add')).not.toContain('addded');
  });
});
