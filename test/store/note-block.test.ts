/** The note on a work commit: one block per session, written by the save and the post-commit hook alike. */
import { describe, expect, it } from 'vitest';
import { mergeNoteBlocks, noteBlock } from '../../src/store/write.js';

describe("a commit's note", () => {
  it('holds one block per session; a session writing again replaces its own block only', () => {
    const hook = noteBlock({ sessionId: 's1', level: 'NORMAL', percent: 25 });
    expect(hook).toBe('Session-Id: s1\nLevel: NORMAL\nContext: 25%\n');
    const other = noteBlock({ sessionId: 's2', level: 'ELEVATED', percent: 61 });
    const saved = noteBlock({ snapshot: 'abc1234567', sessionId: 's1', level: 'CRITICAL', percent: 84 });
    const note = mergeNoteBlocks(mergeNoteBlocks(hook, other), saved);
    expect(note).toContain('git-session snapshot abc1234567\nSession-Id: s1\nLevel: CRITICAL\nContext: 84%');
    expect(note).toContain('Session-Id: s2\nLevel: ELEVATED');
    expect(note).not.toContain('Level: NORMAL');
  });
});
