// A decision whose reason is a list ("Keep both data sources because:" and two items) is kept with
// the list's items, not cut at the colon; a heading after the list is no part of it.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';

const report = [
  '### Implementation Plan',
  '1. **Update the GraphQL query** to include `path` and `originalPosition`',
  '2. **Keep both data sources** because:',
  '   - REST API: provides the inline review comments',
  '   - GraphQL API: provides the resolution status, which REST does not',
  '',
  '### Alternative Solutions Considered',
  'Option A would lose the resolution status.',
].join('\n');

describe('a decision that ends on a colon', () => {
  it('keeps the items of the list after it as its reason', () => {
    const decisions = buildTrail([{ kind: 'say', text: report }], '/repo', '/repo').decisions.map((d) => d.text);
    expect(decisions).toContain(
      'Keep both data sources because: REST API: provides the inline review comments; GraphQL API: provides the resolution status, which REST does not',
    );
  });

  it('without a list after it, keeps the sentence after it', () => {
    const decisions = buildTrail(
      [{ kind: 'say', text: 'I decided to keep both data sources because:\n\nthey answer different questions.' }],
      '/repo',
      '/repo',
    ).decisions;
    expect(decisions.map((d) => d.text)).toEqual(['I decided to keep both data sources because: they answer different questions.']);
  });
});
