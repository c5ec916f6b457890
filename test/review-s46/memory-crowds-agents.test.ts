// Codex's memory summary is the user's, across all their projects: its "General Tips" are notes on
// other repositories' work (real ones: "For Mergify, confirm Change-Id, stack/PR state …", "Report
// DB/external smoke as skipped unless actually run …"). Recorded as an instruction file read before
// the project's AGENTS.md, its lines weigh as the project's rules and come first on a tie, so in the
// prompt's 640-byte rules section (a Codex session continued by Claude Code, which does not load
// AGENTS.md) they push out the project's own binding rule. In /work/dev-transcripts
// codex/Standard-Syntax+basic/6d/… the AGENTS.md rule "Never claim completion without exact command
// evidence in `completion.md`." is shown before this change and not after it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const MEMORY = [
  'v1',
  '',
  '## User preferences',
  '',
  '- “Commit and push” means narrow, independently buildable Conventional Commits; do not create a PR unless requested.',
  '- For review fixes, work one at a time with a concise root-cause proposal and focused validation of the tests.',
  '',
  '## General Tips',
  '',
  '- Report DB/external smoke as skipped unless actually run; unit tests do not replace disposable PostgreSQL integration suites.',
  '- For Mergify, confirm Change-Id, stack/PR state, review threads, and `isDraft` before publication of a commit.',
  '- Resetting a disposable Drizzle DB may require dropping both schemas so migration bookkeeping and tests agree.',
  '',
  "## What's in Memory",
  '',
  '### /home/u/other-repo',
].join('\n');

const DEVELOPER = [
  '## Memory',
  '',
  '- /home/u/.codex/memories/memory_summary.md (already provided below; do NOT open again)',
  '',
  '========= MEMORY_SUMMARY BEGINS =========',
  MEMORY,
  '========= MEMORY_SUMMARY ENDS =========',
].join('\n');

const AGENTS_RULE = 'Never claim completion without exact command evidence in `completion.md`.';
const AGENTS = ['# Task packets', '', `- ${AGENTS_RULE}`, '- Preserve stable `REQ-*` and `RULE-*` identifiers in every packet.'].join('\n');

describe("the memory summary beside the project's AGENTS.md, in the prompt for another agent", () => {
  it("leaves room for the project's own binding rule", () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-crowd.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-crowd', cwd: '/home/u/repo' }),
        codexLine(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: DEVELOPER }] }),
        codexLine(2, 'response_item', {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: `# AGENTS.md instructions for /home/u/repo\n\n<INSTRUCTIONS>\n${AGENTS}\n</INSTRUCTIONS>` }],
        }),
        codexLine(3, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Implement packet 7' }] }),
      ]),
    );
    const trail = { ...buildTrail(t.events, '/home/u/repo', '/home/u/repo'), session: sessionFacts({}, 'codex', t.events) };
    // Both were read, each with its rules.
    expect(trail.files.find((f) => f.path === 'AGENTS.md')?.change).toContain(AGENTS_RULE);
    // Of the memory, the user's preferences: its tips on other repositories are no rules of this one (the fix).
    const memory = trail.files.find((f) => f.path?.endsWith('memory_summary.md'))?.change;
    expect(memory).toContain('Conventional Commits');
    expect(memory).not.toContain('Mergify');
    const brief = trailBrief(trail, sampleManifest()).join('\n');
    expect(brief).toContain(AGENTS_RULE);
  });
});
