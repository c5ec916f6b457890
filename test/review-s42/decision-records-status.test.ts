// Review s42: a record only proposed (or rejected), or an ADR template, is no decision.
import { describe, expect, it } from 'vitest';
import { decisionRecords } from '../../src/extract/decision-records.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const written = (path: string, change: string): TranscriptEvent[] => [{ kind: 'edit', id: 'w', paths: [path], created: [path], change, tool: 'Write' }];
const rel = (p: string): string => p.replace('/repo/', '');

describe('decision records that decided nothing', () => {
  it('a Proposed record awaiting review is not a decision', () => {
    const adr =
      '# 7. Use Redis for the job queue\n\n**Status:** Proposed\n\n## Context\n\nJobs are lost on restart.\n\n## Decision\n\nWe will use Redis Streams for the job queue.\n';
    expect(decisionRecords(written('/repo/docs/adr/0007-use-redis.md', adr), rel)).toEqual([]);
  });
  it('a Rejected record is not a decision to do it', () => {
    const adr = '# 8. Move to GraphQL\n\nStatus: Rejected\n\n## Decision\n\nAdopt GraphQL for the public API.\n';
    expect(decisionRecords(written('/repo/docs/adr/0008-graphql.md', adr), rel)).toEqual([]);
  });
  it("MADR's template (docs/adr/adr-template.md, 0000-template.md) is no record", () => {
    const tpl =
      '# {short title of solved problem and solution}\n\n* Status: {proposed | rejected | accepted | deprecated}\n\n## Decision Outcome\n\nChosen option: "{option 1}", because {justification}.\n';
    expect(decisionRecords(written('/repo/docs/adr/adr-template.md', tpl), rel)).toEqual([]);
    expect(decisionRecords(written('/repo/docs/decisions/0000-template.md', tpl), rel)).toEqual([]);
  });
});
