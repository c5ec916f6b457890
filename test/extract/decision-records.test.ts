// A decision record the session wrote (an ADR) is one of its decisions, whatever language the agent
// talked in (a held-out session decided in Korean and recorded the decision in English).
import { describe, expect, it } from 'vitest';
import { decisionRecords } from '../../src/extract/decision-records.js';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/pressure.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const ADR = [
  '# 0019. Defer `py.typed` Marker Until Stable',
  '',
  '**Status:** accepted',
  '',
  '## Context',
  '',
  'No external typed caller consumes the public signatures.',
  '',
  '## Decision',
  '',
  'Defer shipping `py.typed` until the package reaches stable status.',
].join('\n');
const write = (id: string, path: string, change: string): TranscriptEvent[] => [
  { kind: 'edit', id, paths: [path], created: [path], change, tool: 'Write' },
  { kind: 'result', id, ok: true, output: 'File created' },
];
const rel = (p: string): string => p.replace(/^\/repo\//, '');

describe('decision records', () => {
  it('are the ADRs the session created: where, the title, and what the Decision section says', () => {
    expect(decisionRecords(write('w1', '/repo/docs/adr/0019-defer-py-typed-marker.md', ADR), rel)).toEqual([
      'docs/adr/0019-defer-py-typed-marker.md: 0019. Defer `py.typed` Marker Until Stable (Defer shipping `py.typed` until the package reaches stable status.)',
    ]);
    expect(decisionRecords(write('w1', '/repo/ADR-007-queue.md', '# Use SQS\n\nStatus: accepted\n\nWe use SQS.'), rel)).toEqual(['ADR-007-queue.md: Use SQS']);
  });

  it('are not other documents: a README with a status, a note in adr/ that records nothing', () => {
    expect(decisionRecords(write('w1', '/repo/README.md', '# App\n\nStatus: beta\n\n## Decision log\n\nSee adr/.'), rel)).toEqual([]);
    expect(decisionRecords(write('w1', '/repo/docs/adr/README.md', '# Decision records\n\nOne file per decision.'), rel)).toEqual([]);
    // Not in force: proposed for the user to agree (a field or a section), or rejected.
    expect(decisionRecords(write('w1', '/repo/docs/adr/0007-redis.md', ADR.replace('accepted', 'Proposed')), rel)).toEqual([]);
    expect(decisionRecords(write('w1', '/repo/docs/decisions/0008-x.md', '# Use X\n\n## Status\n\nRejected\n\n## Decision\n\nUse X.'), rel)).toEqual([]);
  });

  it("are among the manifest's decisions", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: '다음 작업을 진행해 주세요' },
      { kind: 'say', text: 'Alpha 상태에서 `py.typed` 출시는 시기상조입니다. ADR로 기록합니다.' },
      ...write('w1', '/repo/docs/adr/0019-defer-py-typed-marker.md', ADR),
    ];
    const m = extractManifest({
      transcript: { agent: 'claude-code', path: '/tmp/x.jsonl', meta: {}, events, stats: { lines: 1, skipped: 0, bytes: 1 } },
      pressure: measurePressure(1000, 200_000),
      git: { root: '/repo', dirty: [], stateFiles: [] },
    });
    expect(m.critical_context.key_decisions[0]).toMatch(/^Decision record docs\/adr\/0019-defer-py-typed-marker\.md: 0019\. Defer `py\.typed`/);
  });
});
