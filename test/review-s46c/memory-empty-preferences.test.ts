// memorySummary keeps of Codex's memory summary only its "User preferences" section, and gives none
// without one ("is none without a section of preferences", test/trail/given-instructions). A
// summary whose preferences section is empty (Codex writes the heading before it has learnt any:
// "## User preferences" then "## General Tips") still gives the heading alone: the trail records a
// read of memory_summary.md whose only "rule" is "## User preferences", and recall has a rules entry
// that says nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySummary } from '../../src/agents/codex/patch.js';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const SUMMARY = [
  '## User Profile',
  '',
  'No durable user profile has been established yet.',
  '',
  '## User preferences',
  '',
  '## General Tips',
  '',
  '- For Mergify, confirm Change-Id and stack state before publication of a commit.',
].join('\n');

const MESSAGE = [
  '## Memory',
  '',
  '- /home/u/.codex/memories/memory_summary.md (already provided below; do NOT open again)',
  '',
  '========= MEMORY_SUMMARY BEGINS =========',
  SUMMARY,
  '========= MEMORY_SUMMARY ENDS =========',
].join('\n');

describe('a memory summary whose preferences section is empty', () => {
  it('gives no preferences, as one without the section gives none', () => {
    // Without the section: none (the control).
    expect(memorySummary(MESSAGE.replace('## User preferences\n\n', ''))).toBeUndefined();
    expect(memorySummary(MESSAGE)).toBeUndefined();
  });

  it('is no read of memory_summary.md in the trail', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-empty.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-empty', cwd: '/home/u/repo' }),
        codexLine(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: MESSAGE }] }),
        codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the ledger replay' }] }),
      ]),
    );
    const memory = buildTrail(t.events, '/home/u/repo', '/home/u/repo').files.find((f) => f.path?.endsWith('memory_summary.md'));
    expect(memory?.change ?? '(no read)').toBe('(no read)');
  });
});
