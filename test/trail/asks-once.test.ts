// A message the user sent again (word for word, or with more at its end) is one of "the user's own words", said where it was said last.
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const briefOf = (events: TranscriptEvent[]): string =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest()).join('\n');

describe("the user's words sent again", () => {
  const first = 'Yes, do both in one pass. Two changes to the rule text first: make the staleness check mechanical.';
  it('are shown once, the later and longer one', () => {
    const text = briefOf([
      { kind: 'ask', text: 'Propose a rule for reading docs/STATE.md before writing any code, please.' },
      { kind: 'ask', text: first },
      { kind: 'say', text: 'Done: both changes are in.' },
      { kind: 'ask', text: `${first} And compare the dates, not the feeling of age.` },
    ]);
    expect(text.split(first).length - 1).toBe(1);
    expect(text).toContain('compare the dates, not the feeling of age');
    expect(text).toContain('Propose a rule for reading docs/STATE.md');
  });
});
