// A plan the user handed over ("Implement the following plan: … ## Verification") lists checks: the
// agent ran the unit tests and said all pass; the manual testing and the dev server it never ran
// are what is left, and the next session is told.
import { describe, expect, it } from 'vitest';
import { planChecksNotRun, verificationItems } from '../../src/trail/plan-checks.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const PLAN = [
  'Implement the following plan:',
  '',
  '# Plan: Context menus',
  '',
  '## Steps',
  '1. Add `ContextMenu` to the tree',
  '',
  '## Verification',
  '',
  '1. **Unit tests**: `bun test` — run updated DSL and engine tests',
  '2. **Manual testing**:',
  '   - Load `sampleInput3.json` (source)',
  '   - Right-click a mapped target → Edit Mapping',
  '3. **Dev server**: `bun dev` — check for runtime errors',
  '4. Types still check',
  '',
  'If you need specific details from before exiting plan mode (like exact code snippets), read the full transcript at: /x.jsonl',
].join('\n');
const run = (id: string, command: string): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok: true, exitCode: 0, output: 'ok' },
];
const session = (...after: TranscriptEvent[]): TranscriptEvent[] => [{ kind: 'ask', text: PLAN }, ...run('c1', 'bun test 2>&1 | tail -5'), ...after];

describe("a plan's checks", () => {
  it('are the top-level items of its Verification section, each with its sub-items, not the harness note after it', () => {
    expect(verificationItems(PLAN)).toEqual([
      'Unit tests: `bun test` — run updated DSL and engine tests',
      'Manual testing: Load `sampleInput3.json` (source); Right-click a mapped target → Edit Mapping',
      'Dev server: `bun dev` — check for runtime errors',
      'Types still check',
    ]);
  });

  it('not run are those whose commands never ran, and those by hand when no browser was used; an item that says neither is no claim', () => {
    expect(planChecksNotRun(session())).toEqual([
      'Manual testing: Load `sampleInput3.json` (source); Right-click a mapped target → Edit Mapping',
      'Dev server: `bun dev` — check for runtime errors',
    ]);
    expect(planChecksNotRun(session(...run('c2', 'bun run dev')))).toEqual([
      'Manual testing: Load `sampleInput3.json` (source); Right-click a mapped target → Edit Mapping',
    ]);
    const browsed: TranscriptEvent[] = [{ kind: 'tool', id: 't1', name: 'mcp__playwright__browser_click', input: { element: 'node' } }];
    expect(planChecksNotRun(session(...run('c2', 'bun dev'), ...browsed))).toEqual([]);
    expect(planChecksNotRun([{ kind: 'ask', text: 'Fix the login bug' }, ...run('c1', 'npm test')])).toEqual([]);
  });

  it('are in the brief', () => {
    const events = session();
    const trail = { ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) };
    expect(trailBrief(trail, sampleManifest()).join('\n')).toContain(
      "The plan's checks no command of the session ran: Manual testing: Load `sampleInput3.json`",
    );
  });
});
