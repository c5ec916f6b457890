// memorySummary runs on every developer message of a Codex rollout (not only on one with the
// MEMORY_SUMMARY markers) and looks for the memory file's line with /^\s*-\s+(\S.*\/memories\/…)/m:
// with `m`, `^` is at every line start and `\s*` runs over all the following blank lines before it
// fails, so a message of many blank (or space-only) lines costs quadratic time. A transcript is
// untrusted input: one such line stalls every save of the session (and the hooks that save).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

describe('a developer message of many blank lines', () => {
  it('is read in linear time (200 KB of " \\n" in well under two seconds)', () => {
    const file = writeJsonl(join(tempDir(), 'rollout-2026-11-01T10-00-00-blank.jsonl'), [
      codexLine(0, 'session_meta', { id: 'cdx-blank', cwd: '/repo' }),
      codexLine(1, 'response_item', {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: `You are Codex.\n${' \n'.repeat(100_000)}That is all.` }],
      }),
      codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the build' }] }),
    ]);
    const started = performance.now();
    const t = readTranscript(file);
    const ms = performance.now() - started;
    expect(t.stats.lines).toBe(3);
    expect(ms).toBeLessThan(2000);
  }, 120_000);
});
