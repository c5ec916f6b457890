// Claude Code's progress lines are read for the session's fields alone: the reading is the same as a whole parse.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCode } from '../../src/agents/claude-code/index.js';
import { SKIM_MIN_BYTES, skimProgress } from '../../src/agents/claude-code/skim.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const progress = {
  parentUuid: 'p-1',
  isSidechain: false,
  userType: 'external',
  cwd: 'C:\\Users\\ana\\repo',
  sessionId: 'skim-1',
  version: '2.1.39',
  gitBranch: 'feature/x',
  type: 'progress',
  // Long enough to be skimmed (a shorter one is parsed whole).
  data: { type: 'bash_progress', output: `"type":"user" {"timestamp":"1999-01-01T00:00:00Z"}${'.'.repeat(SKIM_MIN_BYTES)}`, elapsedTimeSeconds: 3 },
  toolUseID: 't1',
  timestamp: '2026-12-01T10:00:05.000Z',
  uuid: 'u-1',
};
const bytes = (o: object | string) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o));

describe("a Claude Code progress line's skim", () => {
  it('is its session fields and its own time, not its running output', () => {
    expect(skimProgress(bytes(progress))).toEqual({
      parentUuid: 'p-1',
      isSidechain: false,
      userType: 'external',
      cwd: 'C:\\Users\\ana\\repo',
      sessionId: 'skim-1',
      version: '2.1.39',
      gitBranch: 'feature/x',
      type: 'progress',
      timestamp: '2026-12-01T10:00:05.000Z',
    });
  });

  it('is no skim of a short line: that is parsed whole', () => {
    expect(skimProgress(bytes({ ...progress, data: {} }))).toBeUndefined();
  });

  it('is no skim of another line, nor of one whose head is not plain fields', () => {
    // Each long enough to be skimmed.
    const pad = '.'.repeat(SKIM_MIN_BYTES);
    const user = { type: 'user', sessionId: 'skim-1', message: { role: 'user', content: `say "type":"progress" ${pad}` } };
    expect(skimProgress(bytes(user))).toBeUndefined();
    expect(skimProgress(bytes({ data: { type: 'progress', pad }, type: 'progress' }))).toBeUndefined();
    expect(skimProgress(bytes(`{"sessionId":"s","type":"progress","data":{"pad":"${pad}"}}\r`))).toBeUndefined();
    expect(skimProgress(bytes(`{"sessionId":"s" "cwd":"x","type":"progress","data":{"pad":"${pad}"}}`))).toBeUndefined();
  });

  const whole = (path: string) => {
    const skim = claudeCode.skim;
    delete (claudeCode as { skim?: unknown }).skim;
    try {
      return readTranscript(path);
    } finally {
      (claudeCode as { skim?: unknown }).skim = skim;
    }
  };

  it('leaves the reading as a whole parse gives it', () => {
    const path = writeJsonl(join(tempDir(), 'skim-1.jsonl'), [
      { ...progress, timestamp: '2026-12-01T10:00:00.000Z' },
      { type: 'user', sessionId: 'skim-1', cwd: '/repo', timestamp: '2026-12-01T10:00:01.000Z', message: { role: 'user', content: 'Run the tests' } },
      claudeAssistant({ id: 'm1', tokens: 10_000, sessionId: 'skim-1', content: [{ type: 'text', text: 'Running them.' }] }),
      { ...progress, gitBranch: 'feature/y', version: '2.1.40', timestamp: '2026-12-01T10:09:00.000Z' },
    ]);
    const t = readTranscript(path);
    expect(t.meta).toMatchObject({ branch: 'feature/y', agentVersion: '2.1.40', endedAt: '2026-12-01T10:09:00.000Z' });
    expect(t).toEqual(whole(path));
  });

  it.skipIf(!HAS_CORPUS)('in the real 2.9 MB session (a third of its bytes are progress lines): the same reading', () => {
    const path = join(CORPUS, 'claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
    expect(readTranscript(path)).toEqual(whole(path));
  });
});
