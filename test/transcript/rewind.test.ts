// A conversation the user rewound (Claude Code): what they said on the branch they went back from no longer stands.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, claudeAssistant, claudeUser, tempDir, writeJsonl } from '../helpers.js';

const t = (minute: number) => `2026-02-16T19:${String(minute).padStart(2, '0')}:00.000Z`;
const prompt = (uuid: string, parentUuid: string | null, minute: number, text: string) => claudeUser(text, { uuid, parentUuid, timestamp: t(minute) });
const reply = (uuid: string, parentUuid: string, minute: number, text: string) => ({
  ...claudeAssistant({ id: `m-${uuid}`, tokens: 20_000, content: [{ type: 'text', text }] }),
  uuid,
  parentUuid,
  timestamp: t(minute),
});

function read(lines: object[]) {
  return readTranscript(writeJsonl(join(tempDir(), 'sess-1.jsonl'), lines));
}

describe('a rewound conversation', () => {
  const lines = [
    prompt('u1', null, 1, 'Here is an idea for organising docs: dev-docs/ for reference, work/ for the rest.'),
    reply('a1', 'u1', 2, 'Noted: dev-docs/ holds reference docs, work/ the in-progress ones.'),
    // The branch the user later went back from.
    prompt('u2', 'a1', 3, 'I very much like this idea. Never move files out of dev-docs/. List its strengths.'),
    reply('a2', 'u2', 4, 'Strengths: a clear entry point, less noise.'),
    // Rewound to a1: the new prompt's parent is older than the last prompt.
    prompt('u3', 'a1', 10, "I actually don't like this idea much. List its weak points."),
    reply('a3', 'u3', 11, 'Weak points: documents move between folders as their status changes.'),
  ];

  it('marks the prompts of the branch the user went back from, and only those', () => {
    const asks = read(lines).events.flatMap((e) => (e.kind === 'ask' ? [{ text: e.text.slice(0, 20), rewound: e.rewound ?? false }] : []));
    expect(asks).toEqual([
      { text: 'Here is an idea for ', rewound: false },
      { text: 'I very much like thi', rewound: true },
      { text: "I actually don't lik", rewound: false },
    ]);
    // A linear conversation marks nothing: each prompt's parent is the reply before it.
    const linear = read([lines[0]!, lines[1]!, lines[2]!, lines[3]!, prompt('u3', 'a2', 10, 'And its weak points?')]);
    expect(linear.events.some((e) => e.kind === 'ask' && e.rewound)).toBe(false);
  });

  it("keeps the rewound words out of the user's instructions and own words; recall says they were rewound", () => {
    const transcript = read(lines);
    const m = extractManifest({ transcript, pressure: measurePressure(20_000, 200_000), git: { root: '/tmp/project', dirty: [], stateFiles: [] } });
    expect(m.critical_context.user_instructions.join('\n')).not.toContain('Never move files out of dev-docs/');
    const trail = buildTrail(transcript.events, '/tmp/project', '/tmp/project');
    const brief = trailBrief(trail, m).join('\n');
    expect(brief).not.toContain('I very much like this idea');
    // The live branch's words are there (the manifest has the last request already).
    expect(`${JSON.stringify(m)}\n${brief}`).toContain("I actually don't like this idea much");
    const hit = recall([{ sessionId: 's', snapshot: 'x', trail }], 'did the user like the idea?').find((h) => h.line.includes('very much like'));
    expect(hit?.line).toMatch(/^the user said \(on a branch they later rewound\): /);
  });

  it('is told after a long branch too (4,000 calls), whose old events have lost their times', () => {
    const calls = Array.from({ length: 4000 }, (_, i) => ({
      ...claudeAssistant({ id: `m-g${i}`, tokens: 20_000, content: [{ type: 'tool_use', id: `g${i}`, name: 'Grep', input: { pattern: `p${i}` } }] }),
      uuid: `g${i}`,
      parentUuid: i ? `g${i - 1}` : 'u2',
      timestamp: `X`,
    }));
    const long = read([
      lines[0]!,
      lines[1]!,
      prompt('u2', 'a1', 3, 'Always use tabs here.'),
      ...calls,
      claudeUser('Use spaces after all.', { uuid: 'u3', parentUuid: 'a1', timestamp: '2026-02-16T21:00:00.000Z' }),
    ]);
    expect(long.events.flatMap((e) => (e.kind === 'ask' ? [[e.text, e.rewound ?? false]] : []))).toEqual([
      ['Here is an idea for organising docs: dev-docs/ for reference, work/ for the rest.', false],
      ['Always use tabs here.', true],
      ['Use spaces after all.', false],
    ]);
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the user went back and said the opposite (experiments-ideas)', () => {
    const transcript = readTranscript(join(CORPUS, 'claude-code/claude-code-log/-experiments-ideas/03eb5929-52b3-4b13-ada3-b93ae35806b8.jsonl'));
    const rewound = transcript.events.flatMap((e) => (e.kind === 'ask' && e.rewound ? [e.text] : []));
    expect(rewound[0]).toMatch(/^I very much like this idea/);
    expect(transcript.events.some((e) => e.kind === 'ask' && !e.rewound && /^I actually don't like much this idea/.test(e.text))).toBe(true);
  });
});
