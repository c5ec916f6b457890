/**
 * The real Claude Code (pinned in harness/agents.ts) driving a real repository with
 * `git session install`, against a loopback mock of the Messages API. Assertions are about what
 * the model actually receives (request bodies), the hooks' exit codes and times, and the stored
 * manifests.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgent } from './harness/agents.js';
import { isSummarization, lastPrompt, lastToolResults, MockAnthropic, requestText, stepOf, type MessagesRequest, type Reply } from './harness/anthropic.js';
import { claudeTurn, hasTmux, seedInteractive, TmuxClaude, transcriptLines, transcriptPath, claudeEnv } from './harness/claude.js';
import { LiveProject } from './harness/project.js';
import { scripted, type ScriptedTurn } from './harness/script.js';

let CLAUDE = '';
beforeAll(() => {
  CLAUDE = ensureAgent('claude-code');
}, 300_000);

const projects: LiveProject[] = [];
const mocks: MockAnthropic[] = [];
afterAll(async () => {
  for (const m of mocks) await m.stop();
  if (!process.env.GIT_SESSION_LIVE_KEEP) for (const p of projects) p.remove();
});

/** A project with git-session installed the way the README says (`git session install`). */
function project(): LiveProject {
  const p = new LiveProject();
  projects.push(p);
  const r = p.gs(['install']);
  if (r.status !== 0) throw new Error(`git session install: ${r.stderr}`);
  return p;
}

async function mock(turns: ScriptedTurn<Reply>[], summary?: (body: MessagesRequest) => string): Promise<MockAnthropic> {
  const m = await new MockAnthropic({ script: scripted(turns, (b) => lastPrompt(b)?.text, stepOf, { text: 'Done.' }), summary }).start();
  mocks.push(m);
  return m;
}

const usage = (tokens: number): Reply['usage'] => ({ input: 5, cacheCreation: 3_000, cacheRead: tokens - 3_005, output: 120 });
/** Everything the model was sent in conversation turns (not the compaction's own request). */
const sentToModel = (m: MockAnthropic): string =>
  m
    .turns()
    .map((r) => requestText(r.body))
    .join('\n');

const todos = (items: Array<[string, 'pending' | 'in_progress' | 'completed']>) => ({
  name: 'TodoWrite',
  input: { todos: items.map(([content, status]) => ({ content, status, activeForm: `Working on: ${content}` })) },
});
const bash = (command: string) => ({ name: 'Bash', input: { command, description: command.slice(0, 40) } });

/**
 * The multi-turn scenario: a standing instruction, a failing then passing test, a decision, a
 * deletion, a commit on the feature branch, then a new piece of work left open. The model
 * reports 40 % of the default model's 1,000,000-token window.
 */
const WORK: ScriptedTurn<Reply>[] = [
  {
    when: /Fix the failing test/,
    steps: [
      {
        text: 'Let me plan this and run the tests first.',
        tools: [
          todos([
            ['Fix sum() so npm test passes', 'in_progress'],
            ['Document sum() in README.md', 'pending'],
          ]),
          bash('npm test'),
        ],
        usage: usage(380_000),
      },
      { text: 'The test fails: sum(2, 3) gives -1. Reading the code.', tools: [{ name: 'Read', input: { file_path: 'src/sum.js' } }], usage: usage(385_000) },
      { tools: [{ name: 'Edit', input: { file_path: 'src/sum.js', old_string: 'a - b', new_string: 'a + b' } }], usage: usage(390_000) },
      { tools: [bash('npm test')], usage: usage(395_000) },
      {
        text: 'npm test passes now. I decided to keep sum() pure, with no input coercion, because every caller already passes numbers.',
        tools: [
          todos([
            ['Fix sum() so npm test passes', 'completed'],
            ['Document sum() in README.md', 'pending'],
          ]),
        ],
        usage: usage(398_000),
      },
      { text: 'The failing test is fixed; documenting sum() in README.md is still open.', usage: usage(400_000) },
    ],
  },
  {
    when: /^Keep going\.?$/,
    steps: [
      { tools: [bash("printf '\\n## sum(a, b)\\nAdds two numbers.\\n' >> README.md && git rm -q NOTES.md")], usage: usage(402_000) },
      {
        tools: [
          todos([
            ['Fix sum() so npm test passes', 'completed'],
            ['Document sum() in README.md', 'completed'],
          ]),
          bash('git add -A && git commit -qm "Fix sum() and document it"'),
        ],
        usage: usage(405_000),
      },
      { text: 'Committed on feature/sum: sum() is fixed and documented, and the scratch NOTES.md is deleted.', usage: usage(406_000) },
    ],
  },
  {
    when: /Now start on the CLI/,
    steps: [
      {
        text: "I'll start the CLI with a skeleton in src/cli.js.",
        tools: [
          {
            name: 'Write',
            input: {
              file_path: 'src/cli.js',
              content: "import { sum } from './sum.js';\n\nconsole.log(sum(Number(process.argv[2]), Number(process.argv[3])));\n",
            },
          },
        ],
        usage: usage(410_000),
      },
      { text: 'Created a first src/cli.js that adds its two arguments. Next I will add argument parsing and a --separator option.', usage: usage(412_000) },
    ],
  },
];

describe('Claude Code 2.1.332, default model (1M window): a multi-turn session', () => {
  let p: LiveProject;
  let m: MockAnthropic;
  let sessionId = '';
  beforeAll(async () => {
    p = project();
    m = await mock(WORK);
    const env = { CLAUDE_CODE_ENABLE_TODO_TOOLS: '1', CLAUDE_CODE_ENABLE_TASKS: '0' };
    const first = await claudeTurn(CLAUDE, p, m, 'Never commit directly to main. Fix the failing test in test/sum.test.js.', { env });
    sessionId = first.sessionId;
    await claudeTurn(CLAUDE, p, m, 'Keep going.', { resume: sessionId, env });
    await claudeTurn(CLAUDE, p, m, 'Now start on the CLI.', { resume: sessionId, env });
  }, 240_000);

  it('measures against the 1,000,000-token window the agent reports, not 200,000', () => {
    const status = p.gs(['status', '--json']).json();
    expect(status.model).toBe('claude-opus-5-5');
    expect(status.window).toBe(1_000_000);
    expect(status.percent).toBeCloseTo(41.2, 0);
    expect(status.level).toBe('NORMAL');
  });

  it('never tells the model to start a fresh session at 40 %', () => {
    const sent = sentToModel(m);
    expect(sent).not.toMatch(/EMERGENCY|start a fresh session|Context window at/);
    expect(p.snapshots().map((s) => s.reason)).not.toContain('handoff');
  });

  it('notes the commit with the true level', () => {
    const note = p.git(['notes', '--ref=agentflow', 'show', 'HEAD']);
    expect(note).toMatch(/Level: NORMAL/);
  });

  it('keeps the standing instruction, and "Keep going." is neither an instruction nor a task', () => {
    p.gs(['save', '--reason', 'check']);
    const manifest = p.manifest(sessionId);
    expect(manifest.critical_context.user_instructions).toContain('Never commit directly to main.');
    const all = JSON.stringify([manifest.critical_context.user_instructions, manifest.pending_tasks, manifest.completed_tasks]);
    expect(all).not.toMatch(/Keep going/);
  });

  it('does not mark an ask done while its work is open', () => {
    const manifest = p.manifest(sessionId);
    expect(manifest.completed_tasks.join('\n')).not.toMatch(/start on the CLI/i);
    expect(manifest.pending_tasks.map((t: { task: string }) => t.task).join('\n')).toMatch(/start on the CLI/i);
    // The finished todo items are done, not open.
    expect(manifest.pending_tasks.map((t: { task: string }) => t.task).join('\n')).not.toMatch(/Fix sum\(\)|Document sum/);
  });

  it('lists only files the session touched: no agent settings, no directories', () => {
    const files: string[] = p.manifest(sessionId).memory_pointers.modified_files;
    expect(files).toContain('src/cli.js');
    expect(files.some((f) => f.endsWith('/') || f.startsWith('.claude'))).toBe(false);
    expect(p.manifest(sessionId).memory_pointers.deleted_files).toContain('NOTES.md');
  });

  it('runs every hook cleanly: exit 0, within its budget, no error logged on the first prompt', () => {
    const calls = p.calls();
    expect(calls.length).toBeGreaterThan(8);
    for (const c of calls) expect(c.exit, c.args.join(' ')).toBe(0);
    for (const c of calls.filter((c) => c.args.includes('session-end'))) expect(c.ms).toBeLessThan(1500);
    for (const c of calls) expect(c.ms, c.args.join(' ')).toBeLessThan(10_000);
    expect(p.hookLog().filter((l) => / error /.test(l))).toEqual([]);
  });

  it('stores no new snapshot when a save finds nothing changed', () => {
    const before = p.snapshots().length;
    const again = p.gs(['save', '--json']).json();
    expect(p.snapshots().length).toBe(before);
    expect(again.unchanged).toBe(true);
  });
});

/** The git-session re-injection blocks a request carries (after a compaction). */
const reinjections = (r: { body: MessagesRequest }): string[] =>
  requestText(r.body).match(
    /\[git-session\] (?:Your compaction summary left these out|After the compaction, what must not be lost)[\s\S]*?(?=\\n\\n|"\}|$)/g,
  ) ?? [];

describe('Claude Code 2.1.332: compactions, manual and automatic', () => {
  const RULE = 'Always read the full error messages before changing code.';
  // The first summary drops the rule and the README task; the second keeps everything.
  const DROPPING =
    '<analysis>The user wants the test fixed.</analysis>\n<summary>\n1. Primary Request and Intent:\n   Fix the failing test in test/sum.test.js.\n\n7. Pending Tasks:\n   - Fix sum() so npm test passes\n\n8. Current Work:\n   Fixing sum() in src/sum.js.\n</summary>';
  const KEEPING = `<summary>\n1. Primary Request and Intent:\n   Fix the failing test. The user said: "${RULE}"\n\n7. Pending Tasks:\n   - Fix sum() so npm test passes\n   - Document sum() in README.md\n</summary>`;
  let p: LiveProject;
  let m: MockAnthropic;
  let sessionId = '';
  let summaries: string[] = [];
  const env = { CLAUDE_CODE_ENABLE_TODO_TOOLS: '1', CLAUDE_CODE_ENABLE_TASKS: '0' };

  beforeAll(async () => {
    p = project();
    m = await mock(
      [
        {
          when: /Fix the failing test/,
          steps: [
            {
              text: 'Planning, then running the tests.',
              tools: [
                todos([
                  ['Fix sum() so npm test passes', 'in_progress'],
                  ['Document sum() in README.md', 'pending'],
                ]),
                bash('npm test'),
              ],
              usage: usage(120_000),
            },
            { text: 'npm test fails: sum(2, 3) returns -1. I will read src/sum.js next.', usage: usage(125_000) },
          ],
        },
        { when: /^What next\?$/, steps: [{ text: 'Next I will fix sum() in src/sum.js.', usage: usage(8_000) }] },
        { when: /^And now\?$/, steps: [{ text: 'Still on sum().', usage: usage(9_000) }] },
      ],
      () => summaries.shift() ?? KEEPING,
    );
    const first = await claudeTurn(CLAUDE, p, m, `${RULE} Fix the failing test in test/sum.test.js.`, { env });
    sessionId = first.sessionId;
  }, 120_000);

  it('a manual /compact: the summarization request asks to keep the must-keep items, and only what the summary dropped comes back', async () => {
    summaries = [DROPPING];
    await claudeTurn(CLAUDE, p, m, '/compact', { resume: sessionId, env });
    const summarization = m.requests.filter((r) => r.summarization).at(-1)!;
    // The PreCompact hook's output reaches the summarization instructions.
    const asked = requestText(summarization.body);
    expect(asked).toContain('Keep these items from this session in the summary, word for word');
    expect(asked).toContain(RULE);
    await claudeTurn(CLAUDE, p, m, 'What next?', { resume: sessionId, env });
    const next = m.turns().at(-1)!;
    const given = reinjections(next);
    expect(given).toHaveLength(1);
    // Dropped by the summary (Claude Code's own wrapper mentions "error messages" and "read the full transcript": not a keep).
    expect(given[0]).toContain(RULE);
    expect(given[0]).toContain('Document sum() in README.md');
    // Kept by the summary: not repeated; and never the whole bootstrap.
    expect(given[0]).not.toContain('Fix sum() so npm test passes');
    expect(requestText(next.body)).not.toContain('You are resuming an earlier');
  });

  it('a later compaction whose summary keeps everything gives nothing back, and is never compared with the previous summary', async () => {
    summaries = [KEEPING];
    await claudeTurn(CLAUDE, p, m, '/compact', { resume: sessionId, env });
    await claudeTurn(CLAUDE, p, m, 'And now?', { resume: sessionId, env });
    expect(reinjections(m.turns().at(-1)!)).toEqual([]);
    expect(p.hookLog().some((l) => /compaction summary kept everything/.test(l))).toBe(true);
  });

  it("status counts from Claude Code's own post-compaction figure and names the compactions", () => {
    const status = p.gs(['status', '--json']).json();
    expect(status.compactions).toBe(2);
    expect(status.last_compaction.trigger).toBe('manual');
    // Right after the compaction the log's last usage is the mock's 9,000.
    expect(status.tokens).toBeGreaterThan(8_000);
    expect(status.auto_compact_at).toBe(967_000);
    expect(status.tokens_until_auto_compact).toBe(967_000 - status.tokens);
  });
});

describe('Claude Code 2.1.332: automatic compaction near the 1M window', () => {
  it('saves before it, asks the summary to keep the rule, and gives back what the summary dropped', async () => {
    const p = project();
    const RULE = 'Never touch the generated files in src/gen.';
    const m = await mock(
      [
        {
          when: /Refactor the parser/,
          steps: [
            {
              text: 'Starting on the parser.',
              tools: [
                todos([
                  ['Split parse() into tokenize() and build()', 'in_progress'],
                  ['Benchmark the new parser', 'pending'],
                ]),
              ],
              usage: usage(500_000),
            },
            { text: 'Tokenizer split out; build() is next.', usage: usage(600_000) },
          ],
        },
        { when: /^Continue\.$/, steps: [{ text: 'Working on build().', usage: usage(975_000) }] },
        { when: /^How far along are you\?$/, steps: [{ text: 'build() is half done.', usage: usage(30_000) }] },
      ],
      () =>
        '<summary>\n1. Primary Request and Intent:\n   Refactor the parser.\n\n7. Pending Tasks:\n   - Split parse() into tokenize() and build()\n</summary>',
    );
    const env = { CLAUDE_CODE_ENABLE_TODO_TOOLS: '1', CLAUDE_CODE_ENABLE_TASKS: '0' };
    const first = await claudeTurn(CLAUDE, p, m, `${RULE} Refactor the parser in src/sum.js.`, { env });
    await claudeTurn(CLAUDE, p, m, 'Continue.', { resume: first.sessionId, env });
    // At 975,000 of 1,000,000 (past Claude Code's 967,000) the next prompt compacts first.
    expect(p.gs(['status', '--json']).json()).toMatchObject({ window: 1_000_000, level: 'EMERGENCY', auto_compact_at: 967_000, tokens_until_auto_compact: 0 });
    await claudeTurn(CLAUDE, p, m, 'How far along are you?', { resume: first.sessionId, env });
    const summarization = m.requests.find((r) => r.summarization);
    expect(summarization, 'Claude Code compacted on its own').toBeDefined();
    expect(requestText(summarization!.body)).toContain(RULE);
    // PreCompact saved first (or found the state already saved), and nothing told the model to start over.
    expect(p.hookLog().some((l) => /save pre-compact: snapshot [0-9a-f]{10}/.test(l))).toBe(true);
    expect(sentToModel(m)).not.toMatch(/start a fresh session/);
    const after = m.turns().at(-1)!;
    const given = reinjections(after).join('\n');
    expect(given).toContain(RULE);
    expect(given).toContain('Benchmark the new parser');
    expect(given).not.toContain('Split parse() into tokenize() and build()');
    const status = p.gs(['status', '--json']).json();
    expect(status).toMatchObject({ compactions: 1, level: 'NORMAL' });
    expect(status.last_compaction.trigger).toBe('auto');
  });
});

/** How many copies of git-session's bootstrap a request carries. */
const bootstraps = (r: { body: MessagesRequest }): number => (requestText(r.body).match(/You are resuming an earlier claude-code session/g) ?? []).length;

describe('Claude Code 2.1.332: one line of work across sessions', () => {
  let p: LiveProject;
  let m: MockAnthropic;
  beforeAll(async () => {
    p = project();
    m = await mock([
      WORK[0]!,
      {
        when: /What is the state of the work\?/,
        steps: [
          {
            text: 'The README still lacks sum(); documenting it now, on this branch.',
            tools: [
              bash(
                "printf '\\n## sum(a, b)\\nAdds two numbers.\\n' >> README.md && git add README.md src/sum.js && git commit -qm 'Document sum() in README.md'",
              ),
            ],
            usage: usage(20_000),
          },
          { text: 'Documented sum() in README.md and committed it on feature/sum.', usage: usage(22_000) },
        ],
      },
      { when: /^Anything else\?$/, steps: [{ text: 'Nothing is open that I know of.', usage: usage(23_000) }] },
      { when: /^Where do we stand\?$/, steps: [{ text: 'All done so far.', usage: usage(15_000) }] },
    ]);
    const env = { CLAUDE_CODE_ENABLE_TODO_TOOLS: '1', CLAUDE_CODE_ENABLE_TASKS: '0' };
    await claudeTurn(CLAUDE, p, m, 'Never commit directly to main. Fix the failing test in test/sum.test.js.', { env });
  }, 120_000);

  it('a new session starts from the snapshot: the rule and the open task, once, and not again on --resume', async () => {
    const second = await claudeTurn(CLAUDE, p, m, 'What is the state of the work?');
    const firstRequest = m.turns().find((r) => lastPrompt(r.body)?.text.includes('What is the state of the work?'))!;
    expect(bootstraps(firstRequest)).toBe(1);
    const text = requestText(firstRequest.body);
    expect(text).toContain('Never commit directly to main.');
    expect(text).toContain('Document sum() in README.md');
    await claudeTurn(CLAUDE, p, m, 'Anything else?', { resume: second.sessionId });
    // The resumed conversation holds the one copy it was given; no second one is added.
    expect(bootstraps(m.turns().at(-1)!)).toBe(1);
  });

  it('the next session carries the rule, and not the task the second session finished', async () => {
    await claudeTurn(CLAUDE, p, m, 'Where do we stand?');
    const req = m.turns().find((r) => lastPrompt(r.body)?.text.includes('Where do we stand?'))!;
    const text = requestText(req.body);
    expect(bootstraps(req)).toBe(1);
    expect(text).toContain('Never commit directly to main.');
    const pending = /Pending tasks:[\s\S]*?(?:\\n\\n|Already done|$)/.exec(text)?.[0] ?? '';
    expect(pending).not.toContain('Document sum() in README.md');
  });
});

describe('Claude Code 2.1.332 after a Codex session', () => {
  it('is told to read the AGENTS.md the Codex session followed, which it does not load itself', async () => {
    const p = project();
    writeFileSync(join(p.repo, 'AGENTS.md'), '# Rules\n- Never edit generated files under gen/.\n');
    p.git(['add', 'AGENTS.md']);
    p.git(['commit', '-qm', 'Add the project rules']);
    // The Codex session's rollout, as Codex 0.171 writes one (its hooks saved it).
    const now = new Date().toISOString();
    const rollout = join(p.home, '.codex', 'sessions', 'rollout-2026-12-07T08-00-00-cx-live.jsonl');
    mkdirSync(join(rollout, '..'), { recursive: true });
    const lines = [
      { timestamp: now, type: 'session_meta', payload: { id: 'cx-live', cwd: p.repo, cli_version: '0.171.0' } },
      { timestamp: now, type: 'turn_context', payload: { model: 'gpt-5.5', cwd: p.repo } },
      { timestamp: now, type: 'event_msg', payload: { type: 'user_message', message: 'Fix the failing test in test/sum.test.js.' } },
    ];
    writeFileSync(rollout, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(p.gs(['save', '--no-llm', '-t', rollout]).status).toBe(0);
    const m = await mock([{ when: /^Where do we stand\?$/, steps: [{ text: 'Reading AGENTS.md first.', usage: usage(15_000) }] }]);
    await claudeTurn(CLAUDE, p, m, 'Where do we stand?');
    const req = m.turns().find((r) => lastPrompt(r.body)?.text.includes('Where do we stand?'))!;
    const text = requestText(req.body);
    expect(text).toContain('You are resuming an earlier codex session');
    expect(text).toContain("The earlier session was Codex's, which loads AGENTS.md by itself; Claude Code does not: read AGENTS.md");
  }, 120_000);
});

describe('Claude Code 2.1.332: other models', () => {
  it('a 200K model is graded against 200,000 and compacts at 167,000', async () => {
    const p = project();
    const m = await mock([{ when: /Look at the tests/, steps: [{ text: 'Looked.', usage: usage(150_000) }] }]);
    await claudeTurn(CLAUDE, p, m, 'Look at the tests.', { model: 'claude-sonnet-4-5' });
    expect(p.gs(['status', '--json']).json()).toMatchObject({
      model: 'claude-sonnet-4-5',
      window: 200_000,
      level: 'ELEVATED',
      percent: 75,
      auto_compact_at: 167_000,
    });
  });

  it('a [1m] variant is graded against 1,000,000: the transcript keeps the bare id, its requests carry the 1M beta', async () => {
    const p = project();
    const m = await mock([{ when: /Look at the tests/, steps: [{ text: 'Looked.', usage: usage(300_000) }] }]);
    const turn = await claudeTurn(CLAUDE, p, m, 'Look at the tests.', { model: 'claude-sonnet-4-5[1m]' });
    expect(Object.values(turn.result.modelUsage as Record<string, { contextWindow: number }>)[0]!.contextWindow).toBe(1_000_000);
    expect(p.gs(['status', '--json']).json()).toMatchObject({ model: 'claude-sonnet-4-5', window: 1_000_000, level: 'NORMAL', percent: 30 });
  });

  it('an unknown model is reported as unknown, never EMERGENCY, and nothing tells the model to start over', async () => {
    const p = project();
    const m = await mock([
      { when: /Look at the tests/, steps: [{ text: 'Looked.', usage: usage(950_000) }] },
      { when: /^And then\?$/, steps: [{ text: 'Then the docs.', usage: usage(951_000) }] },
    ]);
    const first = await claudeTurn(CLAUDE, p, m, 'Look at the tests.', { model: 'claude-nova-9' });
    await claudeTurn(CLAUDE, p, m, 'And then?', { model: 'claude-nova-9', resume: first.sessionId });
    const status = p.gs(['status', '--json']).json();
    expect(status).toMatchObject({ model: 'claude-nova-9', window: null, level: 'UNKNOWN', should_prepare: false });
    expect(p.gs(['status']).stdout).toMatch(/window unknown/);
    expect(sentToModel(m)).not.toMatch(/EMERGENCY|start a fresh session/);
    // The snapshots and the commit notes say UNKNOWN, not EMERGENCY.
    expect(p.snapshots().map((s) => s.level)).not.toContain('EMERGENCY');
  });
});

describe.skipIf(!hasTmux())('Claude Code 2.1.332 interactive: the statusline', () => {
  it("shows the agent's own figures, and the window it gave never flips back when they age", async () => {
    const p = project();
    seedInteractive(p);
    const m = await mock([
      { when: /Look at the tests/, steps: [{ text: 'Looked at them.', usage: usage(400_000) }] },
      { when: /^Go on\.$/, steps: [{ text: 'Still looking.', usage: usage(410_000) }] },
    ]);
    // A model no table knows: only the statusline says its window.
    const claude = new TmuxClaude(CLAUDE, p, claudeEnv(p, m));
    try {
      claude.start(['--model', 'claude-nova-9']);
      await claude.waitFor('the prompt', () => /❯/.test(claude.screen()) && /bypass permissions/.test(claude.screen()), 60_000);
      await claude.type('Look at the tests.');
      await claude.waitFor('the answer and the statusline', () => /ctx 40(?:\.\d)?% NORMAL/.test(claude.screen()), 60_000);
      const fresh = p.gs(['status', '--json']).json();
      expect(fresh).toMatchObject({ model: 'claude-nova-9', window: 1_000_000, window_source: 'statusline', level: 'NORMAL' });
      // The statusline's figures age (15 minutes), the session goes on.
      const cache = join(p.home, '.cache', 'git-session', 'statusline.json');
      const figures = JSON.parse(readFileSync(cache, 'utf8')) as { sessions: Record<string, { at: number }> };
      const aged = Object.values(figures.sessions);
      expect(aged.length).toBeGreaterThan(0);
      for (const f of aged) f.at -= 20 * 60_000;
      writeFileSync(cache, JSON.stringify(figures));
      await claude.type('Go on.');
      await claude.waitFor('the second answer', () => /Still looking/.test(claude.screen()), 60_000);
      for (let i = 0; i < 3; i++) expect(p.gs(['status', '--json']).json()).toMatchObject({ window: 1_000_000, level: 'NORMAL' });
    } finally {
      claude.stop();
    }
  });
});

describe('Claude Code 2.1.332 as the MCP client of `git session mcp`', () => {
  it('session_resume {session_id: <older>} hands the model that session’s prompt as plain text', async () => {
    const p = project();
    expect(p.gs(['install', '--mcp']).status).toBe(0);
    // Approved as a user approves a project server (the project's own settings do not count on 2.1.332).
    const settings = join(p.home, '.claude', 'settings.json');
    let user: Record<string, unknown> = {};
    try {
      user = JSON.parse(readFileSync(settings, 'utf8'));
    } catch {
      /* none yet */
    }
    mkdirSync(join(p.home, '.claude'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ ...user, enabledMcpjsonServers: ['git-session'] }));
    const resumeCall = { name: 'mcp__git-session__session_resume', input: { session_id: '' } };
    const m = await mock([
      { when: /subtract/, steps: [{ text: 'I will add subtract to calc.js next.', usage: usage(30_000) }] },
      { when: /multiply/, steps: [{ text: 'I will add multiply to calc.js next.', usage: usage(30_000) }] },
      {
        when: /older session/,
        steps: [
          { tools: [resumeCall], usage: usage(31_000) },
          { text: 'Resumed the subtraction work.', usage: usage(32_000) },
        ],
      },
    ]);
    const older = await claudeTurn(CLAUDE, p, m, 'Add a subtract function to calc.js, with a test.');
    expect(p.gs(['save', '-q', '--transcript', transcriptPath(p, older.sessionId)]).status).toBe(0);
    const newer = await claudeTurn(CLAUDE, p, m, 'Add a multiply function to calc.js, with a test.');
    expect(p.gs(['save', '-q', '--transcript', transcriptPath(p, newer.sessionId)]).status).toBe(0);
    // The script names the older session by its id once it is known.
    resumeCall.input.session_id = older.sessionId;
    // ENABLE_TOOL_SEARCH=false: the MCP tools in the model's tool list, not deferred behind ToolSearch (the mock cannot search).
    await claudeTurn(CLAUDE, p, m, `Resume the older session ${older.sessionId} through git-session.`, { env: { ENABLE_TOOL_SEARCH: 'false' } });
    const call = m.turns().find((r) => JSON.stringify(r.body.messages.at(-1)?.content ?? '').includes('tool_result'));
    expect(call, 'Claude Code called the tool and sent its result back').toBeDefined();
    const result = lastToolResults(call!.body)[0]!;
    expect(result.isError).toBe(false);
    // What the model reads: the content blocks' text (Claude Code sends structuredContent instead, as one JSON string, when a result has it).
    const blocks = JSON.parse(result.content) as Array<{ type: string; text: string }>;
    const text = blocks.map((b) => b.text).join('\n');
    expect(text.startsWith('You are resuming an earlier claude-code session')).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(5);
    // The session asked for, not the newest one.
    expect(text).toContain('Add a subtract function');
    expect(text).not.toContain('Add a multiply function');
  });
});
