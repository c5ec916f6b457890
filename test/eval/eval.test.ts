import { describe, expect, it } from 'vitest';
import { evaluateTranscript, itemKept, keyTerms, scoreManifest, summaryKeyItems } from '../../src/eval/index.js';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import type { Transcript, TranscriptEvent } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS } from '../helpers.js';
import { readTranscript } from '../../src/transcript/index.js';
import { join } from 'node:path';

const SUMMARY = `This session is being continued from a previous conversation that ran out of context.

Summary:
1. Primary Request and Intent:
   The user asked to add rate limiting to the API client.

3. Files and Code Sections:
   - **\`src/ratelimit.ts\`** (CREATED)
   - **\`src/client.ts\`** (MODIFIED)

4. Errors and fixes:
   - **Double counting in retries**: moved limiter.take() out of the retry loop.

6. All user messages:
   - "Add client-side rate limiting to the API client (max 10 req/s)."
   - "Never touch the generated OpenAPI client in src/gen."

7. Pending Tasks:
   - Wire the TokenBucket limiter into ApiClient.request
   - Document the rateLimit option in README.md

8. Current Work:
   Was fixing the Retry-After test in test/client.test.ts, which uses real timers.

9. Optional Next Step:
   Switch the Retry-After test to vi.useFakeTimers() and run npm test.
`;

const git = { root: '/work/app', branch: 'main', dirty: [], stateFiles: [] };
const transcript = (events: TranscriptEvent[]): Transcript => ({
  agent: 'claude-code',
  path: '/tmp/t.jsonl',
  meta: { cwd: '/work/app', sessionId: 's1' },
  events,
  stats: { lines: 0, skipped: 0, bytes: 0 },
});

describe('git session eval', () => {
  it("reads the key items of Claude Code's numbered summary sections", () => {
    const items = summaryKeyItems(SUMMARY);
    const by = (s: string) => items.filter((i) => i.section === s).map((i) => i.text);
    expect(by('pending tasks')).toEqual(['Wire the TokenBucket limiter into ApiClient.request', 'Document the rateLimit option in README.md']);
    expect(by('current work')[0]).toContain('Retry-After');
    expect(by('next step')[0]).toContain('vi.useFakeTimers()');
    expect(by('files')).toEqual(['src/ratelimit.ts', 'src/client.ts']);
    // The last user message and the standing instruction, once each.
    expect(by('user messages')).toEqual(['Never touch the generated OpenAPI client in src/gen.']);
    expect(by('errors')).toHaveLength(1);
  });

  it('counts an item kept when half of its distinctive terms appear, and not otherwise', () => {
    const item = { section: 'pending tasks' as const, text: 'x', terms: keyTerms('Wire the TokenBucket limiter into ApiClient.request') };
    expect(item.terms).toContain('apiclient.request');
    expect(itemKept(item, 'pending: wire TokenBucket into ApiClient.request')).toBe(true);
    expect(itemKept(item, 'pending: document the README')).toBe(false);
  });

  it('scores the manifest built before a compaction against the summary written at it', async () => {
    const before: TranscriptEvent[] = [
      { kind: 'ask', text: 'Add client-side rate limiting to the API client (max 10 req/s).' },
      { kind: 'ask', text: 'Never touch the generated OpenAPI client in src/gen.' },
      {
        kind: 'todos',
        items: [
          { text: 'Wire the TokenBucket limiter into ApiClient.request', status: 'in_progress', activeForm: 'Wiring the limiter' },
          { text: 'Document the rateLimit option in README.md', status: 'pending' },
        ],
      },
      { kind: 'edit', id: 'e1', paths: ['/work/app/src/client.ts'] },
      { kind: 'edit', id: 'e2', paths: ['/work/app/src/ratelimit.ts'] },
    ];
    const scores = await evaluateTranscript(
      transcript([...before, { kind: 'compaction', summary: SUMMARY, at: '2026-01-01T00:00:00Z' }, { kind: 'ask', text: 'go on' }]),
      git,
    );
    expect(scores).toHaveLength(1);
    const s = scores[0]!;
    expect(s.eventsBefore).toBe(before.length);
    expect(s.sections.find((x) => x.section === 'pending tasks')).toMatchObject({ items: 2, kept: 2 });
    expect(s.sections.find((x) => x.section === 'user messages')).toMatchObject({ items: 1, kept: 1 });
    expect(s.sections.find((x) => x.section === 'files')).toMatchObject({ items: 2, kept: 2 });
    expect(s.manifestBytes).toBeLessThanOrEqual(2048);
    // An empty manifest keeps nothing of the same summary: the score can fail.
    const empty = extractManifest({ transcript: transcript([]), pressure: measurePressure(0, 200_000), git });
    expect(scoreManifest(empty, SUMMARY).kept).toBe(0);
  });

  it.skipIf(!HAS_CORPUS)('finds the compaction of a real corpus transcript and keeps most of its pending work', async () => {
    const t = readTranscript(join(CORPUS, 'claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl'));
    const [s] = await evaluateTranscript(t, { root: t.meta.cwd!, dirty: [], stateFiles: [] });
    expect(s).toBeDefined();
    expect(s!.summaryBytes).toBeGreaterThan(10_000);
    expect(s!.manifestBytes).toBeLessThanOrEqual(2048);
    const pending = s!.sections.find((x) => x.section === 'pending tasks')!;
    expect(pending.items).toBeGreaterThan(0);
    expect(pending.kept).toBe(pending.items);
  });
});
