import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'reading-1';
let n = 0;
const at = () => `2026-03-01T10:${String(n++).padStart(2, '0')}:00.000Z`;
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', timestamp: at(), message: { role: 'user', content } });
const call = (id: string, name: string, input: object) => ({
  ...claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] }),
  timestamp: at(),
});
const say = (id: string, text: string) => ({
  ...claudeAssistant({ id: `t-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'text', text }] }),
  timestamp: at(),
});
const result = (id: string, content: unknown) => user([{ type: 'tool_result', tool_use_id: id, content }]);

/** A scanner's report as JSON: the package and its version are values no question names. */
const POSTURE = JSON.stringify({ ok: true, project: 'lab-memory', issue_counts: { vulnerability: 5 }, source: { id: 'pip+mcp$1.6.0', version: '1.6.0' } });
const READING = 'All 5 vulns are in the same package: `mcp` (Python SDK) 1.6.0. Upgrading it fixes all of them.';

function recallOf(lines: object[], question: string): string[] {
  n = 0;
  const transcript = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines));
  const trail = buildTrail(transcript.events, '/repo', '/repo');
  return recall([{ sessionId: sid, snapshot: 'abc1234', trail }], question).map((h) => h.line);
}

const QUESTION = 'What did the fossa project posture report for lab-memory?';

describe('the best hit with how the agent read its output', () => {
  it("a call's output that answers best comes with what the agent said right after it, cut where a word ends", () => {
    const lines = recallOf(
      [
        user('Scan lab-memory with fossa and fix what it finds.'),
        call('f1', 'mcp__fossa__fossa_project_posture', { project: 'lab-memory' }),
        result('f1', POSTURE),
        say('s1', `${READING} ${'Then the WAF sensors, one per finding, each checked against the live controller first. '.repeat(3)}`),
        call('b1', 'Bash', { command: 'ls sensors' }),
        result('b1', 'host.yaml'),
      ],
      QUESTION,
    );
    expect(lines[0]).toMatch(
      /^tool mcp__fossa__fossa_project_posture .* → the agent then said: All 5 vulns are in the same package: `mcp` \(Python SDK\) 1\.6\.0\. .* …$/,
    );
    // At most its share: 140 characters and the mark.
    expect(lines[0]!.slice(lines[0]!.indexOf('then said: ') + 11).length).toBeLessThanOrEqual(142);
  });

  it('not what it said after another call, or after the user spoke', () => {
    const afterCall = recallOf(
      [
        user('Scan lab-memory with fossa.'),
        call('f1', 'mcp__fossa__fossa_project_posture', { project: 'lab-memory' }),
        result('f1', POSTURE),
        call('b1', 'Bash', { command: 'npm run lint' }),
        result('b1', 'no problems'),
        say('s1', READING),
      ],
      QUESTION,
    );
    expect(afterCall[0]).toMatch(/^tool mcp__fossa__fossa_project_posture/);
    expect(afterCall[0]).not.toContain('then said');
    const afterUser = recallOf(
      [
        user('Scan lab-memory with fossa.'),
        call('f1', 'mcp__fossa__fossa_project_posture', { project: 'lab-memory' }),
        result('f1', POSTURE),
        user('Stop, what does the posture say?'),
        say('s1', READING),
      ],
      QUESTION,
    );
    expect(afterUser.find((l) => l.startsWith('tool mcp__fossa'))).not.toContain('then said');
  });
});
