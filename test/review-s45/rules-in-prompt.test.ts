// Review s45: the rules of the instruction files a session read, in the resume prompt
// (src/trail/instruction-files.ts promptRules/rulesForBrief, src/trail/brief.ts, src/resume/other-rules.ts loadsItself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, cli, git, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

/** A Read of /repo/`path` as Claude Code's Read tool returns it (numbered lines). */
const read = (id: string, path: string, text: string): TranscriptEvent[] => [
  { kind: 'tool', id, name: 'Read', input: { file_path: `/repo/${path}` } },
  {
    kind: 'result',
    id,
    ok: true,
    output: text
      .split('\n')
      .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
      .join('\n'),
  },
];

const briefOf = (events: TranscriptEvent[]): string =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest()).join('\n');

/** The rules section of a brief: its title and its items. */
const rulesSection = (brief: string): string[] => {
  const lines = brief.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Rules of '));
  if (at < 0) return [];
  const out = [lines[at]!];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('- ')) break;
    out.push(l);
  }
  return out;
};

const ask: TranscriptEvent = { kind: 'ask', text: 'Fix the tooltip offset in the widget and open a PR for it.' };

describe('review s45: the rules of AGENTS.md in the prompt', () => {
  it('a section of rules: its listed rules without a binding or work word are kept too', () => {
    const agents = ['# Widget', '', '## Rules', '- Use pnpm, not npm, for every install here.', '- Target Node 20 APIs only in src/server.', ''].join('\n');
    const section = rulesSection(briefOf([...read('r1', 'AGENTS.md', agents), ask]));
    // The trail keeps both (a listed item of a "## Rules" section is a rule); the prompt drops them,
    // because rulesRead stripped the "- " markers, so promptRules' second ruleMarks pass no longer sees them as listed.
    expect(section.join('\n')).toContain('Use pnpm, not npm, for every install here.');
  });

  it("a code block's lines are no rules", () => {
    const agents = [
      '# Widget',
      '',
      'Example of a commit message:',
      '',
      '```bash',
      'git commit -m "fix(parser): handle empty input in tests"',
      '```',
      '',
      'Always run the full test suite before pushing.',
    ].join('\n');
    const section = rulesSection(briefOf([...read('r1', 'AGENTS.md', agents), ask]));
    expect(section.join('\n')).toContain('Always run the full test suite before pushing.');
    expect(section.join('\n')).not.toContain('git commit -m "fix(parser)');
  });

  it("an HTML comment's lines are no rules", () => {
    const agents = [
      '# Widget',
      '',
      '<!--',
      'TODO(maintainers): we never decided whether PRs must be squashed; ignore this note.',
      '-->',
      'Always run the full test suite before pushing.',
    ].join('\n');
    const section = rulesSection(briefOf([...read('r1', 'AGENTS.md', agents), ask]));
    expect(section.join('\n')).not.toContain('never decided whether PRs must be squashed');
  });

  it('rules written in Chinese (no spaces between words) are shown', () => {
    const agents = ['# 开发规范', '', '- 提交前必须运行 `pnpm test`。', '- 提交信息必须使用中文。', ''].join('\n');
    const section = rulesSection(briefOf([...read('r1', 'AGENTS.md', agents), ask]));
    // Both are binding rules on commits ("必须": must); the ≥4 whitespace-separated words filter drops them.
    expect(section.join('\n')).toContain('提交前必须运行 `pnpm test`。');
    expect(section.join('\n')).toContain('提交信息必须使用中文。');
  });

  it('a rule the session itself removed from AGENTS.md is not given as a rule it worked under', () => {
    const before = ['# Widget', '', '- Always squash PRs into one commit before merging.', '- Never push directly to main.'].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'We no longer squash PRs: remove that rule from AGENTS.md.' },
      ...read('r1', 'AGENTS.md', before),
      {
        kind: 'edit',
        id: 'e1',
        tool: 'Edit',
        paths: ['/repo/AGENTS.md'],
        removed: '- Always squash PRs into one commit before merging.\n',
        change: '',
      },
      { kind: 'result', id: 'e1', ok: true, output: 'The file /repo/AGENTS.md has been updated.' },
    ];
    const section = rulesSection(briefOf(events));
    expect(section.join('\n')).toContain('Never push directly to main.');
    expect(section.join('\n')).not.toContain('Always squash PRs');
  });
});

describe('review s45: the SessionStart hook leaves out only what the new agent loads', () => {
  it('Codex with an AGENTS.override.md at the root does not load AGENTS.md: its rules are still given', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, 'AGENTS.md'), '# Rules\n- Never edit generated files under gen/.\n');
    // A personal override (Codex reads one file a folder: this one, not AGENTS.md).
    writeFileSync(join(repo, 'AGENTS.override.md'), '# Local\n- Prefer verbose test output on this machine.\n');
    git(repo, ['add', 'AGENTS.md'], env);
    git(repo, ['commit', '-q', '-m', 'rules'], env);
    const sessionId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const transcript = writeJsonl(join(env.HOME!, '.claude', 'projects', 'x', `${sessionId}.jsonl`), [
      {
        type: 'user',
        isSidechain: false,
        sessionId,
        cwd: repo,
        timestamp: new Date().toISOString(),
        message: { role: 'user', content: 'make the importer idempotent' },
      },
      claudeAssistant({
        id: 'm1',
        tokens: 2000,
        sessionId,
        cwd: repo,
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: join(repo, 'AGENTS.md') } }],
      }),
      {
        type: 'user',
        isSidechain: false,
        sessionId,
        cwd: repo,
        timestamp: new Date().toISOString(),
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '     1→# Rules\n     2→- Never edit generated files under gen/.\n' }],
        },
      },
      claudeAssistant({ id: 'm2', tokens: 2100, sessionId, cwd: repo, content: [{ type: 'text', text: 'Read the rules; starting on the importer.' }] }),
    ]);
    expect(cli(['save', '--no-llm', '-t', transcript], { cwd: repo, env }).status).toBe(0);
    const start = (payload: object) =>
      cli(['hook', 'session-start'], { cwd: repo, env, input: JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: repo, ...payload }) });
    // The same prompt for Claude Code: the rules are there.
    const claude = JSON.parse(
      start({
        session_id: '8d2e3f4a-5b6c-4d7e-9f0a-1b2c3d4e5f60',
        transcript_path: join(env.HOME!, '.claude', 'projects', 'x', '8d2e3f4a-5b6c-4d7e-9f0a-1b2c3d4e5f60.jsonl'),
      }).stdout,
    ).hookSpecificOutput.additionalContext;
    expect(claude).toContain('Never edit generated files under gen/.');
    // Codex loads AGENTS.override.md, not AGENTS.md: the rules the session worked under are not loaded by it.
    const rollout = join(env.CODEX_HOME!, 'sessions/2026/12/06/rollout-2026-12-06T08-00-00-cx-11.jsonl');
    const codex = JSON.parse(start({ session_id: 'cx-11', transcript_path: rollout }).stdout).hookSpecificOutput.additionalContext;
    expect(codex).toContain('You are resuming');
    expect(codex).toContain('Never edit generated files under gen/.');
  });

  it('Codex in a subfolder: the AGENTS.md it was given (for that folder) is one Codex gives the new session again', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const web = join(repo, 'packages', 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(join(repo, 'AGENTS.md'), '# Rules\n- Never edit generated files under gen/.\n');
    git(repo, ['add', 'AGENTS.md'], env);
    git(repo, ['commit', '-q', '-m', 'rules'], env);
    const now = new Date().toISOString();
    const rollout = writeJsonl(join(env.CODEX_HOME!, 'sessions/2026/12/06/rollout-2026-12-06T08-00-00-cx-20.jsonl'), [
      { timestamp: now, type: 'session_meta', payload: { id: 'cx-20', cwd: web, cli_version: '0.171.0' } },
      { timestamp: now, type: 'turn_context', payload: { model: 'gpt-5.5', cwd: web } },
      // Codex run in packages/web gives the root's AGENTS.md (and any on the way down) under the folder it runs in.
      {
        timestamp: now,
        type: 'response_item',
        payload: {
          type: 'message',
          role: 'user',
          content: [
            {
              type: 'input_text',
              text: `# AGENTS.md instructions for ${web}\n\n<INSTRUCTIONS>\n# Rules\n- Never edit generated files under gen/.\n</INSTRUCTIONS>`,
            },
          ],
        },
      },
      { timestamp: now, type: 'event_msg', payload: { type: 'user_message', message: 'make the importer idempotent' } },
    ]);
    expect(cli(['save', '--no-llm', '-t', rollout], { cwd: web, env }).status).toBe(0);
    const next = join(env.CODEX_HOME!, 'sessions/2026/12/06/rollout-2026-12-06T09-00-00-cx-21.jsonl');
    const out = cli(['hook', 'session-start'], {
      cwd: web,
      env,
      input: JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: web, session_id: 'cx-21', transcript_path: next }),
    });
    const codex = JSON.parse(out.stdout).hookSpecificOutput.additionalContext;
    expect(codex).toContain('You are resuming');
    // Codex, started there again, is given the same AGENTS.md: its rules need no repeating (as at the root).
    expect(codex).not.toContain('Never edit generated files');
  });
});
