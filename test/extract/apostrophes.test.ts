// GPT models write "I’ll" and "I’m" with a typographic apostrophe: the agent's decisions and intents
// are the same words (in a real Codex 0.140 session, none of its decisions had been found).
import { describe, expect, it } from 'vitest';
import { intentOf, isDecision } from '../../src/extract/prose.js';
import { isDecisionSentence } from '../../src/extract/undone.js';
import { buildTrail } from '../../src/trail/build.js';

describe('a typographic apostrophe', () => {
  it("is the plain one to the agent's phrasings: decisions and intents are found, and said as written", () => {
    expect(isDecision('We’ll go with Neon because it keeps the history queryable.')).toBe(true);
    expect(isDecisionSentence('I’ll first fix `preview` because that’s the branch you called out.')).toBe(true);
    expect(isDecisionSentence('I’m going to rewrite only `preview` because the two commits were my mistake.')).toBe(true);
    expect(intentOf('Now I’ll run the migration against the staging database.')).toBe('Run the migration against the staging database');
    expect(intentOf('Let me check the stored project setting’s value.')).toBe('Check the stored project setting’s value');
    const trail = buildTrail(
      [{ kind: 'say', text: 'Done with the cleanup. I’ll first fix `preview` because that’s the branch you called out.' }],
      '/repo',
      '/repo',
    );
    expect(trail.decisions.map((d) => d.text)).toEqual(['I’ll first fix `preview` because that’s the branch you called out.']);
  });
});
