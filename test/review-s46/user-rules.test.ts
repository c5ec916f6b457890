// Claude Code attaches the user's own rules (~/.claude/rules/*.md, `type: "User"`) as nested_memory
// too: teslamint+entirecontext's sessions do, with /Users/teslamint/.claude/rules/code-and-testing.md.
// Claude Code loads that folder itself, as it does the project's .claude/rules/, yet loadsItself only
// knows the project's (a path relative to the root): a Claude Code hook's prompt repeats the user's
// global rules to the agent that loads them, against the commit's "a hook's prompt leaves them out
// for the agent that loads them itself".
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadsItself } from '../../src/resume/other-rules.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeUser, tempDir, writeJsonl } from '../helpers.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const RULE = 'Do NOT add new comments when editing code unless ABSOLUTELY necessary.';

describe("the user's own .claude/rules, attached by Claude Code", () => {
  it("is left out of a Claude Code hook's prompt, as the project's .claude/rules are", () => {
    const path = '/Users/u/.claude/rules/code-and-testing.md';
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'user-rules.jsonl'), [
        { ...claudeUser('Add tests for the parser'), cwd: '/Users/u/work/app' },
        {
          type: 'attachment',
          uuid: 'a1',
          sessionId: 'sess-1',
          cwd: '/Users/u/work/app',
          timestamp: '2026-01-01T00:11:00.000Z',
          attachment: {
            type: 'nested_memory',
            path,
            displayPath: '~/.claude/rules/code-and-testing.md',
            content: { path, type: 'User', content: `# Code\n\n- ${RULE}` },
          },
        },
      ]),
    );
    const root = '/Users/u/work/app';
    const trail = { ...buildTrail(t.events, root, root), session: sessionFacts({}, 'claude-code', t.events) };
    // Recorded as the read it is, its rule kept (recall finds it).
    expect(trail.files.find((f) => f.path === path)?.change).toContain(RULE);
    // Claude Code loads ~/.claude/rules itself.
    expect(loadsItself('claude-code', path, root)).toBe(true);
    const forClaude = trailBrief(trail, sampleManifest(), undefined, (p) => loadsItself('claude-code', p, root)).join('\n');
    expect(forClaude).not.toContain(RULE);
  });
});
