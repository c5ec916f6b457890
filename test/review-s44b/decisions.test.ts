// Review s44b (/work/review-s44b/findings.md), area 2 (0c60d84): LOOKS (src/extract/undone.ts:16) drops a sentence from the decisions
// when it starts with "Let me / I'll" + one of its looking verbs. Its verb list holds words that also
// act on the work ("open" a PR, "check out" a branch, "check in" a file), and it looks only at the
// sentence's first clause, so a real choice with its reason is lost.
import { describe, expect, it } from 'vitest';
import { isDecisionSentence } from '../../src/extract/undone.js';

describe('a choice with its reason is still a decision', () => {
  it.each([
    "I'll open a PR against develop instead of pushing to main, because the classifier blocked the direct push.",
    "I'll check out the release/1.4 branch since the hotfix has to ship on 1.4.",
    'Let me check in the generated lockfile too, since CI installs with --frozen-lockfile.',
    "I'll review the schema later; I'll use Postgres because SQLite can't do concurrent writes.",
  ])('%s', (s) => {
    expect(isDecisionSentence(s)).toBe(true);
  });

  it("looking before deciding is still a step (the commit's own case)", () => {
    expect(isDecisionSentence('Let me read what that check requires, since it failed twice.')).toBe(false);
  });
});
