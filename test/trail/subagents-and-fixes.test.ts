// What a subagent reported, and the failures a session got past and how: kept in the trail, said
// by recall and the prompt's brief. Synthetic Claude Code logs of the shapes the harness writes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { finalizeManifest } from '../../src/manifest/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { firstErrorLine } from '../../src/extract/signals.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail, type Trail } from '../../src/trail/build.js';
import { report } from '../../src/trail/output.js';
import { readingsOf, readingWithin, settledFailures, settledLine } from '../../src/trail/settled.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'sub-1';
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
const result = (id: string, content: unknown, isError = false) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: isError }]);

function session(lines: object[]): { trail: Trail; transcript: ReturnType<typeof readTranscript> } {
  n = 0;
  const transcript = readTranscript(writeJsonl(join(tempDir(), `${sid}.jsonl`), lines));
  return { transcript, trail: buildTrail(transcript.events, '/repo', '/repo') };
}

const TRAILER =
  "agentId: a39f10e1d69a4ab39 (use SendMessage with to: 'a39f10e1d69a4ab39' to continue this agent)\n<usage>subagent_tokens: 6082\ntool_uses: 8\nduration_ms: 6514</usage>";

describe("a subagent's report", () => {
  it('is kept as its words, without the harness trailer; the id (and worktree) the harness gave it are said with the call', () => {
    const r = report(`I cannot proceed because the \`entire\` CLI is not authenticated. Run \`entire login\` first.\n${TRAILER}`);
    expect(r).toEqual({
      text: 'I cannot proceed because the `entire` CLI is not authenticated. Run `entire login` first.',
      agentId: 'a39f10e1d69a4ab39',
      facts: ['6082 tokens, 8 tool uses, 7 s'],
    });
    const w = report(
      "Round 1 complete.\nagentId: a52886dc180afb356 (use SendMessage with to: 'a52886dc180afb356' to continue this agent)\nworktreePath: /x/.claude/worktrees/agent-a52886dc\nworktreeBranch: worktree-agent-a52886dc\n<usage>total_tokens: 1</usage>",
    );
    expect(w.text).toBe('Round 1 complete.');
    expect(w.facts).toEqual(['worktree /x/.claude/worktrees/agent-a52886dc', 'branch worktree-agent-a52886dc', '1 tokens']);
    // Started in the background: no report yet, the harness's instructions are not one.
    const bg = report(
      'Async agent launched successfully.\nagentId: a9cad17 (internal ID - do not mention to user. Use to resume later if needed.)\noutput_file: /tmp/tasks/a9cad17.output\nThe agent is working in the background. You will be notified when it completes—no need to check.',
    );
    expect(bg).toEqual({ text: 'Async agent launched successfully.\noutput_file: /tmp/tasks/a9cad17.output', agentId: 'a9cad17', facts: [] });
    // No trailer (an older harness): the text as it is.
    expect(report('Found 3 callers.').agentId).toBeUndefined();
  });

  it("Claude Code 2.0's: what it cost is in the call's result, not under its report, and is said the same way", () => {
    const { trail } = session([
      user('Give me an overview of the code'),
      call('t1', 'Task', { description: 'Explore codebase structure', prompt: 'Overview of the code organization.' }),
      {
        ...result('t1', [
          { type: 'text', text: 'A Python CLI that converts transcripts to HTML.' },
          { type: 'text', text: "agentId: a2271d1 (for resuming to continue this agent's work if needed)" },
        ]),
        toolUseResult: { status: 'completed', agentId: 'a2271d1', totalDurationMs: 67437, totalTokens: 42775, totalToolUseCount: 24 },
      },
    ]);
    const tool = trail.tools.find((t) => t.by === 'Task')!;
    expect(tool.text).toContain('(agentId a2271d1; 42775 tokens, 24 tool uses, 67 s)');
    expect(tool.output).toBe('A Python CLI that converts transcripts to HTML.');
  });

  it('answers recall from the part of a long report the question is about, not from its edges', () => {
    const filler = Array.from({ length: 30 }, (_, i) => `Line ${i}: the module at src/m${i}.ts exports helper number ${i}.`).join('\n');
    const { trail } = session([
      user('Find out why the search does not run'),
      call('a1', 'Agent', { description: 'Search history', prompt: 'Search the checkpoint history with `entire search`.' }),
      result('a1', [
        {
          type: 'text',
          text: `${filler}\nThe checkpoint search cannot run because the \`entire\` CLI is not authenticated: run \`entire login\` first.\n${filler}`,
        },
        { type: 'text', text: TRAILER },
      ]),
    ]);
    const tool = trail.tools.find((t) => t.by === 'Agent')!;
    expect(tool.text).toContain('(agentId a39f10e1d69a4ab39; 6082 tokens, 8 tool uses, 7 s)');
    expect(tool.output).toContain('not authenticated');
    expect(tool.output).not.toContain('<usage>');
    const answer = recall([{ sessionId: sid, snapshot: 's', trail }], 'Why could the checkpoint search not run?')
      .map((h) => h.line)
      .join('\n');
    expect(answer).toContain('entire login');
  });
});

describe('failures the session got past', () => {
  const lines = [
    user('Restore the section and push it to main'),
    call('e1', 'Edit', { file_path: '/repo/AGENTS.md', old_string: 'a', new_string: 'b' }),
    result('e1', 'The file /repo/AGENTS.md has been updated.'),
    call('c1', 'Bash', { command: 'git push origin main' }),
    result(
      'c1',
      "To https://github.com/o/r.git\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to 'https://github.com/o/r.git'\nhint: Updates were rejected because the remote contains work",
      true,
    ),
    call('c2', 'Bash', { command: 'git pull --rebase origin main' }),
    result('c2', 'Successfully rebased and updated refs/heads/main.'),
    call('c3', 'Bash', { command: 'git push origin main' }),
    result('c3', 'To https://github.com/o/r.git\n   6c08f5a..b02b3c0  main -> main'),
    call('t1', 'Bash', { command: 'npm test' }),
    result('t1', "FAIL src/initials.test.ts > returns ?? for an empty name\nAssertionError: expected '' to be '??'\nTests  1 failed | 6 passed (7)", true),
    say('s1', "`split()` on an empty string returns [''], not []: checking for an empty name first."),
    call('e2', 'Edit', { file_path: '/repo/src/initials.ts', old_string: 'const parts', new_string: 'if (!name) return "??";\nconst parts' }),
    result('e2', 'The file /repo/src/initials.ts has been updated.'),
    call('t2', 'Bash', { command: 'npm test' }),
    result('t2', 'Tests  7 passed (7)'),
    call('t3', 'Bash', { command: 'npm run lint' }),
    result('t3', 'src/a.ts: error  no-unused-vars', true),
    say('s2', 'Pushed, and the tests pass. The lint error is older than this work.'),
  ];

  it('are said in recall with what the agent said right after each', () => {
    const { trail } = session(lines);
    const hits = recall([{ sessionId: sid, snapshot: 's', trail }], 'Which test failed, and what was wrong?').map((h) => h.line);
    const failure = hits.find((l) => l.startsWith('command `npm test` → failed'));
    expect(failure).toContain("→ the agent then said: `split()` on an empty string returns [''], not []");
    // Only a failure's: a command that passed is said as it was.
    expect(hits.filter((l) => l.includes('the agent then said') && !l.includes('→ failed'))).toEqual([]);
  });

  it("git's refused-ref line is the error of a rejected push", () => {
    expect(firstErrorLine("To x\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to 'x'")).toBe(
      '! [rejected]        main -> main (fetch first)',
    );
  });

  it('are in the brief, newest first, each with what came between it and the run that passed; a failure nothing settled is not', async () => {
    const { trail, transcript } = session(lines);
    const draft = extractManifest({
      transcript,
      pressure: measurePressure(20_000, 200_000),
      git: { root: '/repo', branch: 'main', dirty: [], stateFiles: [] },
      now: new Date('2026-03-01T11:00:00Z'),
    });
    const { manifest } = await finalizeManifest(draft);
    const brief = trailBrief(trail, manifest);
    const at = brief.indexOf('Failures got past on the way (newest first):');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(brief.slice(at + 1, at + 3)).toEqual([
      '- `npm test` failed (FAIL src/initials.test.ts > returns ?? for an empty name); passed after edits to initials.ts',
      '- `git push origin main` failed (! [rejected] main -> main (fetch first)); passed after `git pull --rebase origin main`',
    ]);
    expect(brief.join('\n')).not.toMatch(/`npm run lint` failed[^\n]*passed/);
  });
});

describe("recall's passages of a long entry", () => {
  it('cover each part of a question asked in two: after the best passage, the one with what it lacks', () => {
    const pad = (k: number) => Array.from({ length: 6 }, (_, i) => `Paragraph ${k}.${i} lists the menu items and their prices for the week.`).join(' ');
    const text = [
      pad(1),
      'The vitest run failed first: the initials test for an empty name failed on its first run.',
      pad(2),
      'What caused it: split() on an empty string returns one empty string, never an empty list.',
      pad(3),
    ].join('\n');
    // Other messages say "test", "run" and "failed" too: the cause's words are the rarer.
    const others = ['The first test run failed to start.', 'The vitest run failed again on the first try.', 'Which test to run first?'];
    const trail = {
      ...session([user('Add initials')]).trail,
      answers: [...others.map((t, i) => ({ at: `2026-03-01T09:0${i}:00.000Z`, text: t })), { at: '2026-03-01T10:00:00.000Z', text }],
    };
    const [top] = recall([{ sessionId: sid, snapshot: 's', trail }], 'Which test failed on the first vitest run, and what caused it?');
    expect(top!.line).toContain('failed on its first run');
    expect(top!.line).toContain('split() on an empty string');
  });
});

describe('review findings', () => {
  const entry = (text: string, outcome: 'ok' | 'failed', minute: number, error?: string) => ({
    text,
    outcome,
    at: `2026-03-01T11:${String(minute).padStart(2, '0')}:00.000Z`,
    ...(error ? { error } : {}),
  });

  it('a failure is got past only by a run of the same command (or the whole check), and not when it failed again after', () => {
    const said = (commands: ReturnType<typeof entry>[]) => settledFailures(commands, []).map((f) => settledLine(f, (s) => s));
    expect(said([entry('python scripts/migrate.py', 'failed', 1, 'ModuleNotFoundError: No module named yaml'), entry('python --version', 'ok', 2)])).toEqual(
      [],
    );
    expect(said([entry('git push origin main', 'failed', 1, '! [rejected] main -> main (fetch first)'), entry('git push origin v1.4.0', 'ok', 2)])).toEqual([]);
    expect(said([entry('npm test', 'failed', 1, 'FAIL a.test.ts'), entry('npm test', 'ok', 2), entry('npm test', 'failed', 3, 'FAIL a.test.ts')])).toEqual([]);
    expect(said([entry('npm test -- a.test.ts', 'failed', 1, 'FAIL a.test.ts'), entry('npm test', 'ok', 2)])).toEqual([
      '`npm test -- a.test.ts` failed (FAIL a.test.ts); passed as `npm test`',
    ]);
    expect(said([entry('cd app && pnpm test x.test.ts', 'failed', 1, 'FAIL x'), entry('cd app && pnpm test x.test.ts --run', 'ok', 2)])).toHaveLength(1);
  });

  it("git's refused-ref line is the error only of a push that failed for it", () => {
    expect(firstErrorLine(' ! [rejected]        v1 -> v1 (would clobber existing tag)\nFAIL src/a.test.ts > adds\nAssertionError: expected 2 to be 3')).toBe(
      'FAIL src/a.test.ts > adds',
    );
  });

  it("what the agent said after a failure is cut to its share even without a space; a report's quoted id is not its own", () => {
    const { trail } = session([
      user('Run the tests'),
      call('t1', 'Bash', { command: 'npm test' }),
      result('t1', 'FAIL a.test.ts', true),
      say('s1', 'x'.repeat(3000)),
      call('a1', 'Agent', { description: 'Look', prompt: 'Find the old agent.' }),
      result('a1', [{ type: 'text', text: 'The earlier run printed:\nagentId: a0ld0ne (use SendMessage …)\nand then it stopped working on it.' }]),
    ]);
    const reading = [...readingsOf(trail).values()][0]!;
    expect(reading).toHaveLength(3000);
    expect(readingWithin(reading, 240)).toBe(`${'x'.repeat(240)} …`);
    expect(trail.tools.find((t) => t.by === 'Agent')!.text).not.toContain('a0ld0ne');
  });

  it('a trailer of any size is read in one pass', () => {
    const t = performance.now();
    report(`report\nagentId: a1 (x)\n${'k: v\n'.repeat(20_000)}<usage>total_tokens: 5${' '.repeat(50_000)}`);
    // Linear: the regex it replaced took minutes on 100 KB.
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('a failure got past whose output names no error', () => {
  it('is said by how the run ended', () => {
    const f = settledFailures(
      [
        {
          text: 'mix test',
          outcome: 'failed',
          at: '2026-03-01T11:01:00.000Z',
          error: 'Exit code 2\nGetting extensions in current project...\n  1) test row classes (SessionLiveTest)',
          output: '14 doctests, 127 tests, 12 failures',
        },
        { text: 'mix test', outcome: 'ok', at: '2026-03-01T11:02:00.000Z' },
      ],
      [],
    );
    expect(settledLine(f[0]!, (s) => s)).toBe('`mix test` failed (14 doctests, 127 tests, 12 failures); passed');
  });
});

describe('a short failure got past whose output names no error', () => {
  it('is said by its summary line among the kept lines', () => {
    const f = settledFailures(
      [
        {
          text: 'mix test',
          outcome: 'failed',
          at: '2026-03-01T11:01:00.000Z',
          error: 'Exit code 2\nGetting extensions in current project...\n14 doctests, 127 tests, 12 failures',
        },
        { text: 'mix test', outcome: 'ok', at: '2026-03-01T11:02:00.000Z' },
      ],
      [],
    );
    expect(f[0]!.error).toBe('14 doctests, 127 tests, 12 failures');
  });
});
