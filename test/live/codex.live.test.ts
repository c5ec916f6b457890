/**
 * The real Codex CLI (pinned in harness/agents.ts) driving a real repository with
 * `git session install --codex`, against a loopback mock of the Responses API. Hooks run as Codex
 * runs them for a user: the project trusted and each hook reviewed through `codex app-server`
 * (what the TUI's /hooks does), never with --dangerously-bypass-hook-trust.
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgent } from './harness/agents.js';
import { AppServer, codexConfigToml, codexExec, codexExecEphemeral, codexFork, codexResume, findRollout, type CodexConfigOptions } from './harness/codex.js';
import { LiveProject } from './harness/project.js';
import { compactionSummary, lastPrompt, MockResponses, requestText, stepOf, type Reply, type ResponsesRequest } from './harness/responses.js';

let CODEX = '';
beforeAll(() => {
  CODEX = ensureAgent('codex');
}, 300_000);

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

interface CodexProject {
  p: LiveProject;
  m: MockResponses;
  env: Record<string, string>;
  codexHome: string;
  configure(o?: Omit<CodexConfigOptions, 'mockUrl' | 'codexHome'>): void;
  /** Reviews git-session's hooks as the TUI's /hooks does (through app-server): Codex records their hashes. */
  review(): Promise<string[]>;
  exec(prompt: string, flags?: string[]): ReturnType<typeof codexExec>;
  resume(id: string, prompt: string, flags?: string[]): ReturnType<typeof codexResume>;
}

/** A project with `git session install --codex`, trusted, its hooks reviewed, and Codex pointed at the mock. */
async function codexProject(
  script: (body: ResponsesRequest) => Reply,
  summary?: (body: ResponsesRequest) => string,
  opts: { updatePlan?: boolean; trust?: 'trusted' | 'none'; review?: boolean } = {},
): Promise<CodexProject> {
  const p = new LiveProject();
  const m = await new MockResponses({ script, summary }).start();
  cleanup.push(
    () => m.stop(),
    () => (process.env.GIT_SESSION_LIVE_KEEP ? undefined : p.remove()),
  );
  const codexHome = join(p.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'instructions.md'), 'You are Codex, a coding agent. (Short instructions for tests.)\n');
  const env = { ...(p.env as Record<string, string>), CODEX_HOME: codexHome, MOCK_API_KEY: 'sk-mock' };
  const base = { updatePlan: opts.updatePlan ?? true, lean: true, trusted: opts.trust === 'none' ? [] : [p.repo] };
  const configure = (o: Omit<CodexConfigOptions, 'mockUrl' | 'codexHome'> = {}) =>
    writeFileSync(join(codexHome, 'config.toml'), codexConfigToml({ ...base, ...o, mockUrl: m.url, codexHome }));
  configure();
  const installed = p.gs(['install', '--codex']);
  if (installed.status !== 0) throw new Error(installed.stderr);
  const review = async () => {
    const app = await new AppServer(CODEX, { cwd: p.repo, env }).start();
    try {
      return await app.reviewHooks([p.repo]);
    } finally {
      await app.stop();
    }
  };
  if (opts.review !== false && opts.trust !== 'none') expect((await review()).length).toBeGreaterThan(0);
  const o = { cwd: p.repo, env, timeoutMs: 120_000 };
  return {
    p,
    m,
    env,
    codexHome,
    configure,
    review,
    exec: (prompt, flags = []) => codexExec(CODEX, prompt, { ...o, flags }),
    resume: (id, prompt, flags = []) => codexResume(CODEX, id, prompt, { ...o, flags }),
  };
}

/** A script from turns keyed by the prompt; each step answers one request of the turn. */
function turns(table: Array<[RegExp, Reply[]]>): (body: ResponsesRequest) => Reply {
  return (body) => {
    const prompt = lastPrompt(body)?.text ?? '';
    const turn = table.findLast(([re]) => re.test(prompt));
    return turn?.[1][stepOf(body)] ?? { text: 'Done.' };
  };
}

const sent = (m: MockResponses): string =>
  m
    .turns()
    .map((r) => requestText(r.body))
    .join('\n');
const reinjections = (body: ResponsesRequest): string[] =>
  requestText(body).match(/\[git-session\] (?:Your compaction summary left these out|After the compaction, what must not be lost)[\s\S]*?(?=\n\n[A-Z<]|$)/g) ??
  [];
const bootstraps = (body: ResponsesRequest): number => (requestText(body).match(/You are resuming an earlier (?:codex|claude-code) session/g) ?? []).length;
const plan = (...steps: Array<[string, 'pending' | 'in_progress' | 'completed']>): Reply['plan'] => [
  { plan: steps.map(([step, status]) => ({ step, status })) },
];

const PATCH = {
  add: "*** Begin Patch\n*** Add File: parser.js\n+function parse(s) {\n+  return s.split('+').map(Number).reduce((a, b) => a - b);\n+}\n+module.exports = { parse };\n*** Add File: parser.test.js\n+const test = require('node:test');\n+const assert = require('node:assert');\n+const { parse } = require('./parser.js');\n+test('adds', () => assert.strictEqual(parse('1+2'), 3));\n*** End Patch",
  fix: "*** Begin Patch\n*** Update File: parser.js\n@@\n-  return s.split('+').map(Number).reduce((a, b) => a - b);\n+  return s.split('+').map(Number).reduce((a, b) => a + b);\n*** End Patch",
  rejected: '*** Begin Patch\n*** Update File: missing.js\n@@\n-const a = 1;\n+const a = 2;\n*** End Patch',
};

const PARSER: Reply[] = [
  { text: 'Planning first.', plan: plan(['Write a failing test', 'in_progress'], ['Implement the parser', 'pending'], ['Commit on the branch', 'pending']) },
  { text: 'Adding the parser and its test.', patches: [PATCH.add] },
  { exec: [{ cmd: 'node --test parser.test.js' }] },
  {
    text: 'Decision: we will use a hand-written parser instead of a parser library, to keep zero dependencies. The reducer is wrong; fixing it.',
    patches: [PATCH.fix],
  },
  { exec: [{ cmd: 'node --test parser.test.js' }] },
  { plan: plan(['Write a failing test', 'completed'], ['Implement the parser', 'completed'], ['Commit on the branch', 'in_progress']) },
  { text: 'Removing the scratch notes.', exec: [{ cmd: 'rm NOTES.md' }] },
  { patches: [PATCH.rejected] },
  { exec: [{ cmd: 'git add -A && git commit -qm "Add the parser with its test"' }] },
  { plan: plan(['Write a failing test', 'completed'], ['Implement the parser', 'completed'], ['Commit on the branch', 'completed']) },
  { text: 'Done: the parser works, its test passes, and it is committed on feature/sum (not main).' },
];

describe('Codex CLI 0.171: a session with a plan, hooks reviewed', () => {
  let c: CodexProject;
  let sessionId = '';
  beforeAll(async () => {
    c = await codexProject(turns([[/Build the parser/, PARSER]]));
    const run = await c.exec('Never commit directly to main. Build the parser in parser.js with a test.');
    expect(run.status, run.stderr).toBe(0);
    sessionId = run.sessionId!;
    // SessionEnd's save runs in the background: wait for the session's snapshot of the finished work.
    for (let i = 0; i < 100; i++) {
      const newest = c.p.snapshots()[0];
      if (newest && newest.session_id === sessionId && c.p.manifest(sessionId).completed_tasks.length >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);

  it("keeps the user's words from 0.171's rollout: the standing rule", () => {
    expect(c.p.manifest(sessionId).critical_context.user_instructions).toContain('Never commit directly to main.');
  });

  it('leaves a snapshot of a session that stayed NORMAL, with the finished work done and nothing open', () => {
    const m = c.p.manifest(sessionId);
    expect(m.session_metadata.context_usage_before.level).toBe('NORMAL');
    expect(m.pending_tasks).toEqual([]);
    // Newest first: the commit was completed last.
    expect(m.completed_tasks[0]).toBe('Commit on the branch');
  });

  it('does not count a rejected apply_patch as an edit, lists deletions, and no agent folder', () => {
    const m = c.p.manifest(sessionId);
    expect(JSON.stringify(m)).not.toContain('missing.js');
    expect(m.memory_pointers.modified_files).toEqual(expect.arrayContaining(['parser.js', 'parser.test.js']));
    expect(m.memory_pointers.deleted_files).toContain('NOTES.md');
    expect(m.memory_pointers.modified_files.some((f: string) => f.startsWith('.codex'))).toBe(false);
  });

  it('measures against the window Codex reports', () => {
    expect(c.p.gs(['status', '--json']).json()).toMatchObject({ agent: 'codex', window: 258_400, window_source: 'transcript', auto_compact_at: 244_800 });
  });

  it('ran every hook (reviewed, not bypassed) cleanly and within its budget', () => {
    const calls = c.p.calls();
    expect(calls.map((x) => x.args[1])).toEqual(expect.arrayContaining(['session-start', 'prompt-submit', 'stop', 'session-end']));
    for (const x of calls) expect(x.exit, x.args.join(' ')).toBe(0);
    for (const x of calls.filter((x) => x.args.includes('session-end'))) expect(x.ms).toBeLessThan(3000);
    expect(c.p.hookLog().filter((l) => / error /.test(l))).toEqual([]);
  });

  it('a resume of the session gets no second bootstrap; a new session gets the rule and nothing finished as open', async () => {
    await c.resume(sessionId, 'Check the edge cases too.');
    expect(bootstraps(c.m.turns().at(-1)!.body)).toBe(0);
    await c.exec('A new session: what is the state of the work?');
    const first = c.m.turns().find((r) => lastPrompt(r.body)?.text.includes('A new session'))!;
    expect(bootstraps(first.body)).toBe(1);
    const text = requestText(first.body);
    expect(text).toContain('Never commit directly to main.');
    expect(text).not.toMatch(/Pending tasks:[\s\S]*Commit on the branch/);
  });

  it("a fork gets nothing injected, and an ephemeral session (no log) saves nobody else's", async () => {
    const fork = await codexFork(CODEX, sessionId, 'Forked: try another approach.', { cwd: c.p.repo, env: c.env, timeoutMs: 120_000 });
    expect(fork.status).toBe(0);
    expect(bootstraps(c.m.turns().at(-1)!.body)).toBe(0);
    const logged = c.p.hookLog().length;
    const eph = await codexExecEphemeral(CODEX, 'A quick question.', { cwd: c.p.repo, env: c.env, timeoutMs: 120_000 });
    expect(eph.status).toBe(0);
    // Its hooks get transcript_path: null, and never fall back to another session's rollout.
    const during = c.p.hookLog().slice(logged);
    expect(during.some((l) => /skip session-end: no log for session /.test(l))).toBe(true);
    expect(during.filter((l) => / save (?:stop|session-end)/.test(l))).toEqual([]);
  });
});

describe('Codex CLI 0.171: a request with no plan (update_plan off, as by default)', () => {
  it('keeps the request as the open work for the next session', async () => {
    const c = await codexProject(
      turns([
        [
          /Write the README section/,
          [
            { text: 'Starting the README section.', exec: [{ cmd: "printf '\\n## Usage\\n' >> README.md" }] },
            { text: 'Added the Usage heading. Next I will add the examples.' },
          ],
        ],
        [/What is open\?/, [{ text: 'The README section.' }]],
      ]),
      undefined,
      { updatePlan: false },
    );
    const first = await c.exec('Write the README section about usage.');
    for (let i = 0; i < 50 && !c.p.snapshots().some((s) => s.session_id === first.sessionId); i++) await new Promise((r) => setTimeout(r, 100));
    expect(c.p.manifest(first.sessionId).pending_tasks.map((t: { task: string }) => t.task)).toContain('Write the README section about usage.');
    await c.exec('What is open?');
    const req = c.m.turns().find((r) => lastPrompt(r.body)?.text === 'What is open?')!;
    expect(requestText(req.body)).toMatch(/Pending tasks:\n1\. \[in progress\] Write the README section about usage\./);
  });
});

describe('Codex CLI 0.171: compactions', () => {
  const RULE = 'Never edit the generated files in gen/.';
  let c: CodexProject;
  let sessionId = '';
  let summaries: string[] = [];
  beforeAll(async () => {
    c = await codexProject(
      (body) => {
        const prompt = lastPrompt(body)?.text ?? '';
        const step = stepOf(body);
        if (/Document the parser/.test(prompt)) {
          // After the mid-turn compaction the turn goes on with the summary in its history.
          if (compactionSummary(body)) return { text: 'Writing the docs after the compaction.', usage: { input: 20_000, cached: 10_000, output: 100 } };
          return step === 0
            ? {
                text: 'Planning the docs.',
                plan: plan(['Write the parser docs', 'in_progress'], ['Add usage examples', 'pending']),
                usage: { input: 150_000, cached: 100_000, output: 300 },
              }
            : { text: 'More docs.' };
        }
        if (/How is it going\?/.test(prompt)) return { text: 'The docs are half done.', usage: { input: 22_000, cached: 10_000, output: 50 } };
        if (/Anything left\?/.test(prompt)) return { text: 'The examples.', usage: { input: 23_000, cached: 10_000, output: 50 } };
        return { text: 'Done.' };
      },
      () => summaries.shift() ?? 'Goal: document the parser. Progress: the docs are half written. Next: finish them.',
    );
    c.configure({ autoCompactLimit: 100_000 });
    // The configuration changed: review again, as the TUI asks after a change.
    await c.review();
  }, 120_000);

  it("an automatic compaction mid-turn: what the summary dropped comes back, and the user's words Codex kept verbatim do not", async () => {
    summaries = ['Goal: document the parser.\nDone: nothing yet.\nNext: write the parser docs.'];
    const run = await c.exec(`${RULE} Document the parser.`);
    expect(run.status, run.stderr).toBe(0);
    sessionId = run.sessionId!;
    expect(c.m.requests.some((r) => r.compaction)).toBe(true);
    const after = c.m.turns().find((r) => compactionSummary(r.body))!;
    const given = reinjections(after.body).join('\n');
    expect(given).toContain('Add usage examples');
    // Codex carries every user message into the new context: the rule is there, so not repeated.
    expect(given).not.toContain(RULE);
    expect(requestText(after.body)).toContain(RULE);
    expect(requestText(after.body)).not.toContain('You are resuming an earlier');
  });

  it('a manual compaction (app-server /compact fires no SessionStart): the next prompt gets back what it dropped, once', async () => {
    summaries = ['Goal: document the parser.\nNext: continue.'];
    const app = await new AppServer(CODEX, { cwd: c.p.repo, env: c.env }).start();
    try {
      await app.compact(sessionId);
    } finally {
      await app.stop();
    }
    await c.resume(sessionId, 'How is it going?');
    const next = c.m.turns().at(-1)!;
    expect(reinjections(next.body).join('\n')).toMatch(/Write the parser docs|Add usage examples/);
    await c.resume(sessionId, 'Anything left?');
    // Given once: the following prompt carries the one given before (in history), no new one.
    expect(reinjections(c.m.turns().at(-1)!.body).length).toBeLessThanOrEqual(reinjections(next.body).length);
  });

  it('eval scores Codex compactions honestly: no "100 % of 0 items", the window from the log', () => {
    const rollout = findRollout(c.codexHome, sessionId)!;
    const r = c.p.gs(['eval', rollout, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const scores = r.json();
    const compactions = (Array.isArray(scores) ? scores : (scores.transcripts?.[0]?.compactions ?? scores.compactions ?? [])) as Array<{
      items: number;
      recall: number | null;
    }>;
    expect(compactions.length).toBeGreaterThan(0);
    for (const s of compactions) if (s.items === 0) expect(s.recall).toBeNull();
    expect(c.p.gs(['eval', rollout]).stdout).not.toMatch(/kept 0 of 0/);
  });
});

describe('Codex CLI 0.171: hook trust, as doctor reports it', () => {
  const script = turns([[/Say hello/, [{ text: 'Hello.' }]]]);
  const ran = (p: LiveProject, before: number) => p.calls().length > before;

  it('untrusted project: Codex runs no hook, and doctor says so with the steps', async () => {
    const c = await codexProject(script, undefined, { trust: 'none' });
    const r = await c.exec('Say hello.');
    expect(r.stderr).toMatch(/Untrusted project-local configuration is disabled/);
    expect(ran(c.p, 0)).toBe(false);
    const doctor = c.p.gs(['doctor', '--json']);
    expect(doctor.status).toBe(1);
    expect(doctor.json().checks.find((x: { name: string }) => x.name === 'Codex runs them')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('codex exec --trust'),
    });
  });

  it('trusted but not reviewed: Codex runs none and says nothing; doctor names the unreviewed hooks', async () => {
    const c = await codexProject(script, undefined, { review: false });
    const r = await c.exec('Say hello.');
    expect(r.stderr).not.toMatch(/hook: SessionStart/);
    expect(ran(c.p, 0)).toBe(false);
    const check = c.p
      .gs(['doctor', '--json'])
      .json()
      .checks.find((x: { name: string }) => x.name === 'Codex runs them');
    expect(check).toMatchObject({ status: 'fail', fix: expect.stringContaining('/hooks') });
    expect(check.detail).toMatch(/SessionStart \(not reviewed\)/);
  });

  it('reviewed with /hooks: Codex runs them, and doctor agrees (its hashes are the ones Codex records)', async () => {
    const c = await codexProject(script);
    await c.exec('Say hello.');
    expect(ran(c.p, 0)).toBe(true);
    const doctor = c.p.gs(['doctor', '--json']);
    expect(doctor.json().checks.find((x: { name: string }) => x.name === 'Codex runs them')).toMatchObject({ status: 'ok' });
  });
});

describe('Codex CLI 0.171: the live session, not an older one', () => {
  it('status and the post-commit hook measure the running Codex session, not an older Claude Code transcript of the repository', async () => {
    const c = await codexProject(turns([[/Look around/, [{ text: 'Looked.', usage: { input: 50_000, cached: 40_000, output: 10 } }]]]));
    // A Claude Code transcript of this repository from last week.
    const dir = join(c.p.home, '.claude', 'projects', c.p.repo.replace(/[^a-zA-Z0-9]/g, '-'));
    mkdirSync(dir, { recursive: true });
    const old = join(dir, 'old-session.jsonl');
    writeFileSync(
      old,
      `${JSON.stringify({ type: 'assistant', sessionId: 'old-session', cwd: c.p.repo, message: { model: 'claude-sonnet-4-5', role: 'assistant', content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 190_000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 1 } } })}\n`,
    );
    const weekAgo = Date.now() / 1000 - 7 * 86400;
    utimesSync(old, weekAgo, weekAgo);
    const run = await c.exec('Look around.');
    expect(c.p.gs(['status', '--json']).json()).toMatchObject({ agent: 'codex', session_id: run.sessionId, level: 'NORMAL' });
    expect(existsSync(old)).toBe(true);
  });
});
