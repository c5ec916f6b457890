// loadsItself('claude-code', …) now takes a `.claude/rules/` folder anywhere for one Claude Code
// loads itself (`/(?:^|\/)\.claude\/rules\//`). Claude Code loads two: the project's
// (<root>/.claude/rules) and the user's (~/.claude/rules). Another repository's rules, which the
// session read to follow its conventions (`/home/u/billing-service/.claude/rules/api.md`), are loaded
// by no Claude Code started in this repository, yet a Claude Code hook's prompt now leaves them out.
// The other way round, the user's ~/.claude/CLAUDE.md, which Claude Code loads in every session as it
// does ~/.claude/rules, is still repeated to it.
import { describe, expect, it } from 'vitest';
import { loadsItself } from '../../src/resume/other-rules.js';

const ROOT = '/home/u/web-app';

describe('the instruction files Claude Code loads itself, outside the repository', () => {
  it("are the user's rules, not another repository's", () => {
    expect(loadsItself('claude-code', '/home/u/.claude/rules/testing.md', ROOT)).toBe(true);
    expect(loadsItself('claude-code', '.claude/rules/testing.md', ROOT)).toBe(true);
    // Another repository's rules folder: not loaded by a Claude Code in /home/u/web-app.
    expect(loadsItself('claude-code', '/home/u/billing-service/.claude/rules/api.md', ROOT)).toBe(false);
  });

  it("include the user's own ~/.claude/CLAUDE.md, loaded in every session as ~/.claude/rules is", () => {
    expect(loadsItself('claude-code', '/home/u/.claude/CLAUDE.md', ROOT)).toBe(true);
  });
});
