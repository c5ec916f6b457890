// review-s38c (8b18304): an instruction file kept by its headings and rules (src/log/rules.ts boundInstructions,
// ruleMarks; the trail's rulesRead).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_CHARS } from '../../src/log/events.js';
import { boundInstructions } from '../../src/log/rules.js';
import { buildTrail } from '../../src/trail/build.js';
import { rulesRead } from '../../src/trail/instruction-files.js';
import { parseTrail, trailFiles } from '../../src/trail/files.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, codexLine, tempDir, writeJsonl } from '../helpers.js';

const prose = (n: number, what = 'panel') =>
  Array.from({ length: n }, (_, i) => `The dashboard's ${what} ${i} shows one kind of run artifact to the operator.`);
const numbered = (text: string) =>
  text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
    .join('\n');

/** A Claude Code session that Read `path` and got `output`; the trail's entry for it. */
function claudeRead(path: string, output: string) {
  const log = writeJsonl(join(tempDir(), 'read.jsonl'), [
    { type: 'user', sessionId: 'rr', cwd: '/repo', message: { role: 'user', content: 'Read it' } },
    claudeAssistant({ id: 'm1', tokens: 10_000, sessionId: 'rr', content: [{ type: 'tool_use', id: 'r1', name: 'Read', input: { file_path: path } }] }),
    { type: 'user', sessionId: 'rr', cwd: '/repo', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'r1', content: output }] } },
  ]);
  const t = readTranscript(log);
  const result = t.events.find((e) => e.kind === 'result') as Extract<TranscriptEvent, { kind: 'result' }>;
  const entry = buildTrail(t.events, '/repo', '/repo').files.find((f) => f.op === 'read');
  return { output: result.output, change: entry?.change ?? '' };
}

function codexAgents(text: string) {
  const t = readTranscript(
    writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-agents.jsonl'), [
      codexLine(0, 'session_meta', { id: 'cdx-agents', cwd: '/repo' }),
      codexLine(1, 'response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>` }],
      }),
    ]),
  );
  const result = t.events.find((e) => e.kind === 'result') as Extract<TranscriptEvent, { kind: 'result' }>;
  const trail = buildTrail(t.events, '/repo', '/repo');
  // And as a save stores it and a later session reads it back.
  const stored = parseTrail(trailFiles(trail)).files.find((f) => f.path === 'AGENTS.md')?.change ?? '';
  return { output: result.output, change: trail.files.find((f) => f.path === 'AGENTS.md')?.change ?? '', stored };
}

describe('review-s38c: a long instruction file kept by its rules', () => {
  it("[high] Claude Code's note after a Read loses its tags: the trail gives the harness's malware note as a rule of the project's CLAUDE.md", () => {
    const file = [
      '# Project',
      '## Overview',
      ...prose(40),
      '## Rules',
      '- Never push to main.',
      '- Use pnpm, not npm.',
      '## Architecture',
      ...prose(20, 'module'),
    ].join('\n');
    expect(file.length).toBeGreaterThan(OUTPUT_CHARS);
    const note =
      '<system-reminder>\nWhenever you read a file, you should consider whether it looks malicious. If it does, you MUST refuse to improve or augment the code. You can still analyze existing code, write reports, or answer high-level questions about the code behavior.\n</system-reminder>\n';
    const { output, change } = claudeRead('/repo/CLAUDE.md', `${numbered(file)}\n\n${note}`);
    // The trail says the project's CLAUDE.md has this rule (before 8b18304, head and tail kept the note whole and fileText dropped it).
    expect(change).toContain('Never push to main.');
    expect(change).not.toContain('MUST refuse to improve or augment the code');
    // The event keeps the note's words without its tags: nothing downstream (HARNESS_NOTE) can tell it is the harness's any more.
    expect(output.includes('MUST refuse to improve') ? output.includes('<system-reminder>') : true).toBe(true);
  });

  it('[medium] a `# comment` in a code block ends the section of rules: the rules after it are lost (event and trail)', () => {
    const agents = [
      '# AgentV Agent Guide',
      '## Product Direction',
      ...prose(30),
      '## Always-Read Rules',
      '- Lint first:',
      '```sh',
      '# from the repository root',
      'bun run lint',
      '```',
      '- Start every repo change with `git fetch origin` and `git status --short --branch`.',
      '- Use `bun` for package and script operations.',
      '## Architecture',
      ...prose(40),
    ].join('\n');
    expect(agents.length).toBeGreaterThan(OUTPUT_CHARS);
    const codex = codexAgents(agents);
    expect(codex.output).toContain('Start every repo change with `git fetch origin`');
    expect(codex.change).toContain('Start every repo change with `git fetch origin`');
    const claude = claudeRead('/repo/AGENTS.md', numbered(agents));
    expect(claude.output).toContain('Use `bun` for package and script operations.');
    expect(claude.change).toContain('Use `bun` for package and script operations.');
  });

  it('[medium] CRLF: no heading is seen (`.` stops at \\r), so the rules of a section of rules are lost', () => {
    // An AGENTS.md with Windows line ends, as Codex gives it (the file's bytes) before the prompt.
    const lines = [
      '# AgentV Agent Guide',
      '## Product Direction',
      ...prose(30),
      '## Always-Read Rules',
      '- Start every repo change with `git fetch origin` and `git status --short --branch`.',
      '- Use `bun` for package and script operations.',
      '## Architecture',
      ...prose(40),
    ];
    const codex = codexAgents(lines.join('\r\n'));
    expect(codex.output).toContain('Start every repo change with `git fetch origin`');
    expect(codex.change).toContain('Use `bun` for package and script operations.');
  });

  it("[medium] prose and code under a heading of rules fill the trail's 1,200 characters: a worded rule after them, kept before 8b18304, is lost", () => {
    const claudeMd = [
      '# Project',
      '## Coding Guidelines',
      'Our code follows the layout below; each service has a handler, a store and a view.',
      '```ts',
      ...Array.from({ length: 20 }, (_, i) => `export const handler${i} = (req: Request) => store${i}.get(req.params.id);`),
      '```',
      '## Git',
      '- Never push directly to main; open a pull request.',
      '## Architecture',
      ...prose(40, 'module'),
    ].join('\n');
    expect(claudeMd.length).toBeGreaterThan(OUTPUT_CHARS);
    expect(rulesRead('/repo/CLAUDE.md', claudeMd)).toContain('Never push directly to main');
    expect(claudeRead('/repo/CLAUDE.md', numbered(claudeMd)).change).toContain('Never push directly to main');
  });

  it('[medium] a document merely named like an instruction file (docs/providers/gemini.md: the match ignores case) loses its head and tail in the event', () => {
    const doc = [
      '# Gemini provider',
      'The app calls Gemini through `src/providers/gemini.ts`, with the key from GEMINI_API_KEY and the model from config/models.yaml.',
      ...prose(60, 'request field'),
      'Responses are streamed; the last chunk carries the usage figures.',
    ].join('\n');
    expect(doc.length).toBeGreaterThan(OUTPUT_CHARS);
    const { output } = claudeRead('/repo/docs/providers/gemini.md', numbered(doc));
    expect(output).toContain('The app calls Gemini through `src/providers/gemini.ts`');
    expect(output).toContain('the last chunk carries the usage figures');
  });

  it('[medium] a heading line of spaces ending in \\r (CRLF) costs quadratic time: a 40 KB AGENTS.md line takes seconds', () => {
    const agents = ['# Guide', ...prose(60), `#${' '.repeat(40_000)}`, '- Never push to main.'].join('\r\n');
    const start = performance.now();
    codexAgents(agents);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a long AGENTS.md keeps its late rules: paragraphs with a rule word do not push them out, and the stored trail keeps all the rules picked', () => {
    // A registry policy written as long paragraphs that say "must" and "only", then the short rules a session needs later.
    const policy = Array.from(
      { length: 12 },
      (_, i) =>
        `- **Tier ${i}:** tools of this kind must meet a bar that only the most popular projects meet, ${'with numbers looked up and written into the PR body, '.repeat(4)}or the PR is closed.`,
    );
    const short = Array.from({ length: 36 }, (_, i) => `- Always run \`mise run lint-fix\` before committing change ${i}.`);
    const agents = [
      '# Repository Agent Guide',
      ...policy,
      ...short,
      '### Conventional Commits (REQUIRED)',
      'All commit messages and PR titles MUST follow conventional commit format.',
      'When posting comments on GitHub PRs or discussions, always include a note that the comment was AI-generated.',
    ].join('\n');
    const { change, stored } = codexAgents(agents);
    expect(change).toContain('All commit messages and PR titles MUST follow conventional commit format.');
    expect(change).toContain('always include a note that the comment was AI-generated');
    expect(change).not.toContain('Tier 3');
    // As stored and read back: the rules past 2,000 characters are still there.
    expect(change.length).toBeGreaterThan(2000);
    expect(stored).toContain('AI-generated');
  });
});
