// Decisions written as the reason first ("…are not exposed, so I'm falling back to rg"), "rather than X, I…", "I skipped X because…".
import { describe, expect, it } from 'vitest';
import { isDecision, isFinding } from '../../src/extract/prose.js';
import { isDecisionSentence } from '../../src/extract/undone.js';

describe('a decision in the forms agents write it', () => {
  it.each([
    'The graph MCP tools mentioned by `AGENTS.md` are not exposed in this session, so I’m falling back to `rg` for discovery.',
    "The current branch's PR (#75) is already merged, so I will not append or push onto that closed layer.",
    'One nuance: Qodo suggests binding to the last-touch commit, but that would break the certifying-commit semantics I established — so I\'ll bind to "the commit modified the path" instead.',
    'Rather than wait for the user to log in, I read the checkpoint data straight from git.',
    'I skipped the `review-branch` gate the hook suggested because a throwaway .gitignore on a test branch is not what that standard is for.',
    "It's Base UI, not Radix — so I'll style `Link`s with `buttonVariants` instead of `asChild`.",
  ])('%s', (s) => expect(isDecision(s)).toBe(true));

  it.each([
    'The first test layer is in, so I’m running the actual verification gate now: lint, typecheck, and pytest.',
    'The core contract layer is behaving now, so I’m moving onto the data and Jinja side.',
    'I’ve got the first specimen family pinned down, so I’m writing the project scaffold now.',
    'I read the checkpoint data straight from git.',
  ])('not progress: %s', (s) => expect(isDecision(s)).toBe(false));
});

describe('what the agent will do about a finding', () => {
  const s = 'Let me amend the previous commit since it incorrectly said the issue was already resolved.';
  it('is a decision with its reason, not a finding', () => {
    expect(isFinding(s)).toBe(false);
    expect(isDecisionSentence(s)).toBe(true);
    expect(isFinding('The issue was a stale lockfile in apps/api.')).toBe(true);
  });
});

describe('looking before deciding', () => {
  it.each([
    'Let me read what that check actually requires, since my earlier read came from evidence logs rather than the spec.',
    "I'll check the actual current mobile nav implementation before answering, since the pasted research is generic.",
    'I’m going to check status again because the remaining agents are taking longer than the wiki lookup.',
    'Now let me verify against `origin/main`, since local `main` is behind the merged PR.',
  ])('is a step, not a decision: %s', (s) => expect(isDecisionSentence(s)).toBe(false));

  it('a decision that goes on to say what it reads is still one', () => {
    expect(isDecisionSentence("I'll use the SessionStart hook because CLAUDE_SESSION_ID isn't exposed.")).toBe(true);
    expect(isDecisionSentence('Let me switch to a read-only replica since the primary is locked.')).toBe(true);
  });
});
