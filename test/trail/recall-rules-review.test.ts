/**
 * Review of recall's instruction-file rule and the version-number heuristic (src/trail/recall.ts,
 * passage-words.ts, question-words.ts): repro tests that fail on the current code.
 */
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const edited = (id: string, path: string, change: string): TranscriptEvent[] => [
  { kind: 'edit', id, paths: [`/repo/${path}`], change, tool: 'Edit' },
  { kind: 'result', id, ok: true, output: 'ok' },
];

describe('review: an instruction file the session edited', () => {
  it('a question naming it still gets its newest edits, as for any file it edited (they are history, not standing rules)', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Write down the project conventions in CLAUDE.md' },
      ...edited('e1', 'CLAUDE.md', '## Testing\n- Run the tests with `pytest -x` before every commit.'),
      ...edited('e2', 'CLAUDE.md', '## Style\n- Format with `ruff format`; the line length is 100.'),
      ...edited('e3', 'CLAUDE.md', '## Release\n- Bump the version in pyproject.toml, then tag `vX.Y.Z` and push the tag.'),
      { kind: 'say', text: 'CLAUDE.md now lists the testing, style and release conventions.' },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    // Before e072e21 both answered with the newest edits (the Release section); now the oldest edit, which shares "before"/"commit" with the question.
    for (const q of ['What did the session add to CLAUDE.md before finishing?', 'What was the last change to CLAUDE.md before the commit?']) {
      const top = recall(trails, q, 600)[0]!.line;
      expect(top, q).toMatch(/^file CLAUDE\.md: modified/);
      expect(top, q).toContain('## Release');
    }
  });
});

describe('review: a version number answers "which version"', () => {
  it('also at the end of a sentence ("… to 1.171.0.")', () => {
    // The commit's own case, written as prose: the version is followed by a full stop.
    const report = [
      'Created and validated all requested configurations:',
      '- [GitHub CI](.github/workflows/check.yml): formatting, linting, Python type-checking, tests, builds, and a Semgrep scan in CI.',
      '- [Semgrep configuration](.semgrep.yml): three high-confidence Python and Go command-execution rules for the scan.',
      ...Array.from({ length: 30 }, (_, i) => `- Validation step ${i + 1} for the Python checks and the Semgrep scan in CI passed with no findings.`),
      '- Pinned the Semgrep container image to 1.171.0.',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Set up CI with a type checker and Semgrep' },
      { kind: 'say', text: report },
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    expect(recall(trails, 'Which Semgrep version does the scan in CI use?')[0]!.line).toContain('1.171.0');
  });
});
