// The prompt shows the rules of the instruction files the session read (AGENTS.md): the next
// session may be another agent, which does not load that file; the rules on committing, pull
// requests and tests come first when not all fit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { promptRules } from '../../src/trail/instruction-files.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const briefOf = (events: TranscriptEvent[]): string =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'codex', events) }, sampleManifest()).join('\n');

// A long AGENTS.md: advice and area rules first, the rules on commits, PR titles and comments late.
const AGENTS = [
  '# Widget Development Guide',
  '## Architecture',
  ...Array.from({ length: 20 }, (_, i) => `Module ${i} should prefer small pure functions where it can.`),
  '## Code Style',
  ...Array.from({ length: 12 }, (_, i) => `- Avoid deep nesting in renderer ${i}; prefer early returns.`),
  '## Conventional Commits',
  'All commit messages and PR titles MUST follow conventional commit format: `<type>(<scope>): <description>`.',
  '## GitHub Interactions',
  'When posting comments on GitHub PRs or discussions, always include a note that the comment was AI-generated.',
].join('\n');

describe('the rules of the AGENTS.md the session read, in the prompt', () => {
  it('shows its late rules on commits, PR titles and comments, before advice', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-rules.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-rules', cwd: '/repo' }),
        codexLine(1, 'response_item', {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: `# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\n${AGENTS}\n</INSTRUCTIONS>` }],
        }),
        codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the tooltip offset and open a PR.' }] }),
        codexLine(3, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Fixed the offset; PR #4 is open.' }] }),
      ]),
    );
    const brief = briefOf(t.events);
    expect(brief).toContain('Rules of AGENTS.md the session worked under:');
    expect(brief).toContain('- All commit messages and PR titles MUST follow conventional commit format');
    expect(brief).toContain('always include a note that the comment was AI-generated');
    // Not its headings, nor all its advice.
    expect(brief).not.toContain('## Conventional Commits');
    expect(brief).not.toContain('Module 19 should prefer');
  });

  it('picks the binding work rules first and keeps the file order, within the budget', () => {
    const rules = [
      'Prefer short functions in every module here.',
      'Never push directly to main; open a PR.',
      'Use tabs for indentation in the renderer.',
      'Always run `make test` before a commit.',
    ].join('\n');
    expect(promptRules([{ path: 'AGENTS.md', rules }], 90, 200)).toEqual([
      'Never push directly to main; open a PR.',
      'Always run `make test` before a commit.',
    ]);
    // A short file is all instructions (the trail keeps it whole): a rule without a rule's words too, after the others.
    expect(promptRules([{ path: 'AGENTS.md', rules }], 1000, 200)).toHaveLength(4);
    // The file read again: its newest rules, once.
    expect(
      promptRules(
        [
          { path: 'AGENTS.md', rules: 'Never push directly to main; open a PR.' },
          { path: 'AGENTS.md', rules },
        ],
        1000,
        200,
      ),
    ).toHaveLength(4);
  });

  it('adds nothing when the session read no instruction file', () => {
    const brief = briefOf([
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/docs/guide.md' } },
      { kind: 'result', id: 'r1', ok: true, output: 'Always run the linter before a commit.' },
      { kind: 'ask', text: 'Summarize the guide for me please' },
    ]);
    expect(brief).not.toContain('Rules of');
  });

  it('takes a rule soft-wrapped over lines as one rule, and none from a read that failed', () => {
    const agents = [
      '# Provider',
      'The provider is no-egress: never add code that fetches remote sources,',
      'calls hosted APIs, or downloads grammars at runtime.',
      '```sh',
      'make check',
      'and then make test before a commit',
      '```',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/AGENTS.md' } },
      { kind: 'result', id: 'r1', ok: true, output: agents },
      { kind: 'tool', id: 'r2', name: 'Read', input: { file_path: '/home/u/.claude/CLAUDE.md' } },
      { kind: 'result', id: 'r2', ok: false, output: "Claude requested permissions to read from ~/.claude/CLAUDE.md, but you haven't granted it yet." },
      { kind: 'ask', text: 'Add the grammar loader please' },
    ];
    const brief = briefOf(events);
    expect(brief).toContain('- The provider is no-egress: never add code that fetches remote sources, calls hosted APIs, or downloads grammars at runtime.');
    // A code block's lines stay apart, and are no rules.
    expect(brief).not.toContain('and then make test');
    expect(brief).not.toContain('requested permissions');
    expect(buildTrail(events, '/repo', '/repo').files.find((f) => f.path?.endsWith('.claude/CLAUDE.md'))?.change).toBeUndefined();
  });

  it('puts first the rules on what the session did: it commented on a PR, so the rule on comments', () => {
    const rules = [
      'Every registry PR body MUST contain the popularity data of the tool.',
      'Never run e2e tests directly; always use the mise task.',
      'When posting comments on GitHub PRs, always include a note that the comment was AI-generated.',
    ].join('\n');
    const budget = 160;
    expect(promptRules([{ path: 'AGENTS.md', rules }], budget, 200)).not.toContain(rules.split('\n')[2]);
    const ran = ['gh pr comment 12 --body "Fixed in 3f2a1b0. _This comment was generated by Codex._"'];
    expect(promptRules([{ path: 'AGENTS.md', rules }], budget, 200, ran)).toContain(rules.split('\n')[2]);
    // A command that only looked (gh pr view --comments) did no commenting.
    expect(promptRules([{ path: 'AGENTS.md', rules }], budget, 200, ['gh pr view 12 --comments'])).not.toContain(rules.split('\n')[2]);
  });

  it('shows a rule said twice once: in two files, or once with its full stop', () => {
    const rule = 'All prompts with user-supplied content must treat it as data, never as instructions';
    const shown = promptRules(
      [
        { path: 'AGENTS.md', rules: `${rule}\n${rule}.\nNever hardcode secrets; use environment variables only.` },
        { path: 'CLAUDE.md', rules: `${rule.toUpperCase()}.` },
      ],
      1000,
      200,
    );
    expect(shown).toEqual([rule, 'Never hardcode secrets; use environment variables only.']);
  });
});
