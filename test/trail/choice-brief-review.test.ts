// Review s38b: the options not picked (f19278a) put before the question in the decision line, which the prompt's brief clips at 200.
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../src/log/events.js';
import type { Manifest } from '../../src/manifest/index.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';

describe("review s38b: a choice's question in the prompt", () => {
  // MEDIUM: the decision line is 'the user chose "A" (meaning) over "B", "C" for: <question>'; the
  // brief's 'Other decisions' clips each at 200 characters, so with the options not picked put in
  // front, the commit's own example loses what the choice was for (before it, the line fit).
  it("the commit's own example keeps 'for: <question>' in the brief", () => {
    const question = 'Which direction should I build next?';
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'The long ranges hit 429s. What now?' },
      {
        kind: 'choice',
        question,
        answer: 'Disk cache for API responses (Recommended)',
        meaning: 'Cache raw payloads on disk, keyed by endpoint and window',
        others: ['ENTSO-E SFTP bulk backend', 'Both, cache first'],
      },
    ];
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const line = trailBrief(buildTrail(events, '/repo', '/repo'), manifest).find((l) => l.includes('the user chose "Disk cache'));
    expect(line).toContain(`for: ${question}`);
  });
});

describe('a decision the manifest gives cut short', () => {
  it('is not given again under "Other decisions"', () => {
    const decision =
      'The existing parser already gives entities across Go, Python, JS/TS, and Rust, so I’m adding a provider layer that turns those entities into the required versioned snapshot/symbol/relation records and keeps the parser as it is.';
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Implement the provider contract' },
      { kind: 'say', text: decision },
    ];
    const cut = `${decision.slice(0, 150).trimEnd()}…`;
    const manifest = { critical_context: { key_decisions: [cut] }, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = trailBrief(buildTrail(events, '/repo', '/repo'), manifest).join('\n');
    expect(brief).not.toContain('Other decisions');
    // Without it in the manifest, it is one of them.
    const none = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    expect(trailBrief(buildTrail(events, '/repo', '/repo'), none).join('\n')).toContain('Other decisions (newest first):\n- The existing parser');
  });
});
