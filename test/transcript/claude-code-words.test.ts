/**
 * The user's words wherever Claude Code records them: a tool call rejected with a reason, a
 * prompt queued while the agent worked, the answers to the agent's question with options.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, CORPUS, HAS_CORPUS, tempDir, writeJsonl } from '../helpers.js';

const sid = 'words-1';
const user = (content: unknown, extra: object = {}) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content }, ...extra });
const toolUse = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const result = (id: string, content: string, isError = false) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: isError }]);

describe('the user words Claude Code keeps outside user prompts', () => {
  const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
    user('Rename the script and package it for uv.'),
    toolUse('t1', 'Bash', { command: 'git mv extract-feedback.py extract_feedback.py' }),
    result(
      't1',
      "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). The user provided the following reason for the rejection:  Let's keep the name of the py file but change the pyproject script to reference it",
      true,
    ),
    toolUse('t2', 'AskUserQuestion', {
      questions: [
        {
          question: 'How should corrupted archives be reported?',
          options: [
            { label: 'Option B: Marker entry', description: 'A separate archive.zip//?ERROR entry' },
            { label: 'Option C: Extra field', description: 'A 4th tab-separated field on the archive line itself' },
          ],
        },
        {
          question: 'Which formats?',
          multiSelect: true,
          options: [
            { label: '.tar', description: 'Plain tar' },
            { label: '.tgz', description: 'Gzipped tar' },
          ],
        },
        { question: 'Named how?', options: [{ label: 'Short' }] },
      ],
    }),
    result(
      't2',
      'User has answered your questions: "How should corrupted archives be reported?"="Option C: Extra field", "Which formats?"=".tar, .tgz", "Named how?"="Short". You can now continue with the user\'s answers in mind.',
    ),
    {
      type: 'queue-operation',
      operation: 'enqueue',
      sessionId: sid,
      timestamp: '2026-01-07T21:08:38.458Z',
      content: 'no, add conversationId field, but set value from sessionId',
    },
    claudeAssistant({ id: 'm-end', tokens: 12_000, sessionId: sid, content: [{ type: 'text', text: 'Working on it.' }] }),
  ]);
  const t = readTranscript(path);

  it('reads a rejection reason as a redirect, an answered question as a choice, a queued prompt as a prompt', () => {
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => (e.kind === 'ask' ? e.text : ''))).toEqual([
      'Rename the script and package it for uv.',
      "Let's keep the name of the py file but change the pyproject script to reference it",
      'no, add conversationId field, but set value from sessionId',
    ]);
    // With what the options picked said they do (the option alone, "Option C", says nothing later on).
    expect(t.events.filter((e) => e.kind === 'choice')).toMatchObject([
      {
        question: 'How should corrupted archives be reported?',
        answer: 'Option C: Extra field',
        meaning: 'A 4th tab-separated field on the archive line itself',
      },
      { question: 'Which formats?', answer: '.tar, .tgz', meaning: 'Plain tar; Gzipped tar' },
      { question: 'Named how?', answer: 'Short' },
    ]);
    expect(t.events.findLast((e) => e.kind === 'choice')).not.toHaveProperty('meaning');
  });

  it('the manifest keeps them as instructions and a decision', () => {
    const m = extractManifest({ transcript: t, pressure: measurePressure(12_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.critical_context.user_instructions).toEqual(
      expect.arrayContaining([
        "Let's keep the name of the py file but change the pyproject script to reference it",
        'no, add conversationId field, but set value from sessionId',
      ]),
    );
    // The last two answers, each with what its options said.
    expect(m.critical_context.key_decisions).toEqual(
      expect.arrayContaining(['The user chose ".tar, .tgz" (Plain tar; Gzipped tar) for: Which formats?', 'The user chose "Short" for: Named how?']),
    );
  });

  it('Claude Code 2.1\'s "Your questions have been answered": a choice too, from the answers its result holds, with the options not picked', () => {
    const options = [
      { label: 'Disk cache for API responses (Recommended)', description: 'Cache raw payloads on disk, keyed by endpoint and window' },
      { label: 'ENTSO-E SFTP bulk backend', description: 'Pull monthly CSVs over SFTP' },
      { label: 'Both, cache first', description: 'The cache now, the SFTP backend later' },
    ];
    const question = 'Which direction should I build next?';
    const p = writeJsonl(join(tempDir(), 'answered-21.jsonl'), [
      user('The long ranges hit 429s. What now?'),
      toolUse('q1', 'AskUserQuestion', { questions: [{ question, header: 'Next step', multiSelect: false, options }] }),
      {
        ...result(
          'q1',
          `Your questions have been answered: "${question}"="Disk cache for API responses (Recommended)". You can now continue with these answers in mind.`,
        ),
        toolUseResult: { questions: [{ question, options }], answers: { [question]: 'Disk cache for API responses (Recommended)' }, annotations: {} },
      },
    ]);
    const events = readTranscript(p).events;
    expect(events.filter((e) => e.kind === 'choice')).toEqual([
      expect.objectContaining({
        question,
        answer: 'Disk cache for API responses (Recommended)',
        meaning: 'Cache raw payloads on disk, keyed by endpoint and window',
        others: ['ENTSO-E SFTP bulk backend', 'Both, cache first'],
      }),
    ]);
    expect(buildTrail(events, '/repo', '/repo').decisions.map((d) => d.text)).toEqual([
      `the user chose "Disk cache for API responses (Recommended)" over "ENTSO-E SFTP bulk backend", "Both, cache first" for: ${question} (Cache raw payloads on disk, keyed by endpoint and window)`,
    ]);
  });

  it('Claude Code 2.1.220+\'s "The user answered:" (an answer typed, not picked): every answer is a choice, read from the result and from its text', () => {
    const options = [{ label: 'Give me SSH access' }, { label: "I'll deploy it myself" }];
    const deploy = 'How should the box get the 0.3.0 image?';
    const submit = 'How far should I go without checking back?';
    const text = `The user answered: "${deploy}"="check justfiles.", "${submit}"="Dry run only". Read the answers carefully \u2014 they may request clarification, changes, or that you not proceed \u2014 and follow what they actually say.`;
    const questions = [
      { question: deploy, header: 'Deploy', multiSelect: false, options },
      { question: submit, header: 'Submissions', multiSelect: false, options: [{ label: 'API targets only' }, { label: 'Dry run only' }] },
    ];
    const lines = (withResult: boolean) => [
      user('Ship 0.3.0 and submit it.'),
      toolUse('q1', 'AskUserQuestion', { questions }),
      { ...result('q1', text), ...(withResult ? { toolUseResult: { questions, answers: { [deploy]: 'check justfiles.', [submit]: 'Dry run only' } } } : {}) },
    ];
    for (const withResult of [true, false]) {
      const events = readTranscript(writeJsonl(join(tempDir(), 'typed.jsonl'), lines(withResult))).events;
      expect(events.filter((e) => e.kind === 'choice')).toEqual([
        expect.objectContaining({ question: deploy, answer: 'check justfiles.' }),
        expect.objectContaining({ question: submit, answer: 'Dry run only', others: ['API targets only'] }),
      ]);
    }
  });

  it('a tool output that merely looks like answers is not a choice', () => {
    const p = writeJsonl(join(tempDir(), 'other.jsonl'), [toolUse('x', 'Bash', { command: 'cat config' }), result('x', '"a"="b"\n"c"="d"')]);
    expect(readTranscript(p).events.some((e) => e.kind === 'choice')).toBe(false);
  });

  it('"Chat about this" on a question is no user words: the harness\'s clarify text is not a prompt, what the user then types is', () => {
    const clarify = [
      "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). To tell you how to proceed, the user said:",
      'The user wants to clarify these questions.',
      '    This means they may have additional information, context or questions for you.',
      '    Take their response into account and then reformulate the questions if appropriate.',
      '',
      '    Questions asked:',
      '- "Which version to tag?"',
      '  (No answer provided)',
    ].join('\n');
    const p = writeJsonl(join(tempDir(), 'clarify.jsonl'), [
      user('Tag the release please.'),
      toolUse('q', 'AskUserQuestion', { questions: [{ question: 'Which version to tag?', options: [{ label: 'v0.4.0' }, { label: 'v0.3.4' }] }] }),
      result('q', clarify, true),
      user('Why not a patch version? We shipped breaking changes as patches before.'),
    ]);
    const asks = readTranscript(p).events.flatMap((e) => (e.kind === 'ask' ? [e.text] : []));
    expect(asks).toEqual(['Tag the release please.', 'Why not a patch version? We shipped breaking changes as patches before.']);
  });
});

describe('a prompt sent from the IDE extension', () => {
  const opened = {
    type: 'text',
    text: '<ide_opened_file>The user opened the file /repo/vercel.json in the IDE. This may or may not be related to the current task.</ide_opened_file>',
  };
  const path = writeJsonl(join(tempDir(), 'ide.jsonl'), [
    user([opened, { type: 'text', text: 'This build fails, maybe use the https repo address?' }]),
    claudeAssistant({ id: 'm1', tokens: 10_000, sessionId: sid, content: [{ type: 'text', text: 'Switching to https.' }] }),
    user('<ide_selection>The user selected lines 3-4 of /repo/a.ts: const x = 1;</ide_selection>\nRename x to count.'),
    claudeAssistant({ id: 'm2', tokens: 11_000, sessionId: sid, content: [{ type: 'text', text: 'Renamed.' }] }),
    user([opened]),
    user('<system-reminder>Files changed on disk.</system-reminder>'),
  ]);
  const asks = readTranscript(path).events.flatMap((e) => (e.kind === 'ask' ? [e.text] : []));

  it('keeps the typed words, without what the IDE added; the IDE context alone is no prompt', () => {
    expect(asks).toEqual(['This build fails, maybe use the https repo address?', 'Rename x to count.']);
  });
});

describe.skipIf(!HAS_CORPUS)('IDE prompts in the corpus', () => {
  it('every user line with typed words after an <ide_…> block is read as a prompt', () => {
    const path = join(CORPUS, 'claude-code', 'claude-code-log', '-Users-dain-workspace-danieldemmel-me-next', '9e953218-585f-4692-89df-9e0747a31c68.jsonl');
    const asks = readTranscript(path).events.flatMap((e) => (e.kind === 'ask' ? [e.text] : []));
    expect(asks.some((a) => a.startsWith('This is annoying, maybe we should use the https repo address?'))).toBe(true);
    expect(asks.some((a) => a.startsWith('Next.js is being really annoying'))).toBe(true);
    expect(asks.some((a) => a.includes('<ide_'))).toBe(false);
  });
});

describe('a log that holds the same conversation twice (Claude Code writes it again when resumed or rewound)', () => {
  const at = '2026-01-21T16:45:12.378Z';
  const copy = (uuid: string) => [
    user('are you able to test it', { uuid, timestamp: at }),
    { ...toolUse('c1', 'Bash', { command: 'git commit -qm "Add plugin"' }), uuid: `${uuid}-a`, timestamp: at },
    { ...result('c1', '[main f0bf20a] Add plugin'), uuid: `${uuid}-r`, timestamp: at },
    {
      ...claudeAssistant({ id: 'm-done', tokens: 12_000, sessionId: sid, content: [{ type: 'text', text: 'Committed as f0bf20a.' }] }),
      uuid: `${uuid}-s`,
      timestamp: at,
    },
  ];
  const path = writeJsonl(join(tempDir(), 'twice.jsonl'), [
    ...copy('first'),
    ...copy('second'),
    user('/publish', { timestamp: '2026-01-21T16:50:00.000Z' }),
    {
      type: 'assistant',
      sessionId: sid,
      timestamp: '2026-01-21T16:50:01.000Z',
      message: { id: 'synthetic-1', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'No response requested.' }] },
    },
  ]);
  const events = readTranscript(path).events;

  it('reads each message, call and result once', () => {
    expect(events.filter((e) => e.kind === 'ask').map((e) => (e.kind === 'ask' ? e.text : ''))).toEqual(['are you able to test it', '/publish']);
    expect(events.filter((e) => e.kind === 'command')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'result')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'say').map((e) => (e.kind === 'say' ? e.text : ''))).toEqual(['Committed as f0bf20a.']);
  });

  it("the harness's 'No response requested.' is not the agent's words", () => {
    expect(events.some((e) => e.kind === 'say' && /No response requested/.test(e.text))).toBe(false);
  });
});

describe('what an Edit changed', () => {
  it('is the lines it added, not the context it repeated to anchor itself, and nothing for a removal', () => {
    const old_string = 'import Config\nconfig :logger, level: :warning';
    const new_string =
      'import Config\nconfig :logger, level: :warning\n\nconfig :spotter, SpotterWeb.Endpoint,\n  http: [ip: {127, 0, 0, 1}, port: 4002],\n  server: false';
    const path = writeJsonl(join(tempDir(), 'edit.jsonl'), [
      toolUse('e1', 'Edit', { file_path: '/repo/config/test.exs', old_string, new_string }),
      toolUse('e2', 'MultiEdit', {
        file_path: '/repo/a.py',
        edits: [
          { old_string: 'def a():\n    pass', new_string: 'def a():\n    return 1' },
          { old_string: 'x = 1', new_string: '' },
        ],
      }),
      toolUse('e3', 'Edit', { file_path: '/repo/b.py', old_string: 'a\nb', new_string: 'b\na' }),
      // A method's signature changed inside its class: the class is named; a new top-level function after another is not put inside it.
      toolUse('e4', 'Edit', {
        file_path: '/repo/m.py',
        old_string: 'class ManifestEntry:\n    def __init__(self, path):\n        self.path = path',
        new_string: 'class ManifestEntry:\n    def __init__(self, path, error=None):\n        self.path = path\n        self.error = error',
      }),
      toolUse('e5', 'Edit', { file_path: '/repo/n.py', old_string: 'def a():\n    pass', new_string: 'def a():\n    pass\ndef b():\n    pass' }),
      toolUse('e6', 'Edit', {
        file_path: '/repo/s.py',
        old_string: 'class Store:\n    def load(self):\n        pass\n    def save(self):\n        self.write()',
        new_string: 'class Store:\n    def load(self):\n        pass\n    def save(self):\n        self.write()\n        self.flush()',
      }),
    ]);
    const changes = readTranscript(path).events.flatMap((e) => (e.kind === 'edit' ? [e.change] : []));
    expect(changes[0]).toBe('config :spotter, SpotterWeb.Endpoint,\n  http: [ip: {127, 0, 0, 1}, port: 4002],\n  server: false');
    // The body of a() changed: said after the definition it is in, as git's hunk header does.
    expect(changes[1]).toBe('@@ def a():\n    return 1');
    expect(changes[3]).toBe('@@ class ManifestEntry:\n    def __init__(self, path, error=None):\n        self.error = error');
    // Lines added inside a method: the method, and the class it is in.
    expect(changes[5]).toBe('@@ class Store: › def save(self):\n        self.flush()');
    expect(changes[4]).toBe('def b():\n    pass');
    // A long Write keeps its head and, from all of it, what it defines; a document, its outline.
    const long = writeJsonl(join(tempDir(), 'write.jsonl'), [
      toolUse('w1', 'Write', { file_path: '/repo/tool.py', content: `${'x = 1\n'.repeat(600)}def late_function():\n    pass\n` }),
      toolUse('w2', 'Write', {
        file_path: '/repo/SPEC.md',
        content: `# Spec\n${'Prose of the spec.\n'.repeat(200)}## Step 4.5: Final commit on feat/lifecycle\n`,
      }),
      toolUse('w3', 'Write', { file_path: '/repo/app.js', content: `${'// filler\n'.repeat(200)}function outer() {\n  const local = 1;\n}\nconst TOP = 2;\n` }),
    ]);
    const [py, md, js] = readTranscript(long).events.flatMap((e) => (e.kind === 'edit' ? [e.change ?? ''] : []));
    expect(py).toContain('def late_function():');
    expect(md).toContain('## Step 4.5: Final commit on feat/lifecycle');
    expect(js).toContain('const TOP = 2;');
    expect(js).not.toContain('const local');
    // Nothing added (lines moved or removed): no change to show, not the text that stayed.
    expect(changes[2]).toBeUndefined();
  });
});

describe('hostile prompt text', () => {
  it('many unclosed <ide_…> tags are read in linear time', () => {
    const text = '<ide_a>'.repeat(40_000);
    const t0 = performance.now();
    const path = writeJsonl(join(tempDir(), 'tags.jsonl'), [user(`${text}\nreal words`)]);
    readTranscript(path);
    // Quadratic took seconds at this size; linear takes milliseconds. A generous bound.
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('an API error the harness wrote in the agent’s place is marked as the harness’s', () => {
    const path = writeJsonl(join(tempDir(), 'api-error.jsonl'), [
      user('Deploy it'),
      {
        type: 'assistant',
        sessionId: sid,
        isApiErrorMessage: true,
        message: { id: 'x1', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'API Error: 529 Overloaded' }] },
      },
    ]);
    expect(readTranscript(path).events.find((e) => e.kind === 'say')).toMatchObject({ text: 'API Error: 529 Overloaded', harness: true });
  });
});

describe("a subagent's own log (every line a sidechain)", () => {
  it("gives the session's facts from its lines: version, model, folder, start and end", () => {
    const line = (at: string, extra: object) => ({
      isSidechain: true,
      sessionId: 'parent-1',
      agentId: 'a1',
      cwd: '/repo',
      version: '2.1.114',
      gitBranch: 'main',
      timestamp: at,
      ...extra,
    });
    const t = readTranscript(
      writeJsonl(join(tempDir(), 'agent-a1.jsonl'), [
        line('2026-04-18T13:30:00.000Z', { type: 'user', message: { role: 'user', content: 'Write the comparison of the three designs.' } }),
        { ...claudeAssistant({ id: 'm1', tokens: 47_641, model: 'claude-opus-4-7', sidechain: true, cwd: '/repo' }), ...line('2026-04-18T13:33:59.516Z', {}) },
      ]),
    );
    expect(t.meta).toMatchObject({
      agentVersion: '2.1.114',
      model: 'claude-opus-4-7',
      cwd: '/repo',
      startedAt: '2026-04-18T13:30:00.000Z',
      endedAt: '2026-04-18T13:33:59.516Z',
    });
  });
});

describe('the prompt queue', () => {
  const op = (operation: string, at: string, content?: string) => ({
    type: 'queue-operation',
    operation,
    timestamp: at,
    sessionId: sid,
    ...(content ? { content } : {}),
  });
  const asks = (lines: object[]) =>
    readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), [user('Run the three tools one after another.'), ...lines]))
      .events.filter((e) => e.kind === 'ask')
      .map((e) => (e as { text: string }).text);

  it('keeps a prompt the agent got (at the next turn, or mid-turn), and drops one pulled back into the input box unsent', () => {
    expect(asks([op('enqueue', '2026-01-01T10:00:01Z', 'is the 3rd tool still running?'), op('popAll', '2026-01-01T10:00:05Z')])).toEqual([
      'Run the three tools one after another.',
    ]);
    expect(asks([op('enqueue', '2026-01-01T10:00:01Z', 'also log the timings'), op('remove', '2026-01-01T10:00:05Z')])).toEqual([
      'Run the three tools one after another.',
      'also log the timings',
    ]);
    // Pulled back, then sent as typed again: one prompt, the one sent.
    expect(
      asks([
        op('enqueue', '2026-01-01T10:00:01Z', 'stop after the second tool'),
        op('popAll', '2026-01-01T10:00:05Z'),
        user('stop after the second tool please'),
      ]),
    ).toEqual(['Run the three tools one after another.', 'stop after the second tool please']);
    // Only what was still waiting is pulled back: a prompt dequeued before stays.
    expect(
      asks([
        op('enqueue', '2026-01-01T10:00:01Z', 'use the fast mode'),
        op('dequeue', '2026-01-01T10:00:02Z'),
        op('enqueue', '2026-01-01T10:00:03Z', 'is it done yet?'),
        op('popAll', '2026-01-01T10:00:04Z'),
      ]),
    ).toEqual(['Run the three tools one after another.', 'use the fast mode']);
  });

  it('pulls back the prompt a popAll line names: a notification left in the queue and delivered later does not take its place', () => {
    // As Claude Code writes it: one popAll line for each prompt pulled back, naming it; a task's notification stays queued.
    const notification = '<task-notification>\n<task-id>a1</task-id>\n<status>completed</status>\n</task-notification>';
    expect(
      asks([
        op('enqueue', '2026-01-01T10:00:01Z', notification),
        op('enqueue', '2026-01-01T10:00:02Z', 'is the 3rd tool still running?'),
        op('popAll', '2026-01-01T10:00:03Z', 'is the 3rd tool still running?'),
        op('enqueue', '2026-01-01T10:00:04Z', 'also log the timings'),
        op('dequeue', '2026-01-01T10:00:05Z'),
        op('popAll', '2026-01-01T10:00:06Z', 'also log the timings'),
      ]),
    ).toEqual(['Run the three tools one after another.']);
  });

  it("takes no background task's notice for the user's words (2.1.x queues them as JSON)", () => {
    const notice = JSON.stringify({ task_id: 'b94c367', description: 'bun run test 2>&1 | tail -4 && bun run lint', task_type: 'local_bash' });
    expect(
      asks([
        op('enqueue', '2026-01-01T10:00:01Z', notice),
        op('dequeue', '2026-01-01T10:00:02Z'),
        op('enqueue', '2026-01-01T10:00:03Z', '{"a": 1} is what the API returns'),
      ]),
    ).toEqual(['Run the three tools one after another.', '{"a": 1} is what the API returns']);
  });
});
