// Codex on Windows writes its memory summary with CRLF line ends (two real rollouts in
// /work/dev-transcripts/codex/Real-s+mini-simclr-assignment do): the BEGINS/ENDS markers are then
// followed by "\r\n", and memorySummary's `=+\n` never matches. The user's preferences are lost.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const MESSAGE = [
  '## Memory',
  '',
  'Memory layout (general -> specific):',
  '',
  '- C:\\Users\\13416\\.codex\\memories/memory_summary.md (already provided below; do NOT open again)',
  '- C:\\Users\\13416\\.codex\\memories/MEMORY.md (searchable registry; primary file to query)',
  '',
  '========= MEMORY_SUMMARY BEGINS =========',
  'v1',
  '',
  '## User preferences',
  '',
  '- Always answer in Chinese and keep code comments in English.',
  '- Never push to the remote without asking first.',
  '',
  "## What's in Memory",
  '',
  '### D:\\Desktop\\MedAI\\mini-simclr-assignment',
  '========= MEMORY_SUMMARY ENDS =========',
  '',
  'When memory is likely relevant, start with the quick memory pass above.',
].join('\r\n');

describe("Codex's memory summary written with Windows line ends", () => {
  it('is read as the memory summary, as the same message with LF line ends is', () => {
    const trailOf = (text: string) => {
      const t = readTranscript(
        writeJsonl(join(tempDir(), 'rollout-2026-06-29T10-00-00-win.jsonl'), [
          codexLine(0, 'session_meta', { id: 'cdx-win', cwd: 'D:\\Desktop\\MedAI\\mini-simclr-assignment' }),
          codexLine(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text }] }),
          codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Train the model again' }] }),
        ]),
      );
      return buildTrail(t.events, 'D:/Desktop/MedAI/mini-simclr-assignment', 'D:\\Desktop\\MedAI\\mini-simclr-assignment').files.find((f) =>
        f.path?.replace(/\\/g, '/').endsWith('memories/memory_summary.md'),
      );
    };
    // The same message with LF line ends is read (the control).
    expect(trailOf(MESSAGE.replace(/\r\n/g, '\n'))?.change).toContain('Never push to the remote without asking first.');
    // With CRLF (as the real Windows rollouts have it): nothing.
    expect(trailOf(MESSAGE)?.change ?? '(no read of the memory summary)').toContain('Never push to the remote without asking first.');
  });
});
