// Review s44b (/work/review-s44b/findings.md), area 4 (acb7758): isWords (src/agents/claude-code/user-shell.ts:29) now needs three
// words and none with a `/`, `=`, a leading `-` or a file-like ending ("3.12", "app.ts"). Before, any
// capitalised first word made words. So the most common thing typed in bash mode by mistake, a short
// reply ("Yes please", "Continue", "Go ahead"), and any sentence naming a file, a URL or a version,
// is now a command the user ran that failed, and the user's request is lost: the prompt keeps
// "Offered to the user: …" as if the user had not answered.
import { describe, expect, it } from 'vitest';
import { readUserShell } from '../../src/agents/claude-code/user-shell.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const kinds = (typed: string) => {
  const state = { count: 0 };
  const first = typed.split(' ')[0];
  // As the reader calls it: the events read so far, so a command read on the line before can be taken back.
  const events: TranscriptEvent[] = [];
  for (const l of [`<bash-input>${typed}</bash-input>`, `<bash-stdout></bash-stdout><bash-stderr>(eval):1: command not found: ${first}\n</bash-stderr>`])
    events.push(...readUserShell(state, l, undefined, false, undefined, events));
  return events.map((e) => e.kind);
};

describe('words typed in bash mode by mistake', () => {
  it.each(['Yes please', 'Continue', 'Go ahead', 'Proceed'])('a short reply ("%s") is the user\'s words', (typed) => {
    expect(kinds(typed)).toEqual(['ask']);
  });

  it.each([
    'Fix the failing test in src/app.test.ts',
    'Upgrade to Python 3.12 and rerun the tests',
    'Look at https://github.com/acme/app/pull/12 and merge it',
  ])('a sentence that names a file, a version or a URL ("%s") is the user\'s words', (typed) => {
    expect(kinds(typed)).toEqual(['ask']);
  });
});
