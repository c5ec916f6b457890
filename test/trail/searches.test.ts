// What a search or a listing printed (`rg`, `grep`, `ls`) answers questions ("which version do the
// packages declare?"): the trail keeps it, marked as only looking. It is no value the session made
// (the prompt's values leave it out), and when the trail is over its budget it goes first, before
// a command that changed something loses what it printed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTrail, type TrailEntry } from '../../src/trail/build.js';
import { parseTrail, trailFiles } from '../../src/trail/files.js';
import { outputValues } from '../../src/trail/values.js';
import { recall } from '../../src/trail/recall.js';
import { readingsOf } from '../../src/trail/settled.js';
import { toolsUsed } from '../../src/trail/entries.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

const run = (id: number, command: string, output: string, ok = true): TranscriptEvent[] => [
  { kind: 'command', id: `c${id}`, command, at: `2026-02-03T10:${String(id).padStart(2, '0')}:00.000Z` },
  { kind: 'result', id: `c${id}`, ok, exitCode: ok ? 0 : 1, output, at: `2026-02-03T10:${String(id).padStart(2, '0')}:01.000Z` },
];

const SEARCH = [
  'apps/web/scripts/recalc.ts:import { createClient } from "@supabase/supabase-js";',
  'apps/web/package.json:    "@supabase/supabase-js": "^2.50.4",',
  'packages/services/package.json:    "@supabase/supabase-js": "^2.50.4",',
  'https://github.com/acme/web/blob/main/README.md',
].join('\n');

const events: TranscriptEvent[] = [
  { kind: 'ask', text: 'Plan the move from supabase-js to prisma, starting with packages/services', at: '2026-02-03T10:00:00.000Z' },
  ...run(1, 'rg "@supabase/supabase-js"', SEARCH),
  ...run(2, 'npm test', 'Tests  12 passed (12)'),
  ...run(3, 'grep -rn "prisma" packages', ''),
];

describe('a search that printed something', () => {
  it('is kept with what it printed, as only looking; one that printed nothing is not', () => {
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commands.map((c) => [c.text, c.looked ?? false])).toEqual([
      ['rg "@supabase/supabase-js"', true],
      ['npm test', false],
    ]);
    // Stored and read back as such.
    expect(parseTrail(trailFiles(trail)).commands[0]!.looked).toBe(true);
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'Which @supabase/supabase-js version range do the packages declare?');
    expect(hits[0]!.line).toContain('"^2.50.4"');
  });

  it('gives no value of the session: a URL or a version a search found is not one it made', () => {
    const values = outputValues(buildTrail(events, '/repo', '/repo').commands);
    expect(values).toContain('12 passed');
    expect(values.join(' ')).not.toContain('github.com/acme');
  });

  it('is condensed first: its output, then the search itself, before a command that changed something loses its output', () => {
    const searches = Array.from({ length: 120 }, (_, i) =>
      run(
        10 + (i % 50),
        `rg -n "handler${i}" src`,
        Array.from({ length: 20 }, (_, j) => `src/module${i}/file${j}.ts:${j}: const id = '${sha1(`${i}-${j}`)}';`).join('\n'),
      ),
    ).flat();
    const trail = buildTrail([...run(1, 'npm run build', 'built dist/app.js in 1.2s (v4.5.6)'), ...searches], '/repo', '/repo');
    const full = trailFiles(trail);
    const size = (files: Map<string, string>) => [...files.values()].reduce((n, t) => n + t.length, 0);
    // Budgets the searches' outputs exceed, and their lines too: the build, the oldest command, keeps what it printed.
    for (const budget of [6000, 700]) {
      const kept = parseTrail(trailFiles(trail, budget));
      expect(size(trailFiles(trail, budget))).toBeLessThan(size(full));
      const build = kept.commands.find((c: TrailEntry) => c.text === 'npm run build');
      expect(build?.output).toContain('built dist/app.js');
      // The oldest searches' outputs went first; at the smaller budget the oldest searches too.
      expect(kept.commands.filter((c) => c.looked && !c.output).length).toBeGreaterThan(0);
      if (budget === 700) expect(kept.commands.filter((c) => c.looked).length).toBeLessThan(120);
    }
  });

  it('does not end what the agent says of a failure: it looked around before it said why', () => {
    const trail = buildTrail(
      [
        { kind: 'ask', text: 'Run the tests and fix what fails', at: '2026-02-03T10:00:00.000Z' },
        ...run(1, 'npm test', 'FAIL src/retry.test.ts > retries three times\nexpected 3, got 0', false),
        ...run(2, 'rg -n "retries" src/config.ts', 'src/config.ts:12:  retries: 0,'),
        { kind: 'say', text: 'The test fails because src/config.ts sets retries to 0, not the 3 the test expects.', at: '2026-02-03T10:03:00.000Z' },
        ...run(4, 'npm test', 'Tests  12 passed (12)'),
      ],
      '/repo',
      '/repo',
    );
    const failed = trail.commands.find((c) => c.outcome === 'failed')!;
    expect(readingsOf(trail).get(failed)).toContain('sets retries to 0');
  });
});

describe("Claude Code's own searches (Grep, Glob)", () => {
  const call = (id: string, name: string, input: Record<string, unknown>, output: string, at: string): TranscriptEvent[] => [
    { kind: 'tool', id, name, input, at },
    { kind: 'result', id, ok: true, output, at },
  ];
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'Where is the retry count set?', at: '2026-02-03T10:00:00.000Z' },
    ...call('g1', 'Grep', { pattern: 'retries:', path: 'src', output_mode: 'content' }, 'src/config.ts:12:  retries: 0,', '2026-02-03T10:01:00.000Z'),
    ...call('g2', 'Glob', { pattern: '**/*.retry.ts' }, 'No files found', '2026-02-03T10:02:00.000Z'),
    ...call('w1', 'WebFetch', { url: 'https://example.org/retry' }, 'Retry guidance: back off.', '2026-02-03T10:03:00.000Z'),
  ];

  it('are kept with what they found, as only looking; one that found nothing is not, and none counts as a tool the session used', () => {
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.tools.map((t) => [t.by, t.looked ?? false])).toEqual([
      ['Grep', true],
      ['WebFetch', false],
    ]);
    expect(trail.tools[0]!.output).toContain('retries: 0');
    expect(toolsUsed(trail.tools, (n) => n)).toBe('WebFetch ×1');
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'Where is the retries count set in the config?');
    expect(hits.map((h) => h.line).join('\n')).toMatch(/src\/config\.ts:12:\s+retries: 0/);
  });
});
