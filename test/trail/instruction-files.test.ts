// The project's instruction file the agent read holds its standing rules: recall finds them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_CHARS } from '../../src/log/events.js';
import { buildTrail } from '../../src/trail/build.js';
import { rulesRead } from '../../src/trail/instruction-files.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript, type TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, codexLine, tempDir, writeJsonl } from '../helpers.js';

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
  // A longer file (over 3,000 characters): its architecture notes are no rules.
  ...Array.from({ length: 60 }, (_, i) => `The renderer's module ${i} turns one kind of message into HTML.`),
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

  it('keeps a short one whole: all of it is instructions, worded as rules or not', () => {
    // Codex gives the project's AGENTS.md before the first prompt; its rules need not say "always".
    const agents = [
      '## Aliases',
      '- `entire cli` → `/Users/a/devenv/cli`',
      'Resolve aliases to their full paths before acting on any instruction.',
      'When creating PR ALWAYS create in draft mode',
      'When debugging instead of writing logs and asking me to give them to you. Write the logs to a local file so you can see them.',
    ].join('\n');
    expect(rulesRead('/repo/AGENTS.md', agents)).toBe(agents.replace('- `entire', '`entire'));
    // Claude Code's note after every read is the harness's, not the project's (review finding).
    const read = `     1→# Notes\n     2→Be careful with path handling.\n\n<system-reminder>\nWhenever you read a file, you should consider whether it would be considered malware. You CAN and SHOULD provide analysis of malware, what it is doing. But you MUST refuse to improve or augment the code.\n</system-reminder>\n`;
    expect(rulesRead('/repo/CLAUDE.md', read)).toBe('# Notes\nBe careful with path handling.');
    const events: TranscriptEvent[] = [
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/AGENTS.md' } },
      { kind: 'result', id: 'r1', ok: true, output: agents },
    ];
    // Not cut to an edit's head (600 characters) in the trail.
    const long = Array.from({ length: 12 }, (_, i) => `Rule ${i}: always run the checks of package ${i} before a commit.`).join('\n');
    events.push({ kind: 'tool', id: 'r2', name: 'Read', input: { file_path: '/repo/CLAUDE.md' } }, { kind: 'result', id: 'r2', ok: true, output: long });
    const files = buildTrail(events, '/repo', '/repo').files;
    expect(files.find((f) => f.path === 'AGENTS.md')?.change).toContain('Write the logs to a local file');
    expect(files.find((f) => f.path === 'CLAUDE.md')?.change).toBe(long);
  });

  it('keeps every line of a section titled as rules, and a long file by its rules, not its edges', () => {
    const prose = (n: number) => Array.from({ length: n }, (_, i) => `The dashboard's panel ${i} shows one kind of run artifact to the operator.`);
    const agents = [
      '# AgentV Agent Guide',
      '## Product Direction',
      ...prose(30),
      '## Always-Read Rules',
      '- Start every repo change with `git fetch origin` and `git status --short --branch`.',
      '- Use `bun` for package and script operations.',
      '- Do not use `git stash` on shared checkouts.',
      '## Architecture',
      ...prose(40),
    ].join('\n');
    expect(agents.length).toBeGreaterThan(OUTPUT_CHARS);
    const rules = rulesRead('/repo/AGENTS.md', agents)!;
    expect(rules.split('\n')).toEqual([
      'Start every repo change with `git fetch origin` and `git status --short --branch`.',
      'Use `bun` for package and script operations.',
      'Do not use `git stash` on shared checkouts.',
    ]);
    // As Codex gives it (before the first prompt) and as Claude Code's Read returns it: the rules in its middle are kept.
    const codex = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-agents.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-agents', cwd: '/repo' }),
        codexLine(1, 'response_item', {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: `# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\n${agents}\n</INSTRUCTIONS>` }],
        }),
      ]),
    );
    const read = (t: { events: TranscriptEvent[] }) => buildTrail(t.events, '/repo', '/repo').files.find((f) => f.path === 'AGENTS.md')?.change ?? '';
    expect(read(codex)).toContain('Start every repo change with `git fetch origin`');
    const claude = readTranscript(
      writeJsonl(join(tempDir(), 'agents-read.jsonl'), [
        { type: 'user', sessionId: 'ar', cwd: '/repo', message: { role: 'user', content: 'Read the rules' } },
        claudeAssistant({
          id: 'm1',
          tokens: 10_000,
          sessionId: 'ar',
          content: [{ type: 'tool_use', id: 'r1', name: 'Read', input: { file_path: '/repo/AGENTS.md' } }],
        }),
        {
          type: 'user',
          sessionId: 'ar',
          cwd: '/repo',
          message: {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'r1',
                content: agents
                  .split('\n')
                  .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
                  .join('\n'),
              },
            ],
          },
        },
      ]),
    );
    expect(read(claude)).toContain('Do not use `git stash` on shared checkouts.');
    expect(read(claude)).toContain('Start every repo change with `git fetch origin`');
  });

  it('keeps one of up to 3,000 characters whole, and recall shows the rules a question about the file asks for, not its last lines', () => {
    // A 2 KB AGENTS.md whose rules are not worded as rules ("When debugging …"), among rules that are.
    const agents = [
      '## Aliases',
      ...Array.from({ length: 8 }, (_, i) => `- \`repo ${i}\` → \`/Users/a/Projects/repo-${i}\``),
      'Resolve aliases to their full paths before acting on any instruction.',
      'When creating PR ALWAYS create in draft mode',
      'When debugging instead of writing logs and asking me to give them to you. Write the logs to a local file so you can see them.',
      '# Security',
      ...Array.from({ length: 16 }, (_, i) => `Service ${i} endpoints must require authentication and apply the most restrictive access by default.`),
    ].join('\n');
    expect(agents.length).toBeGreaterThan(2000);
    expect(agents.length).toBeLessThan(3000);
    expect(rulesRead('/repo/AGENTS.md', agents)).toContain('Write the logs to a local file so you can see them.');
    const events: TranscriptEvent[] = [
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/AGENTS.md' } },
      { kind: 'result', id: 'r1', ok: true, output: agents },
      { kind: 'ask', text: 'Harden the endpoints' },
      { kind: 'say', text: 'Added the authentication middleware to every service.' },
    ];
    const [top] = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }],
      "What standing rules does the project's AGENTS.md give about creating pull requests and about debugging?",
    ).map((h) => h.line);
    expect(top).toMatch(/^file AGENTS\.md: read: /);
    expect(top).toContain('When creating PR ALWAYS create in draft mode');
    expect(top).toContain('Write the logs to a local file');
  });

  it('below the best hit, shows the rules a question asks for as an output is shown: two of them, not one', () => {
    const agents = [
      '# Guide',
      ...Array.from({ length: 30 }, (_, i) => `- Module ${i} must keep its public API stable across minor releases.`),
      '- Open GitHub PRs ready for review; never as drafts.',
      '- When posting comments on GitHub PRs or discussions, always include a note that the comment was AI-generated.',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/AGENTS.md' } },
      { kind: 'result', id: 'r1', ok: true, output: agents },
      { kind: 'ask', text: 'Open the PR and post a comment on the GitHub discussion that asked for it.' },
      { kind: 'say', text: 'This session opens PRs and posts comments on GitHub by the standing rules that apply to it: PR #12 and comment 4 are up.' },
    ];
    const lines = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }],
      'What standing rules apply when this session opens PRs or posts comments on GitHub?',
    ).map((h) => h.line);
    const at = lines.findIndex((l) => l.startsWith('file AGENTS.md: read: '));
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toContain('never as drafts');
    expect(lines[at]).toContain('AI-generated');
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

describe('the AGENTS.md Codex 0.146+ gives in its `world_state`', () => {
  const agents = '# Vite+\n\n- Run `vp check` before every commit.\n- Never call pnpm directly: use `vp install`.';
  const given = (content: string) => codexLine(4, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: content }] });

  it('is a read of that file, once, whether given whole, again with the folder left out, or also before the first prompt', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-world.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-world', cwd: '/repo/app', cli_version: '0.146.0' }),
        codexLine(1, 'world_state', { full: true, state: { agents_md: { directory: '/repo', text: agents }, apps_instructions: false } }),
        codexLine(2, 'world_state', { full: false, state: { environments: { current_date: '2026-12-07' } } }),
        given(`# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\n${agents}\n</INSTRUCTIONS>`),
        // A later state changes the text only: the same folder's file, read anew.
        codexLine(5, 'world_state', { full: false, state: { agents_md: { text: `${agents}\n- Keep commits small.` } } }),
      ]),
    );
    const reads = t.events.filter((e) => e.kind === 'tool' && e.name === 'Read').map((e) => (e.kind === 'tool' ? e.input.file_path : ''));
    expect(reads).toEqual(['/repo/AGENTS.md', '/repo/AGENTS.md']);
    const file = buildTrail(t.events, '/repo', '/repo/app').files.find((f) => f.path === 'AGENTS.md');
    expect(file?.op).toBe('read');
    const text = recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(t.events, '/repo', '/repo/app') }], 'Which toolchain rules from AGENTS.md apply?')
      .map((h) => h.line)
      .join('\n');
    expect(text).toContain('Run `vp check` before every commit.');
    expect(text).toContain('Keep commits small.');
  });
});
