/** The note on a work commit: one block per session, written by the save and the post-commit hook alike. */
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/store/git.js';
import { GitWriter, mergeNoteBlocks, noteBlock, writeNote } from '../../src/store/write.js';
import { git, isolatedEnv, tempRepo } from '../helpers.js';

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

  it('is written again only when it changes: the same block on the same commit makes no notes commit', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const repo = openRepo(dir);
    const head = git(dir, ['rev-parse', 'HEAD'], env);
    const notesCommits = () => Number(git(dir, ['rev-list', '--count', 'refs/notes/agentflow'], env));
    const block = noteBlock({ sessionId: 's1', level: 'NORMAL', percent: 25 });
    writeNote(new GitWriter(repo), head, block, { fresh: true });
    writeNote(new GitWriter(repo), head, block, { fresh: true });
    writeNote(new GitWriter(repo), head, noteBlock({ sessionId: 's2', level: 'NORMAL', percent: 40 }));
    writeNote(new GitWriter(repo), head, noteBlock({ sessionId: 's2', level: 'NORMAL', percent: 40 }));
    expect(notesCommits()).toBe(2);
    writeNote(new GitWriter(repo), head, noteBlock({ sessionId: 's1', level: 'ELEVATED', percent: 62 }));
    expect(notesCommits()).toBe(3);
    const note = git(dir, ['notes', '--ref=refs/notes/agentflow', 'show', head], env);
    expect(note).toContain('Session-Id: s2\nLevel: NORMAL\nContext: 40%');
    expect(note).toContain('Session-Id: s1\nLevel: ELEVATED\nContext: 62%');
  });
});
