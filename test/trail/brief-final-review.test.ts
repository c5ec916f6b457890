/**
 * Final review of the prompt's trail part (src/trail/brief.ts, answersOf in src/trail/build.ts):
 * repro tests that fail on the reviewed code.
 */
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const briefOf = (events: TranscriptEvent[]): string[] =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest());

describe("final review: a user's choice the manifest gives (choiceSaid)", () => {
  it('does not hide a choice of the same option for another question that starts with the same words', () => {
    // Two yes/no questions: the manifest has room for the newest; the older one, a different question, is the trail's to give.
    const m = sampleManifest((x) => {
      x.critical_context.key_decisions = ['The user chose "Yes" for: Do you want me to commit these changes now?'];
    });
    const decisions = [
      { text: 'the user chose "Yes" over "No" for: Do you want me to drop the legacy users table as well?', by: 'user' },
      { text: 'the user chose "Yes" over "No" for: Do you want me to commit these changes now?', by: 'user' },
    ];
    const lines = trailBrief({ ...buildTrail([], '/repo', '/repo'), decisions, session: [] }, m);
    expect(lines.join('\n')).toContain('drop the legacy users table');
    // The one the manifest gives is still left out.
    expect(lines.join('\n')).not.toContain('commit these changes now');
  });
});

describe('final review: an announcement is not how a turn ended', () => {
  it('leaves out the announcement of a step the user turned down (a rejected edit or command, not a plan)', () => {
    // corpus claude-code-log/-Users-dain-workspace-claude-code-log-sample/37f83ec9…: "Let me replace the complex
    // `_generate_html_with_combined_link` function with a simple approach:", the edit rejected, Esc.
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'clean up the combined transcript link code please' },
      {
        kind: 'say',
        text: 'Now I can see how to fix this properly. Let me replace the complex `_generate_html_with_combined_link` function with a simple approach:',
      },
      { kind: 'edit', id: 'e1', paths: ['/repo/renderer.py'], change: 'def generate_html(messages, link=None):' },
      {
        kind: 'result',
        id: 'e1',
        ok: false,
        output:
          "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file)",
      },
      { kind: 'interrupt' },
      { kind: 'ask', text: 'Do we even need _generate_html_with_combined_link then?' },
      { kind: 'say', text: 'No: generate_html now takes the link itself, and _generate_html_with_combined_link is gone; the 40 tests pass.' },
      { kind: 'ask', text: 'great, now update the README for it' },
      { kind: 'say', text: 'The README now documents the combined transcript link and its --no-link flag.' },
    ];
    const text = briefOf(events).join('\n');
    expect(text).toContain('- No: generate_html now takes the link itself');
    expect(text).not.toContain('Let me replace the complex');
  });

  it('leaves out what it announced before working on when the user wrote again mid-turn (no Esc)', () => {
    // heldout-real4 planetfall-seed-signalkit/39: "Page target is live. Now a dependency-free Node CDP script to …:",
    // the script ran, and the user's next message came while it worked.
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'check the briefing screen renders in chrome' },
      { kind: 'say', text: 'Page target is live. Now a dependency-free Node CDP script to dismiss the two briefing beats and screenshot:' },
      { kind: 'command', id: 'c1', command: 'node /tmp/shot.mjs' },
      { kind: 'result', id: 'c1', ok: true, output: 'saved bytes: 8207', exitCode: 0 },
      { kind: 'ask', text: 'the blocks should be on the conveyor belt, not the subagents' },
      { kind: 'say', text: 'Moved the subagents off the conveyor belt: only the blocks ride it now, the subagents stand at the stations.' },
      { kind: 'ask', text: 'and make the belt slower' },
      { kind: 'say', text: 'The belt now moves at half speed (BELT_SPEED 0.5).' },
    ];
    const text = briefOf(events).join('\n');
    expect(text).toContain('- Moved the subagents off the conveyor belt');
    expect(text).not.toContain('Now a dependency-free Node CDP script');
  });
});
