// Standing instructions the agent was given by its harness, not read by a tool call: Codex's memory
// summary of the user (a developer message before the first prompt) and the instruction files
// Claude Code attaches as the agent works (a folder's CLAUDE.md, `.claude/rules/*.md`). Each is the
// read of that file: its rules are in the trail and the prompt, and a hook's prompt leaves them out
// for the agent that loads them itself.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesForBrief, rulesRead } from '../../src/trail/instruction-files.js';
import { loadsItself } from '../../src/resume/other-rules.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript, type Transcript } from '../../src/transcript/index.js';
import { claudeUser, codexLine, tempDir, writeJsonl } from '../helpers.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const MEMORY = [
  'v1',
  '',
  '## User Profile',
  '',
  'Builds data pipelines in `/home/u/repo`; values literal evidence.',
  '',
  '## User preferences',
  '',
  '- “Commit and push” means narrow Conventional Commits; open no PR unless asked.',
  '- Ask one clarification at a time, with options to pick from.',
  '',
  '## General Tips',
  '',
  '- Common gates: `make check` and `make e2e`.',
  '',
  "## What's in Memory",
  '',
  '### /home/u/repo',
  '',
  '- learnings: the ledger must never replay side effects.',
].join('\n');

const memoryMessage = (summary: string) =>
  [
    '## Memory',
    '',
    'You have access to a memory folder with guidance from prior runs.',
    '',
    'Memory layout (general -> specific):',
    '',
    '- /home/u/.codex/memories/memory_summary.md (already provided below; do NOT open again)',
    '- /home/u/.codex/memories/MEMORY.md (searchable registry; primary file to query)',
    '',
    '========= MEMORY_SUMMARY BEGINS =========',
    summary,
    '========= MEMORY_SUMMARY ENDS =========',
    '',
    'When memory is likely relevant, start with the quick memory pass above.',
  ].join('\n');

const codexSession = (developer: string, user = 'Fix the ledger replay and commit and push.'): Transcript =>
  readTranscript(
    writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-memory.jsonl'), [
      codexLine(0, 'session_meta', { id: 'cdx-memory', cwd: '/home/u/repo' }),
      codexLine(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: developer }] }),
      codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: user }] }),
      codexLine(3, 'response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"git commit -am fix"}', call_id: 'c1' }),
      codexLine(4, 'response_item', { type: 'function_call_output', call_id: 'c1', output: 'Process exited with code 0\nOutput:\n[main 1a2b3c4] fix' }),
    ]),
  );

const memoryFile = (t: Transcript) => buildTrail(t.events, '/home/u/repo', '/home/u/repo').files.find((f) => f.path?.endsWith('memory_summary.md'));

describe("Codex's memory summary of the user", () => {
  it('is a read of <codex home>/memories/memory_summary.md: its preferences, not its profile, tips or index of earlier work', () => {
    const t = codexSession(memoryMessage(MEMORY));
    const file = memoryFile(t);
    expect(file?.path).toBe('/home/u/.codex/memories/memory_summary.md');
    expect(file?.op).toBe('read');
    expect(file?.change).toContain('Conventional Commits; open no PR unless asked');
    expect(file?.change).toContain('Ask one clarification at a time');
    expect(file?.change).not.toContain('ledger must never replay');
    expect(file?.change).not.toContain('Common gates');
    expect(file?.change).not.toContain('values literal evidence');
    const text = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(t.events, '/home/u/repo', '/home/u/repo') }],
      'How should commit and push be done for this user?',
    )
      .map((h) => h.line)
      .join('\n');
    expect(text).toContain('Conventional Commits');
  });

  it('ends the preferences where Codex cut the summary short, and reads one written on Windows', () => {
    const cut = MEMORY.replace(
      '- Ask one clarification',
      '- Ask one…1058 tokens truncated…ion-ledger, PR-81\n- learnings: the ledger must never replay side effects.\n- Ask one clarification',
    );
    const change = memoryFile(codexSession(memoryMessage(cut)))?.change ?? '';
    expect(change).toContain('Conventional Commits');
    expect(change).not.toContain('ledger must never replay');
    // CRLF line ends, and the folder named the Windows way.
    const windows = memoryMessage(MEMORY)
      .replace('/home/u/.codex/memories/memory_summary.md', 'C:\\Users\\u\\.codex\\memories/memory_summary.md')
      .replace(/\n/g, '\r\n');
    const file = memoryFile(codexSession(windows));
    expect(file?.path).toBe('C:\\Users\\u\\.codex\\memories/memory_summary.md');
    expect(file?.change).toContain('Conventional Commits');
  });

  it('is none without a section of preferences', () => {
    expect(memoryFile(codexSession(memoryMessage(MEMORY.replace('## User preferences', '## Notes'))))).toBeUndefined();
  });

  it("is for recall, not the prompt's rules: notes on all the user's projects, which Codex gives each session itself", () => {
    const agents =
      '# AGENTS.md instructions for /home/u/repo\n\n<INSTRUCTIONS>\n- Never push to main without a review.\n- Keep the changelog in CHANGELOG.md.\n</INSTRUCTIONS>';
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'rollout-2026-12-07T10-00-00-memory-prompt.jsonl'), [
        codexLine(0, 'session_meta', { id: 'cdx-memory-prompt', cwd: '/home/u/repo' }),
        codexLine(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: memoryMessage(MEMORY) }] }),
        codexLine(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: agents }] }),
        codexLine(3, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the ledger replay and commit and push.' }] }),
      ]),
    );
    const trail = { ...buildTrail(t.events, '/home/u/repo', '/home/u/repo'), session: sessionFacts({}, 'codex', t.events) };
    const brief = trailBrief(trail, sampleManifest()).join('\n');
    // The project's rules, named by their file alone.
    expect(brief).toContain('Rules of AGENTS.md the session worked under:');
    expect(brief).toContain('Never push to main without a review.');
    expect(brief).not.toContain('Conventional Commits');
    expect(loadsItself('codex', '/home/u/.codex/memories/memory_summary.md', '/home/u/repo')).toBe(true);
    expect(loadsItself('claude-code', '/home/u/.codex/memories/memory_summary.md', '/home/u/repo')).toBe(false);
  });

  it("names in the rules' title only the files whose rules it shows, and takes no table row for a rule", () => {
    const rules = (path: string, text: string) => [{ op: 'read' as const, path, change: text, text: `read ${path}` }];
    const section = rulesForBrief(
      {
        files: [
          ...rules('CLAUDE.md', '| Task | Skill |\n| Tests | `testing-patterns` |\nNever inline types in components; keep them in /types.'),
          ...rules('/home/u/.claude/rules/style.md', Array.from({ length: 20 }, (_, i) => `Prefer small functions in module ${i} of the service.`).join('\n')),
        ],
        commands: [],
      },
      (r) => r,
      () => false,
    )!;
    expect(section.lines[0]).toBe('Never inline types in components; keep them in /types.');
    expect(section.lines.join('\n')).not.toContain('testing-patterns');
    expect(section.title).toBe('Rules of CLAUDE.md, style.md the session worked under:');
    // The project's rules fill the section: the user's own file, none of whose rules fit, is not named.
    const many = Array.from({ length: 16 }, (_, i) => `Never call the billing API from component ${i} directly.`).join('\n');
    const full = rulesForBrief(
      {
        files: [...rules('CLAUDE.md', many), ...rules('/home/u/.claude/rules/style.md', 'Prefer small functions in every module of the service.')],
        commands: [],
      },
      (r) => r,
      () => false,
    )!;
    expect(full.lines.join('\n')).not.toContain('Prefer small functions');
    expect(full.title).toBe('Rules of CLAUDE.md the session worked under:');
  });

  it('is taken only from a developer message with both marker lines, not from a user quoting it', () => {
    expect(memoryFile(codexSession('## Memory\n\n========= MEMORY_SUMMARY BEGINS =========\nv1\n- Always use tabs.'))).toBeUndefined();
    expect(memoryFile(codexSession('You are Codex.', memoryMessage(MEMORY)))).toBeUndefined();
  });
});

describe('the instruction files Claude Code attaches as the agent works', () => {
  const attached = (path: string, content: string, uuid: string) => ({
    type: 'attachment',
    uuid,
    sessionId: 'sess-1',
    cwd: '/tmp/project',
    timestamp: '2026-01-01T00:11:00.000Z',
    attachment: { type: 'nested_memory', path, content: { path, type: 'Project', content } },
  });
  const RULES = '# Testing\n\n- MUST mock external dependencies only, never the logic under test.\n- Run tests right after writing them.';

  it('are reads of those files, once each, whose rules recall and the prompt find', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'nested-memory.jsonl'), [
        claudeUser('Add tests for the parser'),
        attached('/tmp/project/.claude/rules/testing.md', RULES, 'a1'),
        attached('/tmp/project/.claude/rules/testing.md', RULES, 'a2'),
        attached('/tmp/project/pkg/CLAUDE.md', 'Never import from ../internal in pkg/.', 'a3'),
      ]),
    );
    const reads = t.events.filter((e) => e.kind === 'tool' && e.name === 'Read').map((e) => (e.kind === 'tool' ? e.input.file_path : ''));
    expect(reads).toEqual(['/tmp/project/.claude/rules/testing.md', '/tmp/project/pkg/CLAUDE.md']);
    const trail = { ...buildTrail(t.events, '/tmp/project', '/tmp/project'), session: sessionFacts({}, 'claude-code', t.events) };
    expect(trail.files.find((f) => f.path === '.claude/rules/testing.md')?.change).toContain('MUST mock external dependencies only');
    const text = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What are the rules for mocking in tests?')
      .map((h) => h.line)
      .join('\n');
    expect(text).toContain('MUST mock external dependencies only');
    expect(trailBrief(trail, sampleManifest()).join('\n')).toContain('Never import from ../internal');
    // Claude Code loads its rules folder itself, and a CLAUDE.md of a folder when it works there.
    expect(loadsItself('claude-code', '.claude/rules/testing.md', '/tmp/project')).toBe(true);
    expect(loadsItself('codex', '.claude/rules/testing.md', '/tmp/project')).toBe(false);
  });
});

describe('a section of preferences', () => {
  it('lists rules whatever their words, in a long file too', () => {
    const prose = Array.from({ length: 60 }, (_, i) => `Area ${i} of the service handles one kind of request from the dashboard.`);
    const text = ['# Guide', ...prose, '## User preferences', '- Ask one clarification at a time, with options to pick from.', '## Notes', ...prose].join('\n');
    expect(rulesRead('/repo/AGENTS.md', text)).toBe('Ask one clarification at a time, with options to pick from.');
  });
});

describe("what a SessionStart hook of the user's own gave the agent", () => {
  const hook = (uuid: string, command: string, stdout: string) => ({
    type: 'attachment',
    uuid,
    sessionId: 'sess-1',
    cwd: '/tmp/project',
    timestamp: '2026-01-01T00:00:01.000Z',
    attachment: { type: 'hook_success', hookName: 'SessionStart:startup', hookEvent: 'SessionStart', command, stdout, stderr: '', exitCode: 0 },
  });
  const PREFERENCES = '# Working preferences\n\n- Always answer first, then explain.\n- Never push without saying what is pushed.';

  it("is read as instructions, once; a plugin's, git-session's own and a status line are not", () => {
    const context = (text: string) => JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: text } });
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'hook-context.jsonl'), [
        hook('h1', '/home/u/bin/prefs session-start', context(PREFERENCES)),
        hook('h2', '"${CLAUDE_PLUGIN_ROOT}/hooks/run-hook.cmd" session-start', context('You MUST use the Skill tool before any response.')),
        hook(
          'h3',
          '/usr/local/bin/git-session hook session-start # git-session',
          context('You are resuming an earlier claude-code session on x. Never commit.'),
        ),
        hook('h4', 'git pull', 'Already up to date.'),
        // Its re-injection after a compaction, the command written as a status message.
        hook('h6', 'Restoring context…', context('[git-session] What the summary dropped: never commit to main.')),
        hook('h5', '/home/u/bin/prefs session-start', context(PREFERENCES)),
        claudeUser('Ship the release notes'),
      ]),
    );
    const reads = t.events.filter((e) => e.kind === 'tool' && e.name === 'Read').map((e) => (e.kind === 'tool' ? e.input.file_path : ''));
    expect(reads).toEqual(['SessionStart hook context']);
    const trail = { ...buildTrail(t.events, '/tmp/project', '/tmp/project'), session: sessionFacts({}, 'claude-code', t.events) };
    expect(trail.files.find((f) => f.path === 'SessionStart hook context')?.change).toContain('Never push without saying what is pushed.');
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What must the agent say before a push?');
    expect(hits.map((h) => h.line).join('\n')).toContain('Never push without saying what is pushed.');
    // Recall's, not the prompt's rules or files: the hook gives it to the next session again.
    const brief = trailBrief(trail, sampleManifest()).join('\n');
    expect(brief).not.toContain('Never push without saying');
    expect(brief).not.toContain('SessionStart hook context');
    expect(loadsItself('claude-code', 'SessionStart hook context', '/tmp/project')).toBe(true);
  });
});
