// Review s38b: Claude Code AskUserQuestion choices with the options not picked (f19278a) and the
// 2.0 subagent cost trailer (f80ff1f), src/agents/claude-code/tool-results.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'review-s38b';
let n = 0;
const at = () => `2026-03-01T10:${String(n++).padStart(2, '0')}:00.000Z`;
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', timestamp: at(), message: { role: 'user', content } });
const call = (id: string, name: string, input: object) => ({
  ...claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] }),
  timestamp: at(),
});
const result = (id: string, content: unknown) => user([{ type: 'tool_result', tool_use_id: id, content }]);
const read = (lines: object[]) => {
  n = 0;
  return readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines)).events;
};

describe('review s38b: a choice and the options not picked', () => {
  // HIGH: a multiSelect answer is the picked labels joined by ", "; optionFacts splits it on ", ",
  // so a picked label that itself holds ", " ("Both, cache first" is the commit's own example) is
  // not recognised and is said as an option the user chose over.
  it('a picked multiSelect option whose label has a comma is not said as not picked', () => {
    const question = 'Which backends should I build?';
    const options = [
      { label: 'Both, cache first', description: 'The cache now, SFTP later' },
      { label: 'ENTSO-E SFTP bulk backend', description: 'Monthly CSVs over SFTP' },
      { label: 'REST polling', description: 'Poll the API' },
    ];
    const answer = 'Both, cache first, REST polling';
    const events = read([
      user('What should we add?'),
      call('q1', 'AskUserQuestion', { questions: [{ question, header: 'Backends', multiSelect: true, options }] }),
      {
        ...result('q1', `Your questions have been answered: "${question}"="${answer}". You can now continue with these answers in mind.`),
        toolUseResult: { questions: [{ question, multiSelect: true, options }], answers: { [question]: answer } },
      },
    ]);
    const choice = events.find((e) => e.kind === 'choice');
    expect(choice?.kind === 'choice' && choice.others).toEqual(['ENTSO-E SFTP bulk backend']);
    const decision = buildTrail(events, '/repo', '/repo').decisions.map((d) => d.text)[0];
    expect(decision).not.toContain('over "Both, cache first"');
  });
});

describe('review s38b: what a 2.0 subagent cost', () => {
  // MEDIUM: Claude Code 2.0.37 and 2.0.55 (corpus: claude-code-log/-src-deep-manifest, codemie-code
  // session-196820da) write no "agentId:" line under a Task report; toolUseResult has agentId and the
  // totals. withUsage needs an "agentId:" line in the text, so the cost the commit reads is dropped
  // for these versions (and report() would need the agentId line to say it anyway).
  it('2.0.55: the cost is said though the report text has no agentId line', () => {
    const events = read([
      user('Give me an overview of the code'),
      call('t1', 'Task', { description: 'Explore codebase structure', prompt: 'Overview of the code.' }),
      {
        ...result('t1', [{ type: 'text', text: 'A Python CLI that writes manifests.\n- **Configuration:** `pyproject.toml`' }]),
        toolUseResult: { status: 'completed', agentId: 'b71f2c0e', totalDurationMs: 37428, totalTokens: 43909, totalToolUseCount: 15 },
      },
    ]);
    const tool = buildTrail(events, '/repo', '/repo').tools.find((t) => t.by === 'Task')!;
    expect(tool.text).toContain('43909 tokens, 15 tool uses, 37 s');
  });

  // MEDIUM: withUsage skips any output that contains '<usage>' anywhere, so a report that quotes the
  // tag (a CLI's help template, an XML schema) loses its cost although it has no usage trailer.
  it("a report that quotes '<usage>' in its text still gets its cost", () => {
    const events = read([
      user('How does the CLI print help?'),
      call('t2', 'Task', { description: 'Find the help template', prompt: 'Where is the help text built?' }),
      {
        ...result('t2', [
          { type: 'text', text: 'The help text is built in src/help.ts from a template whose first line is <usage> followed by the commands.' },
          { type: 'text', text: "agentId: a2271d1 (for resuming to continue this agent's work if needed)" },
        ]),
        toolUseResult: { status: 'completed', agentId: 'a2271d1', totalDurationMs: 67437, totalTokens: 42775, totalToolUseCount: 24 },
      },
    ]);
    const tool = buildTrail(events, '/repo', '/repo').tools.find((t) => t.by === 'Task')!;
    expect(tool.text).toContain('(agentId a2271d1; 42775 tokens, 24 tool uses, 67 s)');
  });
});
