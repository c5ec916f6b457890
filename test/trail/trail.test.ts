import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIEF_BYTES, trailBrief } from '../../src/trail/brief.js';
import { outputValues } from '../../src/trail/values.js';
import { buildTrail } from '../../src/trail/build.js';
import { echoedInto, filesGitRestored, mergedRefs, pushedRefs } from '../../src/trail/git-said.js';
import { sessionEnd, sessionFacts } from '../../src/trail/session-facts.js';
import { ChunkSizes, parseTrail, trailFiles } from '../../src/trail/files.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { PROJECT, claudeAssistant, cli, clonesOfOneRemote, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** A small session with one of everything the trail keeps. */
const EVENTS: TranscriptEvent[] = [
  { kind: 'ask', text: 'Add a --separator option to the CLI. The old --sep flag must keep working.', at: '2026-12-01T10:00:00Z' },
  { kind: 'say', text: "I'll use commander's alias for --sep because it keeps one code path. Starting now." },
  { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/src/cli.js' } },
  { kind: 'edit', id: 'e1', paths: ['/repo/src/cli.js'] },
  { kind: 'result', id: 'e1', ok: true, output: '' },
  { kind: 'command', id: 'c1', command: 'npm test' },
  {
    kind: 'result',
    id: 'c1',
    ok: false,
    exitCode: 1,
    output: 'FAIL test/cli.test.js\n  ● separator › joins with the separator\n    expect(received).toBe(expected)\n    Expected: "a,b"\n    Received: "a b"\n',
  },
  {
    kind: 'todos',
    items: [
      { text: 'Add --separator', status: 'in_progress' },
      { text: 'Keep --sep as an alias', status: 'pending' },
    ],
  },
  { kind: 'command', id: 'c2', command: "printf 'x' >> CHANGELOG.md && git rm -q OLD.md" },
  { kind: 'result', id: 'c2', ok: true, exitCode: 0, output: '' },
  { kind: 'command', id: 'c3', command: 'git commit -qm "Add --separator"' },
  { kind: 'result', id: 'c3', ok: true, exitCode: 0, output: '[main 4f2a9c1] Add --separator' },
  { kind: 'say', text: 'The test still fails on the join; next I will fix the join in src/cli.js.' },
  { kind: 'ask', text: "Let's go with a comma as the default separator." },
];

describe('the trail', () => {
  it('keeps every user message, every file with what was done, the exact error, decisions with their reason, the plan, commits, last words', () => {
    const t = buildTrail(EVENTS, '/repo', '/repo');
    expect(t.asks.map((a) => a.text)).toEqual([
      EVENTS[0]!.kind === 'ask' ? (EVENTS[0] as { text: string }).text : '',
      "Let's go with a comma as the default separator.",
    ]);
    expect(t.files.map((f) => `${f.op} ${f.path}`)).toEqual(['read src/cli.js', 'modified src/cli.js', 'modified CHANGELOG.md', 'deleted OLD.md']);
    expect(t.commands[0]).toMatchObject({ text: 'npm test', outcome: 'failed', exit: 1 });
    expect(t.commands[0]!.error).toContain('Received: "a b"');
    expect(t.decisions.map((d) => d.by)).toEqual(['agent', 'user']);
    expect(t.decisions[0]!.text).toContain('because it keeps one code path');
    expect(t.plans[0]!.text).toBe('[~] Add --separator\n[ ] Keep --sep as an alias');
    expect(t.commits[0]!.text).toContain('4f2a9c1');
    expect(t.answers.at(-1)!.text).toContain('next I will fix the join');
  });

  it('is chunked so that what was stored stays the same blobs, and stays within 64 KB compressed', () => {
    const many = (n: number): TranscriptEvent[] => Array.from({ length: n }, (_, i) => ({ kind: 'ask' as const, text: `request ${i}: ${'word '.repeat(40)}` }));
    const a = trailFiles(buildTrail(many(40), '/r'));
    const b = trailFiles(buildTrail(many(70), '/r'));
    expect(b.get('trail/asks/0000.jsonl')).toBe(a.get('trail/asks/0000.jsonl'));
    expect([...b.keys()].filter((k) => k.startsWith('trail/asks/'))).toHaveLength(3);
    // 5,000 long, distinct messages: condensed, oldest first, within the budget.
    const huge = Array.from({ length: 5000 }, (_, i): TranscriptEvent => ({ kind: 'ask', text: `${i} ${Math.random().toString(36).repeat(30)}` }));
    const hugeTrail = buildTrail(huge, '/r');
    const before = JSON.stringify(hugeTrail);
    const files = trailFiles(hugeTrail);
    // Condensed without touching the trail it was given.
    expect(JSON.stringify(hugeTrail)).toBe(before);
    const { deflateRawSync } = require('node:zlib') as typeof import('node:zlib');
    expect([...files.values()].reduce((n, t) => n + deflateRawSync(t).length, 0)).toBeLessThanOrEqual(64 * 1024);
    const back = parseTrail(files);
    expect(back.asks.at(-1)!.text.startsWith('4999 ')).toBe(true);
  });

  it('recall answers with the exact error, the files, a decision and its reason', () => {
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(EVENTS, '/repo', '/repo') }];
    expect(recall(trails, 'what error did npm test report')[0]!.line).toMatch(/^command `npm test` → failed \(exit 1\).*Received: "a b"/);
    expect(recall(trails, 'which files were deleted').some((h) => h.line === "file OLD.md: deleted (`printf 'x' >> CHANGELOG.md && git rm -q OLD.md`)")).toBe(
      true,
    );
    expect(recall(trails, 'why commander alias for --sep')[0]!.line).toContain('because it keeps one code path');
    expect(recall(trails, 'which separator did the user choose')[0]!.line).toBe("the user chose: Let's go with a comma as the default separator.");
    const all = recall(trails, 'test', 200);
    expect(all.map((h) => Buffer.byteLength(h.line) + 1).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(200);
  });

  it('recall shows the passage of a long output or edit that answers, not its first lines, and what an edited file defines', () => {
    const noise = Array.from({ length: 60 }, (_, i) => `Progress: resolved ${i} packages, downloaded ${i}`).join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c1', command: 'pnpm install' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: `${noise}\n+ vite 5.4.21 (7.2.2 is available)\n${noise}` },
      {
        kind: 'edit',
        id: 'e1',
        paths: ['/repo/src/render.py'],
        change: `${'# filler line of the file\n'.repeat(40)}def combined_link(cache):\n    return "combined.html"\n`,
      },
      { kind: 'result', id: 'e1', ok: true, output: '' },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const vite = recall(trails, 'which vite version was installed')[0]!.line;
    expect(vite).toMatch(/^command `pnpm install` → ok.*\+ vite 5\.4\.21/);
    expect(Buffer.byteLength(vite)).toBeLessThan(800);
    const file = recall(trails, 'what changed in src/render.py').find((h) => h.kind === 'files')!.line;
    expect(file).toMatch(/^file src\/render\.py: modified \(edit\); edits define combined_link/);
  });

  it('recall shows a todo list once, as it stands last: earlier marks of the same list are not answers', () => {
    const items = (done: number): TranscriptEvent => ({
      kind: 'todos',
      items: ['Parse the config', 'Validate the schema', 'Write the migration'].map((text, i) => ({
        text,
        status: i < done ? ('completed' as const) : i === done ? ('in_progress' as const) : ('pending' as const),
      })),
    });
    const events: TranscriptEvent[] = [items(0), items(1), items(2), { kind: 'todos', items: [{ text: 'Ship the release', status: 'pending' }] }];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const plans = recall(trails, 'what is the plan for the migration').filter((h) => h.kind === 'plans');
    expect(plans.map((h) => h.line)).toEqual(['plan: [x] Parse the config [x] Validate the schema [~] Write the migration', 'plan: [ ] Ship the release']);
  });

  it('recall shows more of a command’s output than of other entries: the value it printed may not hold the most question words', () => {
    const events: TranscriptEvent[] = [
      { kind: 'say', text: 'To run the dev server, Vite is the simplest: the dev server will run at http://localhost:5173 once Vite is installed.' },
      { kind: 'command', id: 'c1', command: 'pnpm install' },
      {
        kind: 'result',
        id: 'c1',
        ok: true,
        exitCode: 0,
        output: `${'Progress: resolved 54, reused 8, downloaded 3, added 11\n'.repeat(3)}+ vite 5.4.21 (7.2.2 is available)\n\n${'Ignored build scripts: esbuild. Run "pnpm approve-builds" to pick which dependencies should be allowed to run scripts.\n'.repeat(2)}`,
      },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hits = recall(trails, 'Which Vite version was installed, and at which URL does the dev server run?');
    expect(hits[0]!.kind).not.toBe('commands');
    // The passage with the value and the one with the most question words ('run'), both.
    expect(hits.find((h) => h.kind === 'commands')!.line).toMatch(/vite 5\.4\.21.*approve-builds/);
  });

  it('keeps what the agent said on the way as notes, and recall finds a count it reported mid-turn', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Add the error field and run the tests' },
      { kind: 'command', id: 'c1', command: 'pytest --cov' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: `${'tests/test_x.py ....\n'.repeat(40)}68 passed in 0.41s` },
      { kind: 'say', text: 'Ok.' },
      { kind: 'say', text: '68 tests pass with 99% coverage. The missing branch `200->exit` is the break in _mark_archive_error().' },
      { kind: 'command', id: 'c2', command: 'ruff check .' },
      { kind: 'result', id: 'c2', ok: true, exitCode: 0, output: 'All checks passed!' },
      { kind: 'say', text: 'Done: the error field is in, tests and ruff pass.' },
    ];
    const t = buildTrail(events, '/repo', '/repo');
    expect(t.answers).toEqual([
      { text: '68 tests pass with 99% coverage. The missing branch `200->exit` is the break in _mark_archive_error().', by: 'mid-turn' },
      { text: 'Done: the error field is in, tests and ruff pass.' },
    ]);
    const hits = recall([{ sessionId: 's1', snapshot: 'abc', trail: t }], 'which branch is still uncovered after the last test run');
    expect(hits.map((h) => h.line).join('\n')).toContain('200->exit');
  });

  it('a call made again with the same arguments says so, and a why-question finds the reason the agent gave on the way', () => {
    const spawn = (id: string, topic: string): TranscriptEvent[] => [
      { kind: 'tool', id, name: 'Task', input: { description: `Poem about ${topic}`, prompt: `Write a poem about ${topic}.` } },
      { kind: 'result', id, ok: true, output: `Async agent launched: ${id}` },
    ];
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Spawn sub-agents to write poems about green curry and yellow curry' },
      ...spawn('a1', 'green curry'),
      ...spawn('a2', 'yellow curry'),
      { kind: 'say', text: 'Both curry poem agents are running in the background.' },
      { kind: 'ask', text: 'Are the poems done?' },
      { kind: 'tool', id: 'o1', name: 'TaskOutput', input: { task_id: 'a1' } },
      { kind: 'result', id: 'o1', ok: false, output: 'No task found with ID: a1' },
      { kind: 'say', text: 'I realize I only launched one of them, so I am starting the green and yellow curry agents now.' },
      ...spawn('a3', 'green curry'),
      ...spawn('a4', 'yellow curry'),
      { kind: 'say', text: 'The green and yellow curry poems will be ready soon; I will share them when they finish.' },
      // Later turns that talk of the same agents and poems at length: a why-question must still reach the reason.
      ...Array.from({ length: 8 }, (_, i): TranscriptEvent[] => [
        { kind: 'ask', text: `Show me poem ${i + 1}` },
        { kind: 'say', text: `Poem ${i + 1} of the green and yellow curry agents: ${'coconut broth with basil and lime, '.repeat(6)}` },
      ]).flat(),
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.tools.map((t) => t.text.split(' Write')[0])).toEqual([
      'Task Poem about green curry',
      'Task Poem about yellow curry',
      // What the first call returned: both agents had been launched.
      'Task (again: the same call as before, which returned: Async agent launched: a1) Poem about green curry',
      'Task (again: the same call as before, which returned: Async agent launched: a2) Poem about yellow curry',
    ]);
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail }];
    const why = recall(trails, 'Why were the green and yellow curry agents started twice?', 1e6);
    // Asked why, the reason the agent said on the way ranks higher than asked the same otherwise.
    const reason = (hits: typeof why): number => hits.findIndex((h) => h.line.includes('I only launched one of them'));
    const when = recall(trails, 'When were the green and yellow curry agents started twice?', 1e6);
    expect(reason(why)).toBeGreaterThanOrEqual(0);
    expect(reason(when)).toBeGreaterThan(reason(why));
    // So does a question how something was handled: the answer is what the agent did and why.
    expect(reason(recall(trails, 'How were the yellow curry agents handled?', 1e6))).toBeLessThan(
      reason(recall(trails, 'When were the yellow curry agents handled?', 1e6)),
    );
  });

  it('a tool the harness refused failed, and the prompt says why, with the files read and not changed', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Look at the analytics page of the local app and draft a demo' },
      { kind: 'tool', id: 't1', name: 'js', input: { code: "await tab.goto('http://localhost:5173')" } },
      {
        kind: 'result',
        id: 't1',
        ok: true,
        output:
          'Browser Use rejected this action due to browser security policy. Reason: The user has requested that http://localhost:5173 should not be used.',
      },
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/src/pages/analytics.tsx' } },
      { kind: 'tool', id: 'r2', name: 'Read', input: { file_path: '/repo/src/budget.ts' } },
      { kind: 'edit', id: 'e1', paths: ['/repo/src/budget.ts'] },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'say', text: 'Here is the demo, grounded in the source.' },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.tools[0]).toMatchObject({ by: 'js', outcome: 'failed' });
    expect(trail.tools[0]!.error).toContain('http://localhost:5173 should not be used');
    const env = isolatedEnv();
    const manifest = JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: tempRepo(env), env }).stdout).manifest;
    const lines = trailBrief(trail, manifest);
    expect(lines).toContain('Tool failures (newest first):');
    expect(lines.join('\n')).toContain(
      '- js: Browser Use rejected this action due to browser security policy. Reason: The user has requested that http://localhost:5173 should not be used.',
    );
    expect(lines).toContain('Files read, not changed (newest first): src/pages/analytics.tsx');
    // A choice the trail words as the user's already is not prefixed twice.
    const chose = trailBrief({ ...trail, decisions: [{ text: 'the user chose "Unlisted" for: Gist visibility?', by: 'user' }] }, manifest);
    expect(chose).toContain('- the user chose "Unlisted" for: Gist visibility?');
  });

  it('keeps the outline of a long document the session wrote (its headings), as it keeps the definitions of code', () => {
    const spec = `# Lifecycle spec\n\n${'Some prose about the design of the feature.\n'.repeat(30)}## Phase 1: Core\n### Step 1.1: Define the LifecycleAdapter interface\n${'More prose.\n'.repeat(20)}## Phase 2: Claude\n`;
    const code = `${'x = 1\n'.repeat(120)}# Step 9: not a heading in code\ndef later():\n    pass\n`;
    const events: TranscriptEvent[] = [
      { kind: 'edit', id: 'e1', paths: ['/repo/specs/lifecycle.md'], change: spec },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'edit', id: 'e2', paths: ['/repo/tool.py'], change: code },
      { kind: 'result', id: 'e2', ok: true, output: '' },
    ];
    const [doc, py] = buildTrail(events, '/repo', '/repo').files;
    expect(doc!.change).toContain('### Step 1.1: Define the LifecycleAdapter interface');
    expect(doc!.change).toContain('## Phase 2: Claude');
    expect(py!.change).toContain('def later():');
    expect(py!.change).not.toContain('Step 9');
  });

  it('keeps the fields a long document states once (its branch, its status) within the trail’s bound, before its deepest steps and not its per-step template', () => {
    const steps = Array.from(
      { length: 40 },
      (_, i) => `#### Step ${Math.floor(i / 8) + 1}.${(i % 8) + 1}: Do part ${i} of the work\n**File:** \`src/part${i}.ts\`\n${'Prose about it.\n'.repeat(3)}`,
    );
    const spec = `# Plan\n\n**Status:** Draft\n${'Some prose about the design.\n'.repeat(30)}## Phases\n${steps.join('')}#### Final Commit\n**Branch:** \`feat/lifecycle-detection\`\n`;
    const [doc] = buildTrail(
      [
        { kind: 'edit', id: 'e1', paths: ['/repo/specs/plan.md'], change: spec },
        { kind: 'result', id: 'e1', ok: true, output: '' },
      ],
      '/repo',
      '/repo',
    ).files;
    const change = doc!.change!;
    expect(change.length).toBeLessThanOrEqual(2000);
    expect(change).toContain('**Branch:** `feat/lifecycle-detection`');
    expect(change).toContain('## Phases');
    expect(change).toContain('#### Step 1.1: Do part 0 of the work');
    expect(change).not.toContain('src/part39.ts');
    // The outline stays in the document's order.
    expect(change.indexOf('## Phases')).toBeLessThan(change.indexOf('**Branch:**'));
  });

  it('recall shows a block a file’s edits wrote again once, and two short blocks of one file together', () => {
    const edit = (id: string, change: string): TranscriptEvent[] => [
      { kind: 'edit', id, paths: ['/repo/pyproject.toml'], change },
      { kind: 'result', id, ok: true, output: '' },
    ];
    const events: TranscriptEvent[] = [
      ...edit('e1', '[project.scripts]\ntool-extract = "tool_extract:main"'),
      ...edit('e2', '[project.scripts]\ntool-extract = "tool_extract:main"\n\n[dependency-groups]'),
      ...edit('e3', '[tool.hatch.build.targets.wheel.force-include]\n"tool-extract.py" = "tool_extract.py"'),
      { kind: 'say', text: 'The tool-extract script now installs as a package.' },
    ];
    const line = recall([{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }], 'how is the tool-extract script packaged').find(
      (h) => h.kind === 'files',
    )!.line;
    // (The tables it defines are named once in its head as well.)
    expect(line.match(/tool-extract = "tool_extract:main"/g)).toHaveLength(1);
    expect(line).toContain('force-include');
  });

  it('a push or a merge in the trail says what was pushed or merged, as git reported it, not the command', () => {
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'p1', command: 'git push --set-upstream origin spotter-fum 2>&1' },
      {
        kind: 'result',
        id: 'p1',
        ok: true,
        exitCode: 0,
        output: "To github.com:acme/spotter.git\n * [new branch]      spotter-fum -> spotter-fum\nbranch 'spotter-fum' set up to track 'origin/spotter-fum'.",
      },
      { kind: 'command', id: 'p2', command: 'git push' },
      { kind: 'result', id: 'p2', ok: true, exitCode: 0, output: 'To github.com:acme/spotter.git\n   331f337..af81c43  spotter-fum -> spotter-fum' },
    ];
    expect(buildTrail(events, '/repo', '/repo').commits.map((c) => c.text)).toEqual([
      'pushed spotter-fum to origin (new branch)',
      'pushed spotter-fum (331f337..af81c43)',
    ]);
    expect(pushedRefs('git push origin main', 'Everything up-to-date')).toBeUndefined();
    // A pull request opened or merged with gh: its address, not the command (a body written by a heredoc).
    const body = `BODY=$(mktemp) && cat > "$BODY" <<'EOF'\n## Summary\nThis PR adds a plan.\nEOF\ngh pr create --draft --title "docs: plan" --body-file "$BODY"`;
    expect(
      buildTrail(
        [
          { kind: 'command', id: 'g1', command: body },
          { kind: 'result', id: 'g1', ok: true, exitCode: 0, output: 'https://github.com/acme/spotter/pull/1592\n' },
          { kind: 'command', id: 'g2', command: 'gh pr merge 1592 --squash' },
          { kind: 'result', id: 'g2', ok: true, exitCode: 0, output: '✓ Squashed and merged pull request #1592' },
        ],
        '/repo',
        '/repo',
      ).commits.map((c) => c.text),
    ).toEqual(['opened pull request https://github.com/acme/spotter/pull/1592 (draft)', 'merged pull request #1592']);
    expect(pushedRefs('git commit -m x', '[main abc1234] x')).toBeUndefined();
    expect(mergedRefs(`git merge --no-ff alice/plan bob/teams -m "merge round 2: comparisons" 2>&1`, "Merge made by the 'octopus' strategy.")).toBe(
      'merged alice/plan, bob/teams: merge round 2: comparisons',
    );
    expect(mergedRefs('git merge feature && git push', 'Updating 1a2b3c4..5d6e7f8\nFast-forward')).toBe('merged feature');
    expect(mergedRefs('git merge feature', 'Already up to date.')).toBeUndefined();
    expect(mergedRefs('git merge --abort', '')).toBeUndefined();
    // A merge prints no hash: the one a later `git log` listed with its subject.
    const merge: TranscriptEvent[] = [
      { kind: 'command', id: 'm1', command: 'git merge --no-ff alice/plan bob/teams -m "merge round 2: comparisons"' },
      { kind: 'result', id: 'm1', ok: true, exitCode: 0, output: "Merge made by the 'octopus' strategy." },
      { kind: 'command', id: 'l1', command: 'git log --oneline --graph -3' },
      {
        kind: 'result',
        id: 'l1',
        ok: true,
        exitCode: 0,
        output: '*-.   ac1f1a4 (HEAD -> master) merge round 2: comparisons\n|\\ \\\n| | * 9877e04 alice: comparison',
      },
    ];
    expect(buildTrail(merge, '/repo', '/repo').commits.map((c) => c.text)).toEqual(['ac1f1a4 merged alice/plan, bob/teams: merge round 2: comparisons']);
    expect(buildTrail(merge.slice(0, 2), '/repo', '/repo').commits.map((c) => c.text)).toEqual(['merged alice/plan, bob/teams: merge round 2: comparisons']);
  });

  it('a merge takes no hash that another commit with its subject may own, and a squash is no commit (review findings)', () => {
    const run = (id: string, command: string, output: string): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok: true, exitCode: 0, output },
    ];
    const made = "Merge made by the 'ort' strategy.";
    const commits = (events: TranscriptEvent[]) => buildTrail(events, '/repo', '/repo').commits.map((c) => c.text);
    // Two merges with one message: the listing names two commits, neither merge is said to be a given one.
    expect(
      commits([
        ...run('m1', 'git merge --no-ff alice -m "merge round"', made),
        ...run('m2', 'git merge --no-ff bob -m "merge round"', made),
        ...run('l1', 'git log --oneline -3', 'bbbbbbb (HEAD -> main) merge round\naaaaaaa merge round\nccccccc init'),
      ]),
    ).toEqual(['merged alice: merge round', 'merged bob: merge round']);
    // A merge undone and made again: the listing after the second names the second's commit only.
    expect(
      commits([
        ...run('m1', 'git merge --no-ff alice -m "merge round"', made),
        ...run('r1', 'git reset --hard HEAD~1', 'HEAD is now at ccccccc init'),
        ...run('m2', 'git merge --no-ff alice -m "merge round"', made),
        ...run('l1', 'git log --oneline -2', 'ddddddd (HEAD -> main) merge round\nccccccc init'),
      ]),
    ).toEqual(['merged alice: merge round', 'reset --hard: HEAD is now at ccccccc init', 'ddddddd merged alice: merge round']);
    // git merge --squash says "Fast-forward" too, and commits nothing: its files are staged, no merge is made.
    const squash =
      'Updating 7276b8c..b2d8fcc\nFast-forward\nSquash commit -- not updating HEAD\n a.txt     | 1 +\n sub/b.txt | 1 +\n 2 files changed, 2 insertions(+)\n create mode 100644 sub/b.txt';
    expect(mergedRefs('git merge --squash feat', squash)).toBeUndefined();
    const squashed = buildTrail(run('s1', 'git merge --squash feat', squash), '/repo', '/repo');
    expect(squashed.commits).toEqual([]);
    expect(squashed.files.map((f) => `${f.op} ${f.path}`)).toEqual(['created sub/b.txt', 'modified a.txt']);
    // Committed in the same command: that commit is in the trail.
    expect(commits(run('s2', 'git merge --squash feat && git commit -m "feat work"', `${squash}\n[main 1234567] feat work`))).toEqual([
      '1234567 feat work (on main)',
    ]);
  });

  it('the files a merge brought in are in the trail, as git listed them; not those of a pull, a conflicted merge or a merge that did nothing', () => {
    const merged = [
      "Merge made by the 'octopus' strategy.",
      ' work/research-beads.md     | 120 +++++++++',
      ' work/research-plan-mode.md | 101 ++++++++',
      ' src/old.ts                 |  12 ----',
      ' 3 files changed, 221 insertions(+), 12 deletions(-)',
      ' create mode 100644 work/research-beads.md',
      ' create mode 100644 work/research-plan-mode.md',
      ' delete mode 100644 src/old.ts',
    ].join('\n');
    const run = (id: string, command: string, output: string, ok = true): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output },
    ];
    const files = (events: TranscriptEvent[]) => buildTrail(events, '/repo', '/repo/sub').files.map((f) => `${f.op} ${f.path}`);
    // Named from the top of the repository, though the session ran in a subdirectory.
    expect(files(run('m1', 'git merge --no-ff alice/plan carol/beads -m "merge round 1"', merged))).toEqual([
      'created work/research-beads.md',
      'created work/research-plan-mode.md',
      'deleted src/old.ts',
    ]);
    expect(files(run('m2', 'git pull', merged.replace("Merge made by the 'octopus' strategy.", 'Updating 1a2b3c4..5d6e7f8\nFast-forward')))).toEqual([]);
    expect(files(run('m3', 'git merge alice/plan', `Auto-merging work/a.md\nCONFLICT (content): Merge conflict in work/a.md\n${merged}`, false))).toEqual([]);
    expect(files(run('m4', 'git merge alice/plan', 'Already up to date.'))).toEqual([]);
  });

  it('the prompt names the values commands printed: an installed version, a URL, a test count; not a listing or a docs link', () => {
    const run = (id: string, command: string, output: string, ok = true): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output },
    ];
    const events: TranscriptEvent[] = [
      ...run('c1', 'pnpm install', 'Progress: resolved 54\n+ vite 5.4.21 (7.2.2 is available)\nDone in 797ms'),
      ...run('c2', 'mix deps.get', Array.from({ length: 40 }, (_, i) => `  dep_${i} 1.${i}.0`).join('\n')),
      ...run('c3', 'pytest', '68 passed in 0.41s\n-- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html'),
      ...run('c4', 'tool 2>&1 | head -3', 'Using PR for current branch: https://github.com/acme/tool/pull/2'),
      ...run('c5', 'npm test', 'FAIL: 3 failed, https://example.com/should-not-show', false),
      // A terminal's capture cuts its lines at its width: a URL cut short leads nowhere.
      ...run(
        'c6',
        'tmux capture-pane -p -t worker',
        '587 +- [Vercel agent-eval](https://github.com/vercel-\n588 +- [Datasets](https://hug\n589 +- [Spec](https://arize-ai.g',
      ),
    ];
    // A checker's all-clear, as it said it, beside the newest test count.
    expect(outputValues(buildTrail([...events, ...run('c7', 'uv run ty check', 'All checks passed!')], '/repo', '/repo').commands).slice(0, 3)).toEqual([
      'All checks passed',
      'https://github.com/acme/tool/pull/2',
      '68 passed',
    ]);
    expect(outputValues(buildTrail(events, '/repo', '/repo').commands)).toEqual([
      'https://github.com/acme/tool/pull/2',
      '68 passed',
      'dep_0 1.0.0',
      'dep_1 1.1.0',
      'vite 5.4.21',
    ]);
  });

  it('a short change is shown as written: an ignore rule a command appended, a config line an edit wrote', () => {
    expect(echoedInto('git reset HEAD pkg/__pycache__ && echo "__pycache__/" >> .gitignore && git add .gitignore', '.gitignore')).toBe('__pycache__/');
    expect(echoedInto("printf 'dist/\\n' >> ./.gitignore", '.gitignore')).toBe('dist/');
    // printf's and echo -e's escapes are the lines written, not a literal backslash-n.
    expect(echoedInto("printf '\\n## sum(a, b)\\nAdds two numbers.\\n' >> README.md", 'README.md')).toBe('## sum(a, b); Adds two numbers.');
    expect(echoedInto('echo -e "a\\tb\\nc" >> notes.txt', 'notes.txt')).toBe('a b; c');
    expect(echoedInto('echo "keep \\n as written" >> notes.txt', 'notes.txt')).toBe('keep \\n as written');
    expect(echoedInto('echo "x" >> other.txt', '.gitignore')).toBeUndefined();
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c1', command: 'echo "__pycache__/" >> .gitignore' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      { kind: 'edit', id: 'e1', paths: ['/repo/config.ts'], change: 'compaction: { auto: true, prune: true },' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
    ];
    const env = isolatedEnv();
    const manifest = JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: tempRepo(env), env }).stdout).manifest;
    const lines = trailBrief(buildTrail(events, '/repo', '/repo'), manifest);
    expect(lines).toContain('- .gitignore (modified; wrote "__pycache__/")');
    expect(lines).toContain('- config.ts (modified; wrote "compaction: { auto: true, prune: true },")');
  });

  it('says nothing false about pushes, merges, refusals and values it cannot be sure of (review findings)', () => {
    const out = 'To x\n   1111111..2222222  main -> main\n';
    expect(pushedRefs('git push 2>&1 | tail -5', out)).toBe('pushed main (1111111..2222222)');
    expect(pushedRefs('git push && git status', out)).toBe('pushed main (1111111..2222222)');
    expect(pushedRefs('git push -o ci.skip origin main', out)).toBe('pushed main to origin (1111111..2222222)');
    expect(pushedRefs('git push --dry-run origin main', out)).toBeUndefined();
    expect(pushedRefs('git push -f origin x', 'To y\n + 1234567...89abcde x -> x (forced update)')).toBe('pushed x to origin (1234567...89abcde, forced)');
    expect(mergedRefs('git merge --squash feature', 'Squash commit -- not updating HEAD')).toBeUndefined();
    expect(mergedRefs('git merge --no-commit feature', 'Automatic merge went well; stopped before committing as requested')).toBeUndefined();
    expect(mergedRefs('git merge -s ours x', "Merge made by the 'ours' strategy.")).toBe('merged x');
    expect(echoedInto('echo a > sub/.gitignore && echo b > .gitignore', '.gitignore')).toBe('b');
    expect(echoedInto("printf '%s\\n' x > f", 'f')).toBeUndefined();
    const run = (id: string, command: string, output: string): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok: true, exitCode: 0, output },
    ];
    const tool = (id: string, name: string, output: string): TranscriptEvent[] => [
      { kind: 'tool', id, name, input: { q: 'x' } },
      { kind: 'result', id, ok: true, output },
    ];
    const events: TranscriptEvent[] = [
      ...run('c1', 'pytest', '40 passed in 1s'),
      ...run('c2', 'act -j test', 'consider upgrading to 0.2.78\nfeature deprecated since 2.0.0'),
      ...run('c3', 'tool --help', 'EXAMPLES:\n  tool https://github.com/owner/repo/pull/123'),
      ...run('c4', 'curl -v https://x.test', 'Location: https://x.test/a?token=[REDACTED:secret]'),
      ...run('c5', 'pytest', 'platform linux -- Python 3.12.3, pytest-8.4.1\ncoverage: platform linux, python 3.12.3-final-0\n68 passed in 1s'),
      ...tool('t1', 'WebSearch', 'Docker "permission denied" fixes: add the user to the docker group'),
      ...tool('t2', 'mcp__db__query', 'rows: 3\n(the note column says: access denied for guests)'),
      ...tool('t3', 'js', 'Browser Use rejected this action due to browser security policy.'),
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(outputValues(trail.commands)).toEqual(['Python 3.12.3', '68 passed']);
    expect(trail.tools.map((t) => t.outcome)).toEqual(['ok', 'ok', 'failed']);
    const apiError: TranscriptEvent[] = [
      { kind: 'ask', text: 'Deploy it' },
      ...run('c9', 'npm run migrate', 'done'),
      { kind: 'say', text: 'API Error: 529 Overloaded', harness: true },
    ];
    expect(sessionEnd(apiError)).toBe("on the harness's message: API Error: 529 Overloaded");
    expect(buildTrail(apiError, '/repo', '/repo').answers).toEqual([]);
  });

  it('a file whose changes were not all short, or that had a removal only, shows no "wrote"; harness files are not "read"', () => {
    const events: TranscriptEvent[] = [
      { kind: 'edit', id: 'e1', paths: ['/repo/README.md'], change: `# Setup\n${'Long text of the readme.\n'.repeat(10)}` },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'edit', id: 'e2', paths: ['/repo/README.md'], change: 'One more line.' },
      { kind: 'result', id: 'e2', ok: true, output: '' },
      { kind: 'edit', id: 'e3', paths: ['/repo/NOTES.md'] },
      { kind: 'result', id: 'e3', ok: true, output: '' },
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/home/u/.claude/projects/p/s/tool-results/toolu_1.txt' } },
      { kind: 'tool', id: 'r2', name: 'Read', input: { file_path: '/repo/src/app.ts' } },
    ];
    const env = isolatedEnv();
    const manifest = JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: tempRepo(env), env }).stdout).manifest;
    const lines = trailBrief(buildTrail(events, '/repo', '/repo'), manifest);
    expect(lines).toContain('- README.md (modified)');
    expect(lines).not.toContain('Files the session changed: none that its log shows');
    // A session that changed nothing says so (its results are in its messages); not when an edit's files are hidden.
    const ask: TranscriptEvent[] = [
      { kind: 'ask', text: 'Write a poem about green curry' },
      { kind: 'say', text: 'Here it is: …' },
    ];
    expect(trailBrief(buildTrail(ask, '/repo', '/repo'), manifest)).toContain('Files the session changed: none that its log shows');
    const hidden: TranscriptEvent[] = [...ask, { kind: 'tool', id: 'p1', name: 'apply_patch', input: {} }, { kind: 'result', id: 'p1', ok: true, output: '' }];
    expect(trailBrief(buildTrail(hidden, '/repo', '/repo'), manifest).join('\n')).not.toContain('none that its log shows');
    // Nor when a subagent did the work (its edits are in its own log).
    const delegated: TranscriptEvent[] = [
      ...ask,
      { kind: 'tool', id: 't1', name: 'Task', input: { prompt: 'write the parser' } },
      { kind: 'result', id: 't1', ok: true, output: 'Done' },
    ];
    expect(trailBrief(buildTrail(delegated, '/repo', '/repo'), manifest).join('\n')).not.toContain('none that its log shows');
    // Files a formatter rewrote without naming them are counted, so the list does not read as all.
    const formatted: TranscriptEvent[] = [
      ...ask,
      { kind: 'edit', id: 'e1', paths: ['/repo/ci.yml'], change: 'on: push' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'command', id: 'f1', command: 'uv run ruff format' },
      { kind: 'result', id: 'f1', ok: true, exitCode: 0, output: '6 files reformatted, 10 files left unchanged' },
    ];
    expect(trailBrief(buildTrail(formatted, '/repo', '/repo'), manifest)).toContain(
      '- 6 files reformatted by `uv run ruff format` (its output does not name them; some may be above)',
    );
    // The agent's last message came before the user's newest request: said so (it is older than the work in hand).
    const later: TranscriptEvent[] = [
      { kind: 'ask', text: 'Publish the session as a gist', at: '2026-01-21T16:00:00Z' },
      { kind: 'say', text: 'The hook did not run: start a fresh session with the plugin loaded.', at: '2026-01-21T16:05:00Z' },
      { kind: 'ask', text: 'I reinstalled the plugin, publish it again now', at: '2026-01-21T21:37:00Z' },
      { kind: 'command', id: 'c9', command: 'python3 scripts/publish.py 88f0', at: '2026-01-21T21:38:00Z' },
    ];
    expect(trailBrief(buildTrail(later, '/repo', '/repo'), manifest)).toContain(
      "The agent's last message, before the user's last message, ended: The hook did not run: start a fresh session with the plugin loaded.",
    );
    expect(trailBrief(buildTrail(later.slice(0, 2), '/repo', '/repo'), manifest)).toContain(
      "The agent's last message ended: The hook did not run: start a fresh session with the plugin loaded.",
    );
    // A plan in Markdown that quotes code defines nothing of the project.
    const plan: TranscriptEvent[] = [
      { kind: 'edit', id: 'p1', paths: ['/repo/PLAN.md'], change: '## Step 1\n```python\ndef is_tar_archive(path):\n    ...\n```' },
      { kind: 'result', id: 'p1', ok: true, output: '' },
    ];
    expect(trailBrief(buildTrail(plan, '/repo', '/repo'), manifest).join('\n')).not.toContain('defines is_tar_archive');
    expect(lines).toContain('- NOTES.md (modified)');
    expect(lines).toContain('Files read, not changed (newest first): src/app.ts');
  });

  it('says how the session ended: its last turn completed, cut off mid-call, interrupted, or on an unanswered message', () => {
    const call: TranscriptEvent[] = [
      { kind: 'ask', text: 'Run the tests' },
      { kind: 'command', id: 'c1', command: 'npm test' },
    ];
    expect(sessionEnd([...call, { kind: 'result', id: 'c1', ok: true, output: '' }, { kind: 'turn-end' }])).toBe(
      'after its last turn completed, no tool call pending',
    );
    expect(sessionEnd([...call, { kind: 'result', id: 'c1', ok: true, output: '' }, { kind: 'say', text: 'All pass.' }])).toBe(
      'after its last turn completed, no tool call pending',
    );
    expect(sessionEnd(call)).toBe('mid-turn: `npm test` without a result');
    // A long one is said up to the branch it made and what it pushed: whether that ran is the first thing to check.
    const push =
      'git fetch --no-tags origin main && git log origin/main..HEAD --oneline && git switch -c docs/contract-design-standards origin/main && git add AGENTS.md && git commit -m "docs: standards" && git push -u origin HEAD';
    expect(
      sessionEnd([
        { kind: 'ask', text: 'Commit and push it' },
        { kind: 'command', id: 'c2', command: push },
      ]),
    ).toMatch(
      /^mid-turn: `git fetch .*git switch -c docs\/contract-design-standards origin\/main && git add AGENTS\.md && git commit -m .*` without a result$/,
    );
    // A call left without a result before the agent's last words: the turn finished, no more is said.
    expect(sessionEnd([...call, { kind: 'say', text: 'The tests hang; stopping here.' }])).toBe('after its last turn completed');
    expect(sessionEnd([...call, { kind: 'interrupt' }])).toBe('interrupted by the user');
    expect(
      sessionEnd([...call, { kind: 'result', id: 'c1', ok: true, output: '' }, { kind: 'say', text: 'Done.' }, { kind: 'ask', text: 'Now deploy it' }]),
    ).toBe('on a user message the agent had not answered');
    // A subagent's calls are not the session's.
    expect(
      sessionEnd([
        ...call,
        { kind: 'result', id: 'c1', ok: true, output: '' },
        { kind: 'say', text: 'Done.' },
        { kind: 'tool', id: 't9', name: 'Grep', input: {}, sidechain: true },
      ]),
    ).toBe('after its last turn completed, no tool call pending');
    // A subagent's own log (all of it sidechain): its last message is its report to the session that started it.
    const own = (events: TranscriptEvent[]) => events.map((e) => ({ ...e, sidechain: true }));
    expect(sessionEnd(own([...call, { kind: 'result', id: 'c1', ok: true, output: '' }, { kind: 'say', text: 'Report: all 40 pass.' }]))).toBe(
      'with its report: its last message, returned to the session that started it (a subagent)',
    );
    expect(sessionEnd(own(call))).toBe('mid-turn: `npm test` without a result');
    expect(sessionFacts({ model: 'gpt-5' }, 'codex', call).map((f) => f.text)).toEqual([
      'agent: codex',
      'model: gpt-5',
      'ended: mid-turn: `npm test` without a result',
    ]);
  });

  it("adds to the resume prompt what the manifest leaves out: the files changed and what they define, the user's other words, within its budget", () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['save', '-q', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const prompt = cli(['resume', '--prompt'], { cwd: repo, env }).stdout;
    const brief = prompt.slice(prompt.indexOf("From the session's trail:"), prompt.indexOf('\nBranch:'));
    expect(brief).toContain('- src/ratelimit.ts (created; defines TokenBucket)');
    // The user's request is in the manifest already: not said twice.
    expect(brief).not.toContain('Add client-side rate limiting');
    // A long session: every section bounded, trivial messages ("ok") left out, the newest words kept.
    const manifest = JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: repo, env }).stdout).manifest;
    const events: TranscriptEvent[] = [
      ...Array.from({ length: 200 }, (_, i): TranscriptEvent => ({
        kind: 'ask',
        text: `request number ${i}: ${'please also handle the edge case '.repeat(8)}`,
      })),
      { kind: 'ask', text: 'ok' },
      { kind: 'ask', text: 'Excellent work, thank you!' },
      ...Array.from({ length: 100 }, (_, i): TranscriptEvent => ({
        kind: 'edit',
        id: `e${i}`,
        paths: [`/repo/src/file${i}.ts`],
        change: `export function handler${i}() {}`,
      })),
      { kind: 'say', text: 'All done; the last step is to run the release script.' },
    ];
    const lines = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({ model: 'claude-opus-5-5' }, 'claude-code', events) }, manifest);
    expect(lines).toContain('Session: claude-code · claude-opus-5-5 · ended after its last turn completed');
    expect(lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(BRIEF_BYTES);
    expect(lines.join('\n')).toContain('request number 199');
    expect(lines).not.toContain('- "ok"');
    expect(lines.join('\n')).not.toContain('Excellent work');
    expect(lines.join('\n')).toContain('src/file99.ts (modified; defines handler99)');
    expect(lines.at(-1)).toBe("The agent's last message ended: All done; the last step is to run the release script.");
  });

  it("gives the agent's last message as much of its end as the brief has room for: a discussion's conclusion is in its last paragraphs", () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['save', '-q', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const manifest = JSON.parse(cli(['save', '-t', SAMPLE, '--dry-run', '--json'], { cwd: repo, env }).stdout).manifest;
    const conclusion = 'A pragmatic middle ground: use the split lightly as a naming convention (a prefix or a tag) rather than a directory tree.';
    const last = `The split works best once a project has settled. ${'It reduces noise for newcomers and gives them an entry point. '.repeat(6)}${conclusion} ${'In short, the idea is sound but the tree over-commits. '.repeat(6)}`;
    const brief = (events: TranscriptEvent[]): string =>
      trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, manifest).join('\n');
    const ask: TranscriptEvent = { kind: 'ask', text: 'Give me a balanced opinion on the dev-docs and work split' };
    expect(brief([ask, { kind: 'say', text: last }])).toContain(conclusion);
    // A crowded brief still ends on the message, shorter, within its budget.
    const crowded = [
      ...Array.from({ length: 60 }, (_, i): TranscriptEvent => ({
        kind: 'edit',
        id: `e${i}`,
        paths: [`/repo/src/file${i}.ts`],
        change: `export function handler${i}() {}`,
      })),
      ...Array.from({ length: 40 }, (_, i): TranscriptEvent => ({
        kind: 'ask',
        text: `request number ${i}: ${'please also handle the edge case '.repeat(8)}`,
      })),
      { kind: 'say', text: last } as TranscriptEvent,
    ];
    const lines = brief(crowded).split('\n');
    expect(lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(BRIEF_BYTES);
    expect(lines.find((l) => l.startsWith("The agent's last message ended: "))).toMatch(/the tree over-commits\.$/);
    // Longer than the room: its start (what it reports) and its end (what it asks next).
    const long = brief([ask, { kind: 'say', text: `${last.repeat(3)} Ready to start with step 1.1?` }]);
    expect(long).toMatch(
      /^The agent's last message, its start and end: The split works best once a project has settled\. .*… .*Ready to start with step 1\.1\?$/m,
    );
    // Cut where a word ends and where one starts: no half word on either side of the "…".
    const [before, after] = long
      .split('\n')
      .find((l) => l.includes(', its start and end: '))!
      .split('… ');
    const words = new Set(`${last} Ready to start with step 1.1?`.split(/\s+/));
    expect(words.has(before!.split(' ').at(-1)!)).toBe(true);
    expect(words.has(after!.split(' ')[0]!)).toBe(true);
    // Longer than the trail keeps of it (8,000 characters): what is shown is not said to be how it ended.
    const longer = brief([ask, { kind: 'say', text: `${last.repeat(12)} Ready to start with step 1.1?` }]);
    expect(longer).toMatch(/^From the agent's last message: /m);
    expect(longer).not.toContain("The agent's last message ended");
    expect(longer).not.toContain('Ready to start with step 1.1?');
  });

  it('is stored beside the manifest, adds only new chunks on a later save, travels with sync, and recall reads it', () => {
    const { env, clones } = clonesOfOneRemote('alice', 'bob');
    const repo = clones.alice;
    const dir = tempDir('gs-trail-');
    const lines = [
      { type: 'user', sessionId: 'tr-1', cwd: repo, message: { role: 'user', content: 'Fix the parser. The public v2 API must keep working.' } },
      claudeAssistant({
        id: 'a1',
        tokens: 20_000,
        sessionId: 'tr-1',
        cwd: repo,
        content: [{ type: 'tool_use', id: 'b1', name: 'Bash', input: { command: 'npm test' } }],
      }),
      {
        type: 'user',
        sessionId: 'tr-1',
        cwd: repo,
        message: {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'b1',
              is_error: true,
              content: 'Exit code 1\nTypeError: parse is not a function\n    at test/parser.test.js:3:10',
            },
          ],
        },
      },
    ];
    const path = writeJsonl(join(dir, 'tr-1.jsonl'), lines);
    expect(cli(['save', '-t', path], { cwd: repo, env }).status).toBe(0);
    const files = git(repo, ['ls-tree', '-r', '--name-only', 'refs/agentflow/sessions'], env).split('\n');
    expect(files.some((f) => /\/tr-1\/trail\/commands\/0000\.jsonl$/.test(f))).toBe(true);
    const r = cli(['recall', 'what', 'error', 'did', 'npm', 'test', 'give', '--json'], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).hits[0].text).toContain('TypeError: parse is not a function');
    // Shared: bob recalls it by session after a sync.
    expect(cli(['sync'], { cwd: repo, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: clones.bob, env }).status).toBe(0);
    const theirs = JSON.parse(cli(['recall', '-s', 'tr-1', 'TypeError', '--json'], { cwd: clones.bob, env }).stdout);
    expect(theirs.hits[0].text).toContain('parse is not a function');
    // A later save of the same session writes only the chunks that changed.
    writeJsonl(path, [...lines, { type: 'user', sessionId: 'tr-1', cwd: repo, message: { role: 'user', content: 'Also keep the old --sep flag.' } }]);
    const before = git(repo, ['rev-parse', 'refs/agentflow/sessions'], env);
    expect(cli(['save', '-t', path], { cwd: repo, env }).status).toBe(0);
    const changed = git(repo, ['diff', '--name-only', before, 'refs/agentflow/sessions'], env)
      .split('\n')
      .filter((f) => f.includes('/trail/'));
    expect(changed.every((f) => /trail\/(?:session|asks|decisions|answers)\//.test(f))).toBe(true);
    expect(changed.some((f) => f.includes('trail/commands/'))).toBe(false);
  });

  it('every save stores a trail beside the manifest', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['save', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const tree = spawnSync('git', ['ls-tree', '-r', 'refs/agentflow/sessions'], { cwd: repo, env, encoding: 'utf8' }).stdout;
    expect(tree).toMatch(/trail\/commands\/0000\.jsonl/);
  });
});

describe("what the trail's chunks cost compressed, kept between saves", () => {
  const trail = (n: number) => {
    // Text that does not compress away: each step names hashes of its own.
    const hashes = (i: number) => Array.from({ length: 8 }, (_, j) => createHash('sha1').update(`${i}.${j}`).digest('hex')).join(' ');
    const events: TranscriptEvent[] = Array.from({ length: n }, (_, i) => ({ kind: 'ask' as const, text: `step ${i}: check ${hashes(i)}` }));
    return { ...buildTrail(events, '/tmp/p'), session: [] };
  };

  it('are taken from what an earlier save measured, and the files are the same as measured afresh', () => {
    const first = new ChunkSizes();
    const files = trailFiles(trail(200), 4096, first);
    expect(first.used.size).toBeGreaterThan(0);
    // A later save of the session: the chunks it shares with the earlier one are not deflated again.
    const later = new ChunkSizes(first.used);
    expect(trailFiles(trail(200), 4096, later)).toEqual(files);
    expect(later.changed()).toBe(false);
    const grown = new ChunkSizes(first.used);
    expect(trailFiles(trail(230), 4096, grown)).toEqual(trailFiles(trail(230), 4096));
    expect(grown.changed()).toBe(true);
    // What is kept is what is used: sizes of a known chunk come from the map, whatever they say.
    const lying = new ChunkSizes(new Map([...first.used].map(([k]) => [k, 1])));
    expect(trailFiles(trail(200), 4096, lying)).not.toEqual(files);
  });
});

describe("the user's own words in the brief", () => {
  it('shows a long task when it is the only one, files and all, from where the manifest quoting its start leaves off', async () => {
    const { extractManifest } = await import('../../src/extract/index.js');
    const { finalizeManifest } = await import('../../src/manifest/index.js');
    const { measurePressure } = await import('../../src/monitor/pressure.js');
    const task =
      'I need to understand: 1. How Store.load/1 works and what happens if the cache file is missing (will it crash or return {:error, _}?) 2. How Registry.lookup/1 works (ETS or GenServer?) 3. Check if there is a conn_case.ex anywhere in the project\nLook in:\n- lib/app/services/store.ex\n- lib/app/services/registry.ex\n- test/support/\nReport the key findings.';
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: task, sidechain: true },
      { kind: 'say', text: 'Done: Store.load/1 returns {:error, :enoent}; Registry.lookup/1 reads ETS; no conn_case.ex.', sidechain: true },
    ];
    const transcript = {
      agent: 'claude-code' as const,
      path: '/tmp/agent-x.jsonl',
      meta: { sessionId: 'sub' },
      events,
      stats: { lines: 2, skipped: 0, bytes: 1 },
    };
    const m = (
      await finalizeManifest(extractManifest({ transcript, pressure: measurePressure(1000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } }))
    ).manifest;
    expect(JSON.stringify(m)).not.toContain('lib/app/services/registry.ex');
    const lines = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: [] }, m).join('\n');
    expect(lines).toContain('lib/app/services/registry.ex - test/support/ Report the key findings."');
    expect(lines).not.toContain('"I need to understand');
    // Many asks keep the short bound each.
    const many = Array.from({ length: 12 }, (_, i): TranscriptEvent => ({
      kind: 'ask',
      text: `Please also handle case ${i} of the parser ${'with care '.repeat(40)}`,
    }));
    const brief = trailBrief({ ...buildTrail(many, '/repo', '/repo'), session: [] }, m).filter((l) => l.startsWith('- "Please'));
    for (const l of brief) expect(l.length).toBeLessThan(260);
  });
});

describe('files git put back', () => {
  it('are what git checkout -- and git restore name, not a staged-only restore, "." or a pattern', () => {
    expect(filesGitRestored('git checkout -- src/a.ts src/b.ts')).toEqual(['src/a.ts', 'src/b.ts']);
    expect(filesGitRestored('git checkout HEAD~1 -- README.md && npm test')).toEqual(['README.md']);
    expect(filesGitRestored('git restore src/a.ts')).toEqual(['src/a.ts']);
    expect(filesGitRestored('git restore --source HEAD~2 -- lib/x.py')).toEqual(['lib/x.py']);
    expect(filesGitRestored('git restore --staged src/a.ts')).toEqual([]);
    expect(filesGitRestored('git restore --staged --worktree src/a.ts')).toEqual(['src/a.ts']);
    expect(filesGitRestored('git restore . && git checkout -- "*.ts"')).toEqual([]);
    expect(filesGitRestored('git checkout main')).toEqual([]);
  });

  it('are said restored in the trail and the brief, and what the session wrote there before is not said', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Try a faster parser, and undo it if the tests fail' },
      { kind: 'edit', id: 'e1', paths: ['/repo/src/parse.ts'], change: 'export function fastParse(s: string) {' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'command', id: 'c1', command: 'git checkout -- src/parse.ts' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      { kind: 'say', text: 'The tests failed with it; I put src/parse.ts back.' },
    ];
    const trail = { ...buildTrail(events, '/repo', '/repo'), session: [] };
    expect(trail.files.map((f) => `${f.op} ${f.path}`)).toEqual(['modified src/parse.ts', 'restored src/parse.ts']);
    const m = JSON.parse(
      cli(['save', '-t', join(PROJECT, 'examples', 'sample-session.jsonl'), '--dry-run', '--json'], { cwd: tempRepo(isolatedEnv()), env: isolatedEnv() })
        .stdout,
    ).manifest;
    const brief = trailBrief(trail, m).join('\n');
    expect(brief).toContain('- src/parse.ts (modified, restored)');
    expect(brief).not.toContain('fastParse');
  });
});
