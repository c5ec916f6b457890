import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TrailEntry } from '../../src/trail/build.js';
import { fileEntries, namedInQuestion, namesFile } from '../../src/trail/entries.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** A pytest run with coverage: progress lines, then the table, then the count. */
const pytest = (count: number, missing: string): string =>
  [
    'platform linux -- Python 3.12.3, pytest-8.4.1, pluggy-1.6.0',
    'plugins: cov-6.2.1',
    ...Array.from({ length: 12 }, (_, i) => `tests/test_${i}.py ........                      [${String(8 * (i + 1)).padStart(3)}%]`),
    'Name                             Stmts   Miss Branch BrPart  Cover   Missing',
    'pkg/__init__.py                      2      0      0      0   100%',
    `pkg/core.py                        190      0     66      1    99%   ${missing}`,
    'TOTAL                              192      0     66      1    99%',
    'Coverage HTML written to dir htmlcov',
    `============================== ${count} passed in 4.22s ==============================`,
  ].join('\n');

/** An Edit of `path` in /repo that wrote `change`, and its result. */
const edited = (id: string, path: string, change: string): TranscriptEvent[] => [
  { kind: 'edit', id, paths: [`/repo/${path}`], change, tool: 'Edit' },
  { kind: 'result', id, ok: true, output: '' },
];

const run = (id: string, output: string, at: string): TranscriptEvent[] => [
  { kind: 'command', id, command: 'pytest', at },
  { kind: 'result', id, ok: true, exitCode: 0, output, at },
];

describe('recall', () => {
  it("keeps a command's lines that state a percentage (a coverage row), not a runner's progress marks", () => {
    const t = buildTrail(run('c1', pytest(68, '200->exit'), '2026-12-01T10:00:00Z'), '/repo', '/repo');
    const output = t.commands[0]!.output!;
    expect(output).toContain('99%   200->exit');
    expect(output).not.toMatch(/\[\s*\d+%\]/);
    // With the header of its table (what the columns are), and a tail from a line's start.
    expect(output).toContain('Name                             Stmts   Miss Branch BrPart  Cover   Missing\npkg/__init__.py');
    expect(output).toMatch(/^TOTAL {2,}192/m);
  });

  it("says a file's actions each once, where last done and how often: a file read and edited three times is not listed six times", () => {
    const round = (n: number): TranscriptEvent[] => [
      { kind: 'tool', id: `r${n}`, name: 'Read', input: { file_path: '/repo/src/app.ts' } },
      { kind: 'edit', id: `e${n}`, paths: ['/repo/src/app.ts'], change: `export const step${n} = ${n};`, tool: 'Edit' },
    ];
    const events = [
      ...round(1),
      ...round(2),
      ...round(3),
      { kind: 'edit', id: 'w', paths: ['/repo/notes.md'], change: 'draft', tool: 'Write' },
      { kind: 'command', id: 'c', command: 'rm notes.md', cwd: '/repo' },
      { kind: 'result', id: 'c', ok: true, exitCode: 0, output: '' },
    ] as TranscriptEvent[];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const app = recall(trails, 'what changed in src/app.ts').find((h) => h.kind === 'files')!;
    expect(app.line).toMatch(/^file src\/app\.ts: read ×3, modified \(Edit\) ×3; edits define step3, step2, step1:/);
    // Actions done once keep their order: the file was written, then deleted.
    expect(recall(trails, 'what happened to notes.md').find((h) => h.kind === 'files')!.line).toMatch(
      /^file notes\.md: modified \(Write\), deleted \(`rm notes\.md`\)/,
    );
  });

  it("shows what a file says now: a draft's lines a later edit removed are not shown as its content, and still find it", () => {
    const events = [
      {
        kind: 'edit',
        id: 'e1',
        paths: ['/repo/DESIGN.md'],
        change: '## Storage\nKeep every record in one metrics.jsonl file per session, typed by recordType.\nWrite each record atomically with a rename.',
        tool: 'Write',
      },
      {
        kind: 'edit',
        id: 'e2',
        paths: ['/repo/DESIGN.md'],
        removed: 'Keep every record in one metrics.jsonl file per session, typed by recordType.',
        change: 'Extend syncState in the existing sessions/{id}.json file with one conversationId field.',
        tool: 'Edit',
      },
    ] as TranscriptEvent[];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hit = recall(trails, 'which file keeps the records, per the storage design in DESIGN.md?').find((h) => h.kind === 'files')!;
    expect(hit.line).toContain('sessions/{id}.json');
    expect(hit.line).toContain('Write each record atomically');
    // The rejected draft only as what was removed.
    expect(hit.line.split('metrics.jsonl').length - 1).toBe(1);
    expect(hit.line).toContain('removed: Keep every record in one metrics.jsonl');
    expect(recall(trails, 'recordType metrics.jsonl').some((h) => h.kind === 'files')).toBe(true);
  });

  it("says at most a file's last six actions, however many different commands changed it, and how many came before", () => {
    const events = Array.from({ length: 20 }, (_, i): TranscriptEvent[] => [
      {
        kind: 'command',
        id: `c${i}`,
        command: `sed -i 's/^export const limit${i} = .*$/export const limit${i} = ${i * 1000} \\/\\/ raised for the load test/' src/app.ts`,
      },
      { kind: 'result', id: `c${i}`, ok: true, exitCode: 0, output: '' },
    ]).flat();
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hit = recall(trails, 'what changed in src/app.ts').find((h) => h.kind === 'files')!;
    // Twenty commands of some 100 characters each would fill the 2 KB of an answer, cut off before the last.
    expect(hit.line).toContain('limit19 = 19000');
    expect(hit.line).toMatch(/\(and 14 earlier\)/);
    expect(hit.line).not.toContain('limit13 =');
  });

  it('shows a command run again with the same outcome once, and its last run when the question asks for the last', () => {
    const events = [
      ...run('c1', pytest(65, '163->165'), '2026-12-01T10:00:00Z'),
      { kind: 'say', text: 'Adding a test for the directory branch.', at: '2026-12-01T10:05:00Z' } as TranscriptEvent,
      ...run('c2', pytest(66, '170->172'), '2026-12-01T10:10:00Z'),
      ...run('c3', pytest(68, '200->exit'), '2026-12-01T10:20:00Z'),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hits = recall(trails, 'which branch is still missing coverage after the last pytest run');
    const runs = hits.filter((h) => h.kind === 'commands');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.line).toContain('200->exit');
    // Without "last", the same runs are still said once.
    expect(recall(trails, 'pytest coverage').filter((h) => h.kind === 'commands')).toHaveLength(1);
  });

  it('answers a question about the last test run with the newest run of the tests, spelled otherwise, and its counts and coverage (not a lint after it)', () => {
    const cmd = (id: string, command: string, output: string, at: string): TranscriptEvent[] => [
      { kind: 'command', id, command, at },
      { kind: 'result', id, ok: true, exitCode: 0, output, at },
    ];
    const events = [
      // An earlier run with every word of the question in it, then the last one, then a lint.
      ...cmd(
        'c1',
        'pytest --cov-fail-under=99',
        `${pytest(65, '163->165')}\nFAIL Required test coverage of 99% not reached; test count and branch coverage below`,
        '2026-12-01T10:00:00Z',
      ),
      ...cmd('c2', '(source .venv/bin/activate && pytest)', pytest(68, '200->exit'), '2026-12-01T10:20:00Z'),
      ...cmd('c3', 'ruff check src/', 'All checks passed!', '2026-12-01T10:21:00Z'),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const first = recall(trails, 'What were the test count and branch coverage after the last test run?')[0]!;
    expect(first.line).toMatch(/^command `\(source \.venv\/bin\/activate && pytest\)`/);
    expect(first.line).toContain('200->exit');
    expect(first.line).toContain('68 passed');
    // Not asked for the last: the best match leads, as before.
    expect(recall(trails, 'What were the test count and branch coverage?')[0]!.line).toContain('pytest --cov-fail-under=99');
  });

  it('shows a rerun of a command that answers less well than an earlier run, when it is newer: the earlier output may no longer hold (review finding)', () => {
    const cov = (row: string) => `Name           Stmts   Miss  Cover   Missing\n${row}\nTOTAL            100      5    95%`;
    const events = [
      ...run('c1', cov('pkg/parser.py     50      5    90%   10-14 parse_header'), '2026-12-01T10:00:00Z'),
      ...run('c2', cov('pkg/parser.py     50      0   100%'), '2026-12-01T11:00:00Z'),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const runs = recall(trails, 'which lines of parse_header in the parser module lack coverage').filter((h) => h.kind === 'commands');
    expect(runs.map((h) => `${h.at} ${h.line}`).join('\n')).toMatch(/11:00:00Z command `pytest` → ok \(exit 0\): .*pkg\/parser\.py 50 0 100%/);
  });
});

describe("a tool's name", () => {
  it('is found by its words: "web search" finds WebSearch, "fetch" finds web_fetch', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Write a poem about curry' },
      { kind: 'tool', id: 'w1', name: 'WebSearch', input: { query: 'Thai red curry adjectives' } },
      { kind: 'result', id: 'w1', ok: true, output: 'Links: 10 results' },
      { kind: 'tool', id: 'f1', name: 'web_fetch', input: { url: 'https://example.org/curry' } },
      { kind: 'result', id: 'f1', ok: true, output: 'A page about curry' },
      { kind: 'say', text: 'Here is the poem, with sources.' },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    expect(recall(trails, 'What web search did the agent run?')[0]!.line).toMatch(/^tool WebSearch Thai red curry adjectives → ok/);
    expect(recall(trails, 'Which page did it fetch?')[0]!.line).toMatch(/^tool web_fetch https:\/\/example\.org\/curry/);
  });
});

describe('a file the question asks about by what it is for', () => {
  it("is a package's manifest for a question about packaging: pyproject.toml answers 'how was the script packaged?'", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Make the tool installable' },
      ...edited('e1', 'pyproject.toml', '[tool.hatch.build.targets.wheel.force-include]\n"tool-x.py" = "tool_x.py"'),
      ...Array.from({ length: 6 }, (_, i): TranscriptEvent[] => [
        { kind: 'command', id: `c${i}`, command: `tool-x --check ${i}` },
        { kind: 'result', id: `c${i}`, ok: true, exitCode: 0, output: `the script tool-x ran with hyphens in its name, run ${i}` },
      ]).flat(),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const answer = recall(trails, 'How was the hyphenated script packaged so that it can be imported?', 700)
      .map((h) => h.line)
      .join('\n');
    expect(answer).toContain('force-include');
  });
});

describe('a long report', () => {
  it("keeps the agent's last words of a turn whole up to 8,000 characters, so recall finds a finding at its end; the prompt still shows its start", () => {
    const report = `## Findings\n${'The module follows the usual pattern for services in this codebase. '.repeat(90)}\n**SessionRegistry.get_pane_id/1** uses ETS, not a GenServer call: it does :ets.match and returns nil when nothing matches.`;
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Find out how get_pane_id works' },
      { kind: 'say', text: report },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.answers.at(-1)!.text).toContain(':ets.match and returns nil');
    const hits = recall([{ sessionId: 's1', snapshot: 'abc', trail }], 'Is get_pane_id a GenServer call or an ETS lookup?');
    expect(hits[0]!.line).toContain(':ets.match and returns nil');
  });

  it('shows, for its first hit, every passage of the report that answers the question about as well as its best, not only three', () => {
    const filler = (i: number) => `Paragraph ${i} describes the rendering pipeline in general terms, nothing about what was asked. `.repeat(3);
    const places = ['assets/js/app.js', 'assets/css/spotter.css', 'lib/spotter_web/live/session_live.ex', 'assets/package.json', 'test/support/conn_case.ex'];
    const report = places.map((p, i) => `${filler(i)}\nThe highlighting change touched ${p} for the TranscriptHighlighter hook.`).join('\n');
    const trail = buildTrail(
      [
        { kind: 'ask', text: 'Add code highlighting' },
        { kind: 'say', text: report },
      ],
      '/repo',
      '/repo',
    );
    const first = recall(
      [{ sessionId: 's1', snapshot: 'abc', trail }],
      'Which files did the highlighting change touch for the TranscriptHighlighter hook?',
    )[0]!;
    for (const p of places) expect(first.line).toContain(p);
    // Within its bound: the next hits keep their room.
    expect(first.line.length).toBeLessThan(1600);
  });

  it('shows a passage of the best hit that holds fewer of the question’s words, when what it would push out is filler', () => {
    const general = 'The test suite runs with ExUnit and the database sandbox. '.repeat(3);
    const report = [
      `## Test infrastructure for LiveView tests (research)\n**What exists:** test/support/data_case.ex, created before and written for database tests. ${general}`,
      `## Summary\nNothing more to report about sessions and panes. ${general}`,
      '## Missing\nA ConnCase module; then Phoenix.LiveViewTest.live/2 can mount a view.',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Research how the tmux service works and report back' },
      // Before it, steps that share a word or two with the question and answer nothing.
      ...['test/test_helper.exs', 'test/support/data_case.ex', 'test/spotter_web/page_test.exs'].flatMap((p, i): TranscriptEvent[] => [
        { kind: 'say', text: `Let me check what the test file ${p} already sets up for tests:` },
        { kind: 'tool', id: `r${i}`, name: 'Read', input: { file_path: `/repo/${p}` } },
      ]),
      { kind: 'say', text: report },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hits = recall(trails, 'Based on this research, what test infrastructure has to be created before LiveView tests can be written?');
    expect(hits[0]!.line).toContain('Phoenix.LiveViewTest');
    expect(hits.map((h) => h.line).join('\n').length).toBeLessThanOrEqual(2048);
  });
});

describe('a question that names a file', () => {
  it('is answered by that file’s newest changes, whatever words they hold', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Make the tool installable with uv and runnable from any directory' },
      ...edited('e1', 'pyproject.toml', '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"'),
      ...edited('e2', 'pyproject.toml', '[project.scripts]\ntool-extract = "tool_extract:main"'),
      ...edited('e3', 'pyproject.toml', '[tool.hatch.build.targets.wheel.force-include]\n"tool-extract.py" = "tool_extract.py"'),
      { kind: 'say', text: 'The tool is now installable and runnable from any directory: uv tool install . works.' },
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const answer = recall(trails, 'What ended up in pyproject.toml to make the tool installable and runnable from any directory?')
      .map((h) => h.line)
      .join('\n');
    expect(answer).toContain('force-include');
    expect(answer).toContain('hatchling.build');
  });

  it('comes first, before a document that names the file many times (held-out labeller M)', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Let the script run without a PR argument' },
      ...edited('e1', 'extract-feedback.py', "    parser.add_argument('pr', nargs='?', help='PR URL; the current branch's PR when omitted')"),
      ...edited(
        'e2',
        'README.md',
        Array.from({ length: 12 }, (_, i) => `Running extract-feedback.py without a PR argument (${i}) is supported: extract-feedback.py finds the PR.`).join(
          '\n',
        ),
      ),
    ];
    const trails = [{ sessionId: 's1', snapshot: 'abc', trail: buildTrail(events, '/repo', '/repo') }];
    const hits = recall(trails, 'What was changed in extract-feedback.py to support running without a PR argument?', 600);
    expect(hits[0]!.line).toMatch(/^file extract-feedback\.py: modified \(Edit\)/);
    expect(hits[0]!.line).toContain("nargs='?'");
  });

  it('a folder or a submodule named by its path is named too (held-out labeller M)', () => {
    expect(namesFile(namedInQuestion('What URL is the public/tokenizer submodule registered with?'), 'public/tokenizer')).toBe(true);
    expect(namesFile(namedInQuestion('What changed under src/commands/?'), 'src/commands')).toBe(true);
    expect(namesFile(namedInQuestion('What ended up in ./pyproject.toml?'), 'pyproject.toml')).toBe(true);
    // Not a folder whose name only ends alike, nor a file's name inside a longer one.
    expect(namesFile(namedInQuestion('What URL is the public/tokenizer submodule registered with?'), 'vendor/public/tokenizers')).toBe(false);
    expect(namesFile(namedInQuestion('Why does test_config.py fail?'), 'config.py')).toBe(false);
  });

  it('is that file, not one whose name ends alike nor one of the same name in another folder (review finding)', () => {
    const edit = (id: string, path: string, change: string): TranscriptEvent[] => [
      { kind: 'edit', id, paths: [`/repo/${path}`], change: `${change} # index config\n${'x'.repeat(250)}\n${'# filler line\n'.repeat(40)}`, tool: 'Edit' },
      { kind: 'result', id, ok: true, output: '' },
    ];
    const trails = [
      {
        sessionId: 's1',
        snapshot: 'abc',
        trail: buildTrail(
          [
            ...edit('e1', 'src/cli/index.ts', 'export const CLI_MARKER = 1;'),
            ...edit('e2', 'src/store/index.ts', 'export const STORE_MARKER = 1;'),
            ...edit('e3', 'config.py', 'CONFIG_MARKER = 1'),
            ...edit('e4', 'tests/test_config.py', 'TEST_MARKER = 1'),
          ],
          '/repo',
          '/repo',
        ),
      },
    ];
    // A file the question names shows its newest change (the filler); another, the passage that matches the question.
    const lineOf = (question: string, path: string) => recall(trails, question).find((h) => h.line.startsWith(`file ${path}:`))?.line ?? '';
    expect(lineOf('what changed in src/store/index.ts', 'src/store/index.ts')).toContain('# filler line');
    expect(lineOf('what changed in src/store/index.ts', 'src/cli/index.ts')).toMatch(/CLI_MARKER(?!.*# filler line)/);
    expect(lineOf('what is in test_config.py', 'tests/test_config.py')).toContain('# filler line');
    expect(lineOf('what is in test_config.py', 'config.py')).toMatch(/CONFIG_MARKER(?!.*# filler line)/);
    // The name alone names every file of that name.
    expect(lineOf('what changed in index.ts', 'src/cli/index.ts')).toContain('# filler line');
  });
});

describe("a file's changes", () => {
  it('a change whose text opens with "removed: " (a field so named) is what the edit wrote, not a removal', () => {
    const edit = (change: string): TrailEntry => ({ text: 'app/models.py', path: 'app/models.py', op: 'modified', by: 'Edit', change });
    const [f] = fileEntries([
      edit('    def purge(self):\n        self.items.clear()'),
      edit('removed: list[str] = field(default_factory=list)\n\n    def archive(self):\n        pass'),
    ]);
    expect(f!.head).toContain('edits define archive, purge');
  });
});
