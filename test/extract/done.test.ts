// "Done" only for work that happened: not a design written for code, not a step the agent says it could not take.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { fitToBudget, manifestBytes } from '../../src/manifest/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'done-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const edit = (id: string, file: string) =>
  claudeAssistant({
    id: `m-${id}`,
    tokens: 10_000,
    sessionId: sid,
    content: [{ type: 'tool_use', id, name: 'Edit', input: { file_path: `/repo/${file}`, old_string: 'a', new_string: 'b' } }],
  });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);
const say = (text: string) => claudeAssistant({ id: `m-say-${text.length}`, tokens: 11_000, sessionId: sid, content: [{ type: 'text', text }] });

function completed(lines: object[], root = '/repo'): string[] {
  const t = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines));
  return extractManifest({ transcript: t, pressure: measurePressure(11_000, 200_000), git: { root, dirty: [], stateFiles: [] } }).completed_tasks;
}

describe('a finished request counts as done only for what happened', () => {
  it('a request for code that only changed a design document says so', () => {
    expect(
      completed([
        user('Add a conversationId field to SyncState, set from the session id.'),
        edit('e1', 'docs/ARCHITECTURE.md'),
        ok('e1'),
        say('Done: the design now adds conversationId to SyncState.'),
      ]),
    ).toEqual(['(only documented, in ARCHITECTURE.md) Add a conversationId field to SyncState, set from the session id.']);
    // The same edit for a request that asked for the document is plain done work, and code changed is done too.
    expect(
      completed([user('Update the design doc: add a conversationId field.'), edit('e1', 'docs/ARCHITECTURE.md'), ok('e1'), say('Done, the doc is updated.')]),
    ).toEqual(['Update the design doc: add a conversationId field.']);
    expect(
      completed([
        user('Add a conversationId field to SyncState.'),
        edit('e1', 'docs/ARCHITECTURE.md'),
        ok('e1'),
        edit('e2', 'src/types.ts'),
        ok('e2'),
        say('Done: added conversationId.'),
      ]),
    ).toEqual(['Add a conversationId field to SyncState.']);
    // A request to find something out, answered, with a note written on the way: done, no shortfall.
    expect(
      completed([user('List the files in the repository and their sizes.'), edit('e1', 'notes.txt'), ok('e1'), say('Found 2 files: a.txt and b.txt.')]),
    ).toEqual(['List the files in the repository and their sizes.']);
    // One that also asks for a change ("find and fix") is work on the code: a note alone falls short of it.
    expect(completed([user('Find and fix the crash in the parser.'), edit('e1', 'notes.md'), ok('e1'), say('Done: the cause is noted.')])).toEqual([
      '(only documented, in notes.md) Find and fix the crash in the parser.',
    ]);
    expect(completed([user('Check why the login test fails, then fix it.'), edit('e1', 'notes.md'), ok('e1'), say('Done: the cause is noted.')])).toEqual([
      '(only documented, in notes.md) Check why the login test fails, then fix it.',
    ]);
  });

  it('a request the agent says it could not wholly do keeps what it said (a blocked browser, a refused step), curly apostrophes included', () => {
    const [done] = completed([
      user('Open the dashboard in the browser and draft a demo scenario.'),
      say(
        'I couldn’t open the dashboard: the browser policy blocked localhost.\n\nHere is a scenario drafted from the source code instead: 1. Analytics 2. Budgets. Done.',
      ),
    ]);
    expect(done).toBe(
      '(not all done: "I couldn’t open the dashboard: the browser policy blocked localhost.") Open the dashboard in the browser and draft a demo scenario.',
    );
  });
});

describe.skipIf(!HAS_CORPUS)('on the corpus', () => {
  const manifest = (rel: string) => {
    const t = readTranscript(join(CORPUS, rel));
    return extractManifest({ transcript: t, pressure: measurePressure(10_000, 200_000), git: { root: t.meta.cwd ?? '/', dirty: [], stateFiles: [] } });
  };
  it('a Phase 4.1 change made only in the design document is not called implemented', () => {
    expect(manifest('claude-code/codemie-code/session-624a4a58.jsonl').completed_tasks[0]).toMatch(/^\(only documented, in ARCHITECTURE-REFACTORING\.md\) /);
  });
  it('a demo whose browser navigation was blocked keeps the agent saying so', () => {
    expect(manifest('codex/codemie-code/rollout-2026-05-11T13-28-45-019e1695-0522-7c83-8b39-0dd379793f80.jsonl').completed_tasks[0]).toMatch(
      /^\(not all done: "I couldn’t directly inspect your already-open Chrome tab/,
    );
  });
});

describe('findings that still hold', () => {
  const findings = (...says: string[]) => {
    const t = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), [user('Find out why login fails.'), ...says.map((s) => say(s))]));
    return extractManifest({ transcript: t, pressure: measurePressure(11_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } }).critical_context
      .important_findings;
  };

  it('a hypothesis a later finding about the same thing replaced is dropped', () => {
    expect(
      findings('The issue is the cache TTL of the token store.', 'Found it: the token store clears its cache on every request, so the TTL never applies.'),
    ).toEqual(['the token store clears its cache on every request, so the TTL never applies.']);
  });

  it('one the agent took back is dropped; an unrelated one stays', () => {
    expect(
      findings(
        'The bug is caused by the timezone offset in parseDate.',
        'The config loader fails because the env file is missing.',
        'Actually the timezone offset in parseDate is handled; the leap-year branch returns NaN.',
      ),
    ).toEqual(['The config loader fails because the env file is missing.']);
  });

  it('a problem stated in the present and fixed later is dropped; a cause stated in the past stays', () => {
    expect(findings('The problem is that the lockfile is stale.', 'Regenerated it. The build succeeded.')).toEqual([]);
    expect(findings('The root cause was a stale lockfile.', 'Regenerated it. The build succeeded.')).toEqual(['The root cause was a stale lockfile.']);
  });

  it.skipIf(!HAS_CORPUS)('on the corpus: a packaging problem the session went on to solve is not left as a finding', () => {
    const t = readTranscript(
      join(CORPUS, 'claude-code/claude-code-log/-Users-dain-workspace-coderabbit-review-helper/cb2e607c-c758-415a-8b45-c49e4631906a.jsonl'),
    );
    const m = extractManifest({ transcript: t, pressure: measurePressure(10_000, 200_000), git: { root: t.meta.cwd!, dirty: [], stateFiles: [] } });
    expect(m.critical_context.important_findings.join('\n')).not.toContain('The issue is with how `uv tool install` is building the package');
  });
});

describe('finished work survives a tight budget', () => {
  it.skipIf(!HAS_CORPUS)('on the corpus: a session that built, tested and committed a plugin, with long instructions, still says what it finished', () => {
    const t = readTranscript(join(CORPUS, 'claude-code/session-share/general-tool-calls.jsonl'));
    const m = fitToBudget(
      extractManifest({ transcript: t, pressure: measurePressure(63_559, 200_000), git: { root: t.meta.cwd!, dirty: [], stateFiles: [] } }),
    );
    expect(manifestBytes(m)).toBeLessThanOrEqual(2048);
    expect(m.completed_total).toBe(5);
    expect(m.completed_tasks.length).toBeGreaterThanOrEqual(1);
  });

  it('the newest finished task outlasts the first shortening of instructions and pending work', () => {
    const t = readTranscript(
      writeJsonl(join(tempDir(), `${sid}.jsonl`), [
        ...Array.from({ length: 6 }, (_, i) =>
          user(`Never touch the generated folder number ${i}; ${'always keep the public API of the client stable for callers '.repeat(3)}`),
        ),
        claudeAssistant({
          id: 'todo',
          tokens: 10_000,
          sessionId: sid,
          content: [
            {
              type: 'tool_use',
              id: 'tw',
              name: 'TodoWrite',
              input: {
                todos: [
                  { content: 'Build the exporter', status: 'completed', activeForm: 'x' },
                  { content: 'Ship the exporter', status: 'in_progress', activeForm: 'x' },
                ],
              },
            },
          ],
        }),
      ]),
    );
    const m = fitToBudget(extractManifest({ transcript: t, pressure: measurePressure(10_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } }));
    expect(manifestBytes(m)).toBeLessThanOrEqual(2048);
    expect(m.completed_tasks).toEqual(['Build the exporter']);
  });
});

describe('completed work, newest first', () => {
  const todo = (id: string, items: Array<[string, string]>) =>
    claudeAssistant({
      id: `m-${id}`,
      tokens: 10_000,
      sessionId: sid,
      content: [{ type: 'tool_use', id, name: 'TodoWrite', input: { todos: items.map(([content, status]) => ({ content, status, activeForm: content })) } }],
    });
  it('in the order it was finished; of items a list marks done at once, the later in the list first', () => {
    expect(
      completed([
        todo('t1', [
          ['Write the parser', 'completed'],
          ['Write the printer', 'in_progress'],
          ['Add tests', 'pending'],
          ['Update the docs', 'pending'],
        ]),
        ok('t1'),
        todo('t2', [
          ['Write the parser', 'completed'],
          ['Write the printer', 'completed'],
          ['Add tests', 'completed'],
          ['Update the docs', 'completed'],
        ]),
        ok('t2'),
      ]),
    ).toEqual(['Update the docs', 'Add tests', 'Write the printer', 'Write the parser']);
  });
});
