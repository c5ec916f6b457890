// Finding 9 (low): src/extract/memory-notes.ts.
// - A memory note changed by Edit (not Write) keeps its first text: an Edit's change holds no
//   `---` frontmatter, so it is skipped (line ~25). Its description rewritten, or its type turned
//   from feedback to project, the prompt still says "Saved to memory: <the old rule>".
// - MEMORY_FILE (line 10) is not anchored to a config folder: a file of the project at
//   `test/fixtures/.claude/projects/demo/memory/note.md` (a tool for Claude Code has such
//   fixtures) is left out of the files the session changed and read as the user's guidance.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'review-s41-memory';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);
const note = (path: string, description: string) =>
  call('w1', 'Write', { file_path: path, content: ['---', 'name: pkg', `description: ${description}`, 'type: feedback', '---', '', 'Use pnpm.'].join('\n') });
const manifestOf = (lines: object[]) =>
  extractManifest({
    transcript: readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines)),
    pressure: measurePressure(21_000, 200_000),
    git: { root: '/repo', dirty: [], stateFiles: [] },
  });

const MEMORY = '/home/me/.claude/projects/-repo/memory/pkg.md';

describe('a memory note edited, not rewritten', () => {
  it('says its new description, not the old one', () => {
    const m = manifestOf([
      user('Set up the workspace'),
      note(MEMORY, 'Use npm for installs'),
      ok('w1'),
      call('e1', 'Edit', {
        file_path: MEMORY,
        old_string: 'description: Use npm for installs',
        new_string: 'description: Never use npm; use pnpm for installs',
      }),
      ok('e1'),
    ]);
    expect(m.critical_context.user_instructions.join('\n')).not.toContain('Use npm for installs');
  });

  it('is no instruction once its type is no longer feedback', () => {
    const m = manifestOf([
      user('Set up the workspace'),
      note(MEMORY, 'Use npm for installs'),
      ok('w1'),
      call('e1', 'Edit', { file_path: MEMORY, old_string: 'type: feedback', new_string: 'type: project' }),
      ok('e1'),
    ]);
    expect(m.critical_context.user_instructions.join('\n')).not.toContain('Saved to memory');
  });
});

describe("a file of the project's under a .claude folder", () => {
  it('is a changed file, not the agent memory', () => {
    const m = manifestOf([
      user('Add a memory fixture for the reader tests'),
      note('/repo/test/fixtures/.claude/projects/demo/memory/note.md', 'Always push to main'),
      ok('w1'),
    ]);
    expect(m.memory_pointers.modified_files).toContain('test/fixtures/.claude/projects/demo/memory/note.md');
    expect(m.critical_context.user_instructions.join('\n')).not.toContain('Always push to main');
  });
});
