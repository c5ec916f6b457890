// Recall shows what the user wrote by its passages: a paragraph that fits one passage is one, not
// the end of the paragraph before with its first sentence, and the rest left out. (The agent's
// reports are kept as one line: by their lines, recall answered 6 probes fewer.)
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const trailOf = (events: TranscriptEvent[]) => [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];

describe('a paragraph of a message', () => {
  it("of the user's is shown whole: the decision and its reason", () => {
    const message = [
      'Yes, do both in one pass. Two changes to the rule text first:',
      '',
      'Change the update trigger from "before the session ends" to "at the moment it happens." Sessions end abruptly, the context runs out and I close the window. An end-of-session obligation is exactly the one that gets skipped, and skipping it is what produced the current staleness. Update the notes when you create the branch, merge the PR, or reject the approach, not later.',
      '',
      "On un-ignoring notes/HANDOFF.md: not yet. It'd fix worktree propagation, but it turns a file that changes every session into a tracked file that conflicts on every branch. Leave it local.",
      '',
      'Then refresh the summary and add the rule under Conventions.',
    ].join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Should the handoff notes be read first in every session?' },
      { kind: 'say', text: 'Yes, if the notes are kept current. notes/HANDOFF.md is ignored by git, so worktrees do not get it.' },
      { kind: 'ask', text: message },
      { kind: 'say', text: 'Done: the rule is in CLAUDE.md and the notes are refreshed.' },
    ];
    const hits = recall(trailOf(events), 'Did they decide to start tracking notes/HANDOFF.md in git, and why?');
    const line = hits.find((h) => h.line.includes('un-ignoring'))?.line;
    expect(line).toContain('not yet');
    expect(line).toContain('conflicts on every branch');
  });
});
