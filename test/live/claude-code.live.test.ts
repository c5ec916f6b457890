/**
 * The real Claude Code (pinned in harness/agents.ts) driving a real repository with
 * `git session install`, against a loopback mock of the Messages API. Assertions are about what
 * the model actually receives (request bodies), the hooks' exit codes and times, and the stored
 * manifests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgent } from './harness/agents.js';
import { isSummarization, lastPrompt, MockAnthropic, requestText, stepOf, type MessagesRequest, type Reply } from './harness/anthropic.js';
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
const sentToModel = (m: MockAnthropic): string => m.turns().map((r) => requestText(r.body)).join('\n');

const todos = (items: Array<[string, 'pending' | 'in_progress' | 'completed']>) => ({ name: 'TodoWrite', input: { todos: items.map(([content, status]) => ({ content, status, activeForm: `Working on: ${content}` })) } });
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
      { text: 'Let me plan this and run the tests first.', tools: [todos([['Fix sum() so npm test passes', 'in_progress'], ['Document sum() in README.md', 'pending']]), bash('npm test')], usage: usage(380_000) },
      { text: 'The test fails: sum(2, 3) gives -1. Reading the code.', tools: [{ name: 'Read', input: { file_path: 'src/sum.js' } }], usage: usage(385_000) },
      { tools: [{ name: 'Edit', input: { file_path: 'src/sum.js', old_string: 'a - b', new_string: 'a + b' } }], usage: usage(390_000) },
      { tools: [bash('npm test')], usage: usage(395_000) },
      {
        text: 'npm test passes now. I decided to keep sum() pure, with no input coercion, because every caller already passes numbers.',
        tools: [todos([['Fix sum() so npm test passes', 'completed'], ['Document sum() in README.md', 'pending']])],
        usage: usage(398_000),
      },
      { text: 'The failing test is fixed; documenting sum() in README.md is still open.', usage: usage(400_000) },
    ],
  },
  {
    when: /^Keep going\.?$/,
    steps: [
      { tools: [bash("printf '\\n## sum(a, b)\\nAdds two numbers.\\n' >> README.md && git rm -q NOTES.md")], usage: usage(402_000) },
      { tools: [todos([['Fix sum() so npm test passes', 'completed'], ['Document sum() in README.md', 'completed']]), bash('git add -A && git commit -qm "Fix sum() and document it"')], usage: usage(405_000) },
      { text: 'Committed on feature/sum: sum() is fixed and documented, and the scratch NOTES.md is deleted.', usage: usage(406_000) },
    ],
  },
  {
    when: /Now start on the CLI/,
    steps: [
      { text: "I'll start the CLI with a skeleton in src/cli.js.", tools: [{ name: 'Write', input: { file_path: 'src/cli.js', content: "import { sum } from './sum.js';\n\nconsole.log(sum(Number(process.argv[2]), Number(process.argv[3])));\n" } }], usage: usage(410_000) },
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
const reinjections = (r: { body: MessagesRequest }): string[] => requestText(r.body).match(/\[git-session\] (?:Your compaction summary left these out|After the compaction, what must not be lost)[\s\S]*?(?=\\n\\n|"\}|$)/g) ?? [];

describe('Claude Code 2.1.332: compactions, manual and automatic', () => {
  const RULE = 'Always read the full error messages before changing code.';
  // The first summary drops the rule and the README task; the second keeps everything.
  const DROPPING = '<analysis>The user wants the test fixed.</analysis>\n<summary>\n1. Primary Request and Intent:\n   Fix the failing test in test/sum.test.js.\n\n7. Pending Tasks:\n   - Fix sum() so npm test passes\n\n8. Current Work:\n   Fixing sum() in src/sum.js.\n</summary>';
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
            { text: 'Planning, then running the tests.', tools: [todos([['Fix sum() so npm test passes', 'in_progress'], ['Document sum() in README.md', 'pending']]), bash('npm test')], usage: usage(120_000) },
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

  it('status counts from Claude Code\'s own post-compaction figure and names the compactions', () => {
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
        { when: /Refactor the parser/, steps: [{ text: 'Starting on the parser.', tools: [todos([['Split parse() into tokenize() and build()', 'in_progress'], ['Benchmark the new parser', 'pending']])], usage: usage(500_000) }, { text: 'Tokenizer split out; build() is next.', usage: usage(600_000) }] },
        { when: /^Continue\.$/, steps: [{ text: 'Working on build().', usage: usage(975_000) }] },
        { when: /^How far along are you\?$/, steps: [{ text: 'build() is half done.', usage: usage(30_000) }] },
      ],
      () => '<summary>\n1. Primary Request and Intent:\n   Refactor the parser.\n\n7. Pending Tasks:\n   - Split parse() into tokenize() and build()\n</summary>',
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
