// Work left open while the agent's last turn asked the user something: the user's answer comes first.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, CORPUS, HAS_CORPUS, tempDir, writeJsonl } from '../helpers.js';

const sid = 'waiting-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const ok = (id: string) => user([{ type: 'tool_result', tool_use_id: id, content: 'ok', is_error: false }]);
const todos = (id: string, testing: 'in_progress' | 'completed') =>
  call(id, 'TodoWrite', {
    todos: [
      { content: 'Port the recorder to AudioWorklet', status: 'completed', activeForm: 'Porting the recorder' },
      { content: 'Test recording in the browser', status: testing, activeForm: 'Testing recording' },
    ],
  });

function manifestOf(lastWords: string, testing: 'in_progress' | 'completed' = 'in_progress') {
  const t = readTranscript(
    writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      user('Migrate the recorder to AudioWorklet'),
      todos('t1', 'in_progress'),
      ok('t1'),
      call('e1', 'Edit', { file_path: '/repo/js/recorder.js', old_string: 'a', new_string: 'b' }),
      ok('e1'),
      todos('t2', testing),
      ok('t2'),
      claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: lastWords }] }),
    ]),
  );
  return extractManifest({ transcript: t, pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
}

describe('an open task the last message handed to the user', () => {
  it('says what the agent asked, and the next session asks the user for the answer before it goes on', () => {
    const m = manifestOf(
      'The recorder now uses AudioWorklet.\n\n## Test it now\n1. Open http://localhost:5173\n2. Click Record\n\nOpen the console and let me know if you see any errors!',
    );
    expect(m.pending_tasks[0]).toMatchObject({
      task: 'Test recording in the browser',
      status: 'in_progress',
      context: 'waiting for the user: Open the console and let me know if you see any errors!',
    });
    expect(m.bootstrap_instructions).toContain('Ask the user first (task 1 waits on them), then continue pending task 1');
  });

  it('is plain open work when the last message asks nothing', () => {
    const m = manifestOf('The recorder now uses AudioWorklet; testing it next.');
    expect(m.pending_tasks[0]!.context).toBe("for the user's request: Migrate the recorder to AudioWorklet");
    expect(m.bootstrap_instructions).toContain('Continue pending task 1');
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the AudioWorklet migration whose testing the agent handed to the user (JSSoundRecorder)', () => {
    const t = readTranscript(join(CORPUS, 'claude-code/claude-code-log/-Users-dain-workspace-JSSoundRecorder/7acd37a8-2745-4b58-a8a9-46164b22ad9e.jsonl'));
    const m = extractManifest({ transcript: t, pressure: measurePressure(72_000, 200_000), git: { root: t.meta.cwd!, dirty: [], stateFiles: [] } });
    expect(m.pending_tasks[0]!.context).toMatch(/^waiting for the user: .*let me know if you see any errors/);
    expect(m.bootstrap_instructions.some((s) => s.startsWith('Ask the user first (task 1 waits on them)'))).toBe(true);
  });
});

describe('an issue the agent filed for later', () => {
  const bd = (id: string, command: string, output: string) => [
    call(id, 'Bash', { command }),
    user([{ type: 'tool_result', tool_use_id: id, content: output, is_error: false }]),
  ];
  const session = (closing: string) =>
    readTranscript(
      writeJsonl(join(tempDir(), `${sid}.jsonl`), [
        user('Work on bead web-7 and its subtasks.'),
        ...bd('b1', 'bd close web-7.1', '✓ Closed web-7.1'),
        ...bd('b2', 'bd create "Renderer drops agent_id" -p 3', '✓ Created issue: web-7.2\n  Title: Renderer drops agent_id\n  Priority: P3'),
        ...bd('b3', `bd close web-7 --reason="${closing}"`, '✓ Closed web-7'),
        claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: 'All done and pushed.' }] }),
      ]),
    );
  const manifestOf = (closing: string) =>
    extractManifest({ transcript: session(closing), pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });

  it('stays listed, says it was filed for later, and the next session asks before taking it up', () => {
    const m = manifestOf('All planned work done. One bug (web-7.2) filed for follow-up.');
    expect(m.pending_tasks).toMatchObject([{ task: 'web-7.2: Renderer drops agent_id', context: 'filed by the agent for later; not started' }]);
    expect(m.bootstrap_instructions).toContain('Nothing is in progress: ask the user whether to take up pending task 1 (filed for later)');
  });

  it('is plain open work when the agent said nothing of leaving it for later', () => {
    const m = manifestOf('Closing the epic.');
    expect(m.pending_tasks[0]!.context).not.toBe('filed by the agent for later; not started');
    expect(m.bootstrap_instructions).toContain('Start pending task 1');
  });
});

describe.skipIf(!HAS_CORPUS)('an issue filed for later, in a real session', () => {
  it('spotter-fum.5, filed while closing the epic, is offered, not started (spotter)', () => {
    const t = readTranscript(join(CORPUS, 'claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl'));
    const m = extractManifest({ transcript: t, pressure: measurePressure(132_000, 200_000), git: { root: t.meta.cwd!, dirty: [], stateFiles: [] } });
    expect(m.pending_tasks[0]).toMatchObject({ task: expect.stringMatching(/^spotter-fum\.5: /), context: 'filed by the agent for later; not started' });
    expect(m.bootstrap_instructions).toContain('Nothing is in progress: ask the user whether to take up pending task 1 (filed for later)');
  });
});

describe('a log that ends during a call', () => {
  const session = (withResult: boolean) =>
    readTranscript(
      writeJsonl(join(tempDir(), `${sid}.jsonl`), [
        user('Publish this session as a gist'),
        call('p1', 'Bash', { command: 'python3 scripts/publish.py 88f0' }),
        ...(withResult ? [user([{ type: 'tool_result', tool_use_id: 'p1', content: 'https://gist.github.com/u/abc', is_error: false }])] : []),
      ]),
    );
  const manifestOf = (withResult: boolean) =>
    extractManifest({ transcript: session(withResult), pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });

  it('says so, and the next session checks whether the call took effect before running it again (a publish, a deploy)', () => {
    const m = manifestOf(false);
    expect(m.pending_tasks[0]).toMatchObject({ task: 'Publish this session as a gist', context: 'asked by the user; the log ends mid-call' });
    expect(m.bootstrap_instructions).toContain('Check whether the last call took effect (no result in the log), then continue pending task 1');
  });

  it('is not said when the call has its result', () => {
    expect(manifestOf(true).bootstrap_instructions.join('\n')).not.toContain('took effect');
  });
});

describe('a file the session could not read', () => {
  it('is no file the work refers to, however often it was tried (a fixture too big to read whole)', () => {
    const read = (id: string, ok: boolean) => [
      call(id, 'Read', { file_path: '/repo/test/fixtures/huge.jsonl' }),
      user([
        { type: 'tool_result', tool_use_id: id, content: ok ? 'line 1' : 'File content (85812 tokens) exceeds maximum allowed tokens (25000).', is_error: !ok },
      ]),
    ];
    const m = (ok: boolean) =>
      extractManifest({
        transcript: readTranscript(
          writeJsonl(join(tempDir(), `${sid}.jsonl`), [user('Look at the fixture'), ...read('r1', ok), ...read('r2', ok), ...read('r3', ok)]),
        ),
        pressure: measurePressure(21_000, 200_000),
        git: { root: '/repo', dirty: [], stateFiles: [] },
      }).memory_pointers.reference_files;
    expect(m(false)).toEqual([]);
    expect(m(true)).toEqual(['test/fixtures/huge.jsonl']);
  });
});
