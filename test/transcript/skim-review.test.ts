// review-s38c (acf4d73): the skim accepts a progress line that a whole parse refuses. Its head and its
// last `}` are all it checks, so a line broken in its middle (a write cut short by a crash and the
// next line appended onto it; nesting past MAX_JSON_DEPTH) is read as a good line: the save's
// "skipped N lines" warning is gone, and the line's time is another line's.
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCode } from '../../src/agents/claude-code/index.js';
import { SKIM_MIN_BYTES } from '../../src/agents/claude-code/skim.js';
import { readTranscript } from '../../src/transcript/index.js';
import { tempDir, writeJsonl } from '../helpers.js';

// Each line padded after its type: long enough to be skimmed (a shorter one is parsed whole).
const head = (sessionId: string) =>
  `{"parentUuid":"p-1","isSidechain":false,"userType":"external","cwd":"/repo","sessionId":"${sessionId}","version":"2.1.39","gitBranch":"main","slug":"x","type":"progress","pad":"${'.'.repeat(SKIM_MIN_BYTES)}",`;
const user = (sessionId: string, text: string, timestamp: string) =>
  JSON.stringify({
    parentUuid: 'p-0',
    isSidechain: false,
    userType: 'external',
    cwd: '/repo',
    sessionId,
    version: '2.1.39',
    gitBranch: 'main',
    type: 'user',
    message: { role: 'user', content: text },
    uuid: 'u-9',
    timestamp,
  });

const whole = (path: string) => {
  const skim = claudeCode.skim;
  delete (claudeCode as { skim?: unknown }).skim;
  try {
    return readTranscript(path, 'claude-code');
  } finally {
    (claudeCode as { skim?: unknown }).skim = skim;
  }
};

describe('review-s38c: a broken progress line is read as a good one by the skim', () => {
  it('[medium] a progress line cut short with the next line appended onto it: counted broken by a whole parse, not by the skim', () => {
    // Claude Code was killed while writing a bash_progress line; the resumed process appended its next line (a prompt) to it.
    const broken =
      `${head('br-1')}"data":{"type":"bash_progress","output":"npm test\\n> vitest run\\n  ✓ a.test` +
      user('br-1', 'Now deploy it to production', '2026-12-01T11:30:00.000Z');
    const path = writeJsonl(join(tempDir(), 'br-1.jsonl'), [
      user('br-1', 'Run the tests', '2026-12-01T10:00:00.000Z'),
      broken,
      user('br-1', 'Thanks', '2026-12-01T10:05:00.000Z'),
    ]);
    const skimmed = readTranscript(path, 'claude-code');
    const parsed = whole(path);
    // The prompt on the broken line is lost either way; only the whole parse says a line was skipped
    // (session/index.ts skippedLines -> save's "skipped 1 of 3 lines ... the rest was saved").
    expect(parsed.stats.broken).toBe(1);
    expect(skimmed.stats.broken).toBe(parsed.stats.broken);
    expect(skimmed.stats.skipped).toBe(parsed.stats.skipped);
  });

  it("[medium] the same line's time is the appended line's: the session's end is a time no whole line has", () => {
    const broken = `${head('br-2')}"data":{"type":"bash_progress","output":"npm te` + user('br-2', 'Deploy', '2026-12-01T23:59:00.000Z');
    const path = writeJsonl(join(tempDir(), 'br-2.jsonl'), [user('br-2', 'Run the tests', '2026-12-01T10:00:00.000Z'), broken]);
    expect(readTranscript(path, 'claude-code').meta.endedAt).toBe(whole(path).meta.endedAt);
  });

  it('[low] a progress line nested deeper than MAX_JSON_DEPTH (refused by parseJsonLine) is read by the skim', () => {
    const deep = `${head('br-3')}"data":${'['.repeat(600)}${']'.repeat(600)},"timestamp":"2026-12-01T12:00:00.000Z","uuid":"u"}`;
    const path = writeJsonl(join(tempDir(), 'br-3.jsonl'), [user('br-3', 'Run the tests', '2026-12-01T10:00:00.000Z'), deep]);
    const skimmed = readTranscript(path, 'claude-code');
    const parsed = whole(path);
    expect(parsed.stats.broken).toBe(1);
    expect({ broken: skimmed.stats.broken, endedAt: skimmed.meta.endedAt }).toEqual({ broken: parsed.stats.broken, endedAt: parsed.meta.endedAt });
  });

  it("[low] a running session's half-written agent_progress line, cut after a nested `}`, gives the session a subagent message's time as its end", () => {
    // The line as it is while Claude Code still writes it: its data's message (with the subagent message's own time) is complete, the rest is not yet.
    const partial = `${head('br-4')}"data":{"message":{"type":"user","message":{"role":"user","content":"look"},"uuid":"s-1","timestamp":"2026-12-01T09:00:00.000Z"}`;
    const dir = tempDir();
    const path = join(dir, 'br-4.jsonl');
    writeJsonl(path, [user('br-4', 'Run the tests', '2026-12-01T10:00:00.000Z')]);
    appendFileSync(path, partial);
    const skimmed = readTranscript(path, 'claude-code');
    const parsed = whole(path);
    expect(parsed.meta.endedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(skimmed.meta.endedAt).toBe(parsed.meta.endedAt);
  });
});
