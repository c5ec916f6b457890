/**
 * Review of "How the earlier turns ended" (src/trail/brief.ts, trailBrief): repro tests that fail on
 * the current code and pass once the section is fixed.
 */
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const briefOf = (events: TranscriptEvent[]): string[] =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest());

const TITLE = /^How the earlier turns ended \(newest first(?:; (\d+) more not shown)?\):$/;

/** The section's title, its items, and the count its title gives of those not shown. */
function earlier(lines: string[]): { title?: string; items: string[]; notShown: number } {
  const at = lines.findIndex((l) => TITLE.test(l));
  if (at < 0) return { items: [], notShown: 0 };
  const items: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('- ')) break;
    items.push(l);
  }
  return { title: lines[at], items, notShown: Number(TITLE.exec(lines[at]!)![1] ?? 0) };
}

describe('review: the earlier turns when the brief runs out of room', () => {
  it('counts every earlier turn it leaves out: none is dropped silently by the brief budget (ASCII session)', () => {
    // Twelve turns of a refactor: long requests, many files, a long last report, a fixed test, a few docs read.
    const modules = ['parser', 'lexer', 'printer', 'linker', 'loader', 'emitter', 'reader', 'writer', 'checker', 'planner', 'indexer', 'encoder'];
    const events: TranscriptEvent[] = modules.flatMap((w, i): TranscriptEvent[] => [
      {
        kind: 'ask',
        text: `Now rewrite the ${w} module so that it streams its input instead of buffering the whole file in memory, and keep the public API unchanged for callers`,
      },
      ...[0, 1, 2].flatMap((k): TranscriptEvent[] => [
        {
          kind: 'edit',
          id: `e${i}${k}`,
          paths: [`/repo/src/${w}/part_${k}_implementation.ts`],
          change: `export function ${w}Stream${k}(input: Readable) {\n  return input;\n}`,
          tool: 'Edit',
        },
        { kind: 'result', id: `e${i}${k}`, ok: true, output: 'ok' },
      ]),
      ...(i === modules.length - 1
        ? ([
            ...Array.from({ length: 12 }, (_, k): TranscriptEvent[] => [
              { kind: 'tool', id: `r${k}`, name: 'Read', input: { file_path: `/repo/docs/design/streaming-notes-${k}.md` } },
              { kind: 'result', id: `r${k}`, ok: true, output: 'notes' },
            ]).flat(),
            { kind: 'command', id: 'c1', command: 'npm test' },
            { kind: 'result', id: 'c1', ok: false, output: 'FAIL src/emitter/part_0.test.ts\nError: expected 3 chunks, got 2', exitCode: 1 },
            { kind: 'command', id: 'c2', command: 'npm install streamx@2.20.1' },
            { kind: 'result', id: 'c2', ok: true, output: '+ streamx 2.20.1\nadded 1 package' },
            { kind: 'command', id: 'c3', command: 'npm test' },
            { kind: 'result', id: 'c3', ok: true, output: 'Tests: 135 passed' },
          ] as TranscriptEvent[])
        : []),
      {
        kind: 'say',
        text: `Rewrote the ${w} module to stream: ${w}Stream0..2 read chunks of 64 KiB; the public API is unchanged and its ${20 + i} tests pass. ${'Memory stays flat on the 2 GB fixture. '.repeat(i === modules.length - 1 ? 80 : 3)}`,
      },
    ]);
    const section = earlier(briefOf(events));
    expect(section.title).toBeDefined();
    // Eleven turns before the last: each is shown or counted in the title ("N more not shown").
    expect(section.items.length + section.notShown).toBe(modules.length - 1);
  });

  it('never leaves the title without an item (a Chinese session: bytes, not characters, run out)', () => {
    const report = (topic: string, n: number): string =>
      `已完成${topic}模块的重构：所有接口保持不变，测试全部通过。${'内存占用在大文件上保持平稳，性能提升明显。'.repeat(n)}`;
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: '请重构解析器模块，让它以流的方式读取输入' },
      { kind: 'say', text: report('解析器', 60) },
      { kind: 'ask', text: '接着重构词法分析器模块，同样改成流式处理' },
      { kind: 'say', text: report('词法分析器', 60) },
      { kind: 'ask', text: '最后重构输出模块，并总结一下所有的改动' },
      { kind: 'say', text: report('输出', 74) },
    ];
    const lines = briefOf(events);
    // Every list title of the brief is followed by at least one item.
    lines.forEach((l, i) => {
      if (/\):$/.test(l)) expect(lines[i + 1] ?? '', `"${l}" has no item`).toMatch(/^- /);
    });
    const section = earlier(lines);
    if (section.title) expect(section.items.length + section.notShown).toBe(2);
  });
});

describe('review: which turn ends the section shows', () => {
  it("leaves out the agent's reports on a branch the user rewound, as it does the user's words there", () => {
    // As the reader marks them (agents/claude-code/rewind.ts): the two prompts of the abandoned branch are `rewound`.
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Look at the idea file for the docs convention', at: '2026-02-16T18:47:50Z' },
      { kind: 'say', text: 'Got it. One idea file: a convention that separates reference docs from work documents.', at: '2026-02-16T18:48:03Z' },
      { kind: 'ask', text: 'I very much like this idea; write a balanced opinion of it', at: '2026-02-16T18:49:30Z', rewound: true },
      {
        kind: 'say',
        text: 'Dropped the old work/ folder and moved every design document into dev-docs/, as the convention you like asks.',
        at: '2026-02-16T18:49:42Z',
      },
      { kind: 'ask', text: 'Then delete the archive folder too', at: '2026-02-16T18:51:05Z', rewound: true },
      { kind: 'say', text: 'Deleted archive/ with its 14 documents; nothing links to them any more.', at: '2026-02-16T18:51:17Z' },
      // The user went back to before the first of those prompts and took another way.
      { kind: 'ask', text: 'I actually do not like this idea much: list its weak points', at: '2026-02-16T19:24:30Z' },
      {
        kind: 'say',
        text: 'Here are 5 weak points of the dev-docs/ versus work/ convention: the boundary is blurry, documents migrate.',
        at: '2026-02-16T19:24:43Z',
      },
      { kind: 'ask', text: 'Fair enough, now a balanced opinion please', at: '2026-02-16T19:27:07Z' },
      { kind: 'say', text: 'The split works best once a project has stabilised; before that it fights how documents evolve.', at: '2026-02-16T19:27:18Z' },
    ];
    const text = briefOf(events).join('\n');
    // The user's words on the rewound branch are left out already.
    expect(text).not.toContain('delete the archive folder');
    expect(text).toContain('How the earlier turns ended');
    // So must be what the agent reported there: that branch was taken back.
    expect(text).not.toContain('Deleted archive/ with its 14 documents');
    expect(text).not.toContain('Dropped the old work/ folder');
  });

  it('leaves out a turn end that is only redaction placeholders (as the user-words section does)', () => {
    // As in corpus codex/localpush/rollout-…12-54-34…jsonl, whose author redacted every message: 37 such lines in the prompt.
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: '[REDACTED_TEXT len=412 sha=1a2b3c4d]' },
      { kind: 'say', text: '[REDACTED_TEXT len=783 sha=328bc97b]' },
      { kind: 'ask', text: '[REDACTED_TEXT len=95 sha=5e6f7a8b]' },
      { kind: 'say', text: '[REDACTED_TEXT len=1730 sha=2aca0dcf]' },
      { kind: 'ask', text: 'Now add the retry to the uploader please' },
      { kind: 'say', text: 'Added a retry with backoff to the uploader; its 12 tests pass.' },
    ];
    const lines = briefOf(events);
    expect(lines.some((l) => l.startsWith('- [REDACTED_TEXT'))).toBe(false);
    expect(lines.some((l) => l.startsWith('How the earlier turns ended'))).toBe(false);
  });

  it("does not give an interrupted turn's announcement as how the turn ended", () => {
    // corpus claude-code-log/-Users-dain-workspace-JSSoundRecorder: "Perfect! Let me set up Vite for you." then Esc, "use pnpm".
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: "ok, fine, let's do vite" },
      { kind: 'say', text: 'Perfect! Let me set up Vite for you.' },
      // It went on working: a file written, then an edit the user turned down, and Esc.
      { kind: 'edit', id: 'w1', paths: ['/repo/package.json'], change: '{ "devDependencies": { "vite": "^5" } }' },
      { kind: 'result', id: 'w1', ok: true, output: 'File created successfully at: /repo/package.json' },
      { kind: 'edit', id: 'w2', paths: ['/repo/CLAUDE.md'], change: 'Run `npm run dev`.' },
      { kind: 'result', id: 'w2', ok: false, output: "The user doesn't want to proceed with this tool use. The tool use was rejected" },
      { kind: 'interrupt' },
      { kind: 'ask', text: 'use pnpm' },
      { kind: 'say', text: 'Vite is set up with pnpm: `pnpm dev` serves the app on port 5173 and `pnpm build` writes dist/.' },
      { kind: 'ask', text: "yes please, and let's make it cross-browser" },
      { kind: 'say', text: 'Modernised getUserMedia and AudioContext for every current browser; recording works in Firefox and Safari.' },
    ];
    const lines = briefOf(events);
    expect(lines.join('\n')).toContain('- Vite is set up with pnpm');
    expect(lines).not.toContain('- Perfect! Let me set up Vite for you.');
    // A plan it gave and handed back, which the user turned down: that is how the turn ended (corpus deep-manifest).
    const plan: TranscriptEvent[] = [
      { kind: 'ask', text: 'Plan how to report corrupted archives in the manifest' },
      { kind: 'say', text: 'The plan is ready. Approach: add an `error` field to `ManifestEntry` as a 4th tab-separated column.' },
      { kind: 'tool', id: 'x1', name: 'ExitPlanMode', input: { plan: '# Plan' } },
      { kind: 'result', id: 'x1', ok: false, output: "The user doesn't want to proceed with this tool use. The tool use was rejected" },
      { kind: 'interrupt' },
      { kind: 'ask', text: 'First commit the tar support, then proceed with this plan' },
      { kind: 'say', text: 'Committed the tar support as 70f2781 and the error reporting as e4e6a03.' },
    ];
    expect(briefOf(plan).join('\n')).toContain('- The plan is ready. Approach: add an `error` field to `ManifestEntry`');
  });
});
