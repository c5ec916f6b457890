// The project's instruction file the agent read holds its standing rules: recall finds them.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { rulesRead } from '../../src/trail/instruction-files.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const CLAUDE_MD = [
  '# claude-code-log',
  '',
  '## Testing',
  '',
  '**Always use `-n auto` for parallel test execution:**',
  '```bash',
  'uv run pytest -n auto -m "not (tui or browser)" -v',
  '```',
  '- Never commit the generated HTML in test/test_data/',
  'The project renders Claude Code transcripts to HTML.',
]
  .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
  .join('\n');

describe("a project's instruction file the agent read", () => {
  it('keeps its rule lines, not its prose, headings or code', () => {
    expect(rulesRead('/repo/CLAUDE.md', CLAUDE_MD)).toBe(
      '**Always use `-n auto` for parallel test execution:**\nNever commit the generated HTML in test/test_data/',
    );
    expect(rulesRead('/repo/docs/guide.md', CLAUDE_MD)).toBeUndefined();
  });

  it('answers a question about the project rules', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Give me an overview of the architecture' },
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/CLAUDE.md' } },
      { kind: 'result', id: 'r1', ok: true, output: CLAUDE_MD },
      { kind: 'say', text: 'The project renders transcripts to HTML with Jinja templates.' },
    ];
    const lines = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }],
      "What testing rule from the project's CLAUDE.md should be followed?",
    ).map((h) => h.line);
    expect(lines[0]).toMatch(/^file CLAUDE\.md: read: .*-n auto/);
  });
});
