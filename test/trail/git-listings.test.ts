// What git's listings printed (its log, status, branches) is where the repository stood: the trail
// keeps it, and "which commits are there now" is answered by the newest log.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, output: string): TranscriptEvent[] => [
  { kind: 'command', id, command, at: `2026-02-03T0${id.slice(1)}:00:00.000Z` },
  { kind: 'result', id, ok: true, exitCode: 0, output, at: `2026-02-03T0${id.slice(1)}:00:01.000Z` },
];

const events: TranscriptEvent[] = [
  { kind: 'ask', text: 'add the fallback on a new branch, then amend the test into the commit', at: '2026-02-03T00:00:00.000Z' },
  ...run('c1', 'git log --oneline -3', '5203bae test: add failing test\n706e2e3 Merge pull request #137'),
  ...run('c2', 'ls cmd/entire', 'cli\nmain.go'),
  ...run('c3', 'git commit --amend --no-edit', '[alex/improve-explain 6f0ac7a] feat: fall back to origin\n 2 files changed'),
  ...run('c4', 'git log --oneline -4', '6f0ac7a feat: fall back to origin\n5203bae test: add failing test\n706e2e3 Merge pull request #137'),
  ...run('c5', 'git status --short', ''),
];

describe("git's listings", () => {
  it('are kept with what they printed, as where the repository stood; other look-around as only looking; a listing that printed nothing not', () => {
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commands.map((c) => c.text)).toEqual(['git log --oneline -3', 'ls cmd/entire', 'git commit --amend --no-edit', 'git log --oneline -4']);
    expect(trail.commands.map((c) => c.looked ?? false)).toEqual([false, true, false, false]);
    expect(trail.commands[3]!.output).toContain('5203bae');
  });

  it('answer which commits there are at the end: the newest log first', () => {
    const hits = recall(
      [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }],
      'What are the commits on alex/improve-explain at the end?',
    );
    expect(hits[0]!.line).toMatch(/^command `git log --oneline -4` → ok \(exit 0\): 6f0ac7a .* 5203bae/);
  });
});
