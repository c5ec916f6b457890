import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { carryForward } from '../../src/extract/carry.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript, type Transcript, type TranscriptEvent } from '../../src/transcript/index.js';
import { PROJECT, cli, isolatedEnv, tempRepo } from '../helpers.js';

const FIXTURES = join(PROJECT, 'test', 'fixtures', 'transcripts');
const git = { root: '/home/dev/app', branch: 'main', head: 'a'.repeat(40), dirty: [], stateFiles: [] };

/** The manifest of a fixture transcript, read by the real Claude Code reader. */
function manifestOfFixture(name: string) {
  const transcript = readTranscript(join(FIXTURES, `${name}.jsonl`));
  return extractManifest({ transcript, pressure: measurePressure(100_000, 200_000), git, now: new Date('2026-11-24T00:00:00Z') });
}

function manifestOf(events: TranscriptEvent[]) {
  const transcript: Transcript = {
    agent: 'codex',
    path: '/tmp/t.jsonl',
    meta: { cwd: '/home/dev/app', sessionId: 's1' },
    events,
    stats: { lines: 0, skipped: 0, bytes: 0 },
  };
  return extractManifest({ transcript, pressure: measurePressure(100_000, 200_000), git, now: new Date('2026-11-24T00:00:00Z') });
}

const pendingText = (m: ReturnType<typeof manifestOf>) => [...m.pending_tasks.map((t) => t.task), m.active_state.current_work ?? ''].join('\n');

describe('extractManifest on small synthetic transcripts', () => {
  it('a request finished by a commit and followed by thanks is completed, and nothing is current', () => {
    const m = manifestOfFixture('finished-then-thanks');
    expect(m.completed_tasks).toEqual(['Add a --verbose flag to the CLI']);
    expect(m.pending_tasks).toEqual([]);
    expect(m.active_state.current_work).toBeUndefined();
    expect(pendingText(m)).not.toMatch(/thank/i);
    expect(m.bootstrap_instructions).toContain('Nothing is open: ask the user what is next');
    expect(m.session_metadata.phase).toBe('done');
  });

  it('a turn that ends asking the user for something ("Paste the screenshots when ready, and I’ll…") leaves that as the next step, not "nothing is open"', () => {
    const m = manifestOf([
      { kind: 'ask', text: 'Draft an 8 minute demo scenario around analytics and budgets' },
      {
        kind: 'say',
        text: `I created the draft scenario.\n\n${'**Step** Open Analytics and show the spend by project. '.repeat(20)}\n\nPaste the Analytics and Project Management screenshots when ready, especially any with strong numbers, and I’ll turn this into a polished presenter script.`,
      },
      { kind: 'turn-end' },
    ]);
    expect(m.critical_context.next_steps.join('\n')).toMatch(/^Offered to the user: Paste the Analytics and Project Management screenshots when ready/m);
    expect(m.bootstrap_instructions).toContain('Nothing is pending: ask the user whether to take the offered next step');
    // Without a report of done work, the request waits for what was asked.
    const waiting = manifestOf([
      { kind: 'ask', text: 'Draft an 8 minute demo scenario around analytics and budgets' },
      { kind: 'say', text: 'Send me the screenshots of the Analytics tab and I’ll build the scenario around the real numbers.' },
      { kind: 'turn-end' },
    ]);
    expect(waiting.pending_tasks[0]!.context).toContain(
      'waiting for the user: Send me the screenshots of the Analytics tab and I’ll build the scenario around the real numbers.',
    );
    // Committed, and waiting on the user: the offer still stands.
    const committed = manifestOf([
      { kind: 'ask', text: 'Research plan mode and commit your document; round 2 comes after the merge' },
      { kind: 'command', id: 'c1', command: 'git commit -m "alice: round 1"' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '[alice/plan ad2d134] alice: round 1' },
      { kind: 'say', text: 'Round 1 complete: the document is committed as ad2d134.\n\nReady for round 2 when you send the merge confirmation.' },
    ]);
    expect(committed.critical_context.next_steps).toContain('Offered to the user: Ready for round 2 when you send the merge confirmation.');
    // A report that ends without asking anything stays "nothing open".
    const done = manifestOf([
      { kind: 'ask', text: 'Draft an 8 minute demo scenario around analytics and budgets' },
      { kind: 'say', text: 'Here is the draft scenario. Share it with the team as you see fit.' },
      { kind: 'turn-end' },
    ]);
    expect(done.bootstrap_instructions).toContain('Nothing is open: ask the user what is next');
  });

  it('the agent announcing a summary of its work is not its current work', () => {
    const m = manifestOf([
      { kind: 'ask', text: 'Migrate the recorder to AudioWorklet and test it' },
      {
        kind: 'todos',
        items: [
          { text: 'Migrate recorder.js to AudioWorklet', status: 'completed' },
          { text: 'Test recording with the new AudioWorklet', status: 'pending' },
        ],
      },
      { kind: 'say', text: 'Perfect! The AudioWorklet migration is complete. Let me provide you with a summary:' },
    ]);
    expect(m.active_state.current_work ?? '').not.toMatch(/summary/i);
    // A real intent still is.
    const working = manifestOf([
      { kind: 'ask', text: 'Migrate the recorder to AudioWorklet and test it' },
      { kind: 'todos', items: [{ text: 'Test recording with the new AudioWorklet', status: 'pending' }] },
      { kind: 'say', text: 'The migration is done. Let me start the dev server to test the recording.' },
    ]);
    expect(working.active_state.current_work).toBe('Start the dev server to test the recording');
  });

  it('a request answered only with what the agent will do next is not done', () => {
    const m = manifestOf([
      { kind: 'ask', text: 'Add a multiply function to calc.js, with a test.' },
      { kind: 'say', text: 'I will add multiply to calc.js next.' },
      { kind: 'turn-end' },
    ]);
    expect(m.completed_tasks).toEqual([]);
    expect(m.pending_tasks.map((t) => t.task).join('\n')).toContain('Add a multiply function to calc.js');
    // "next time" is no next step.
    const noted = manifestOf([
      { kind: 'ask', text: 'Rename the helper in utils.js to formatDate' },
      { kind: 'edit', id: 'e1', paths: ['/home/dev/app/utils.js'], change: 'export function formatDate(d) {' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'say', text: 'Renamed it. I will keep the old name in mind next time.' },
      { kind: 'turn-end' },
    ]);
    expect(noted.completed_tasks.join('\n')).toContain('Rename the helper in utils.js to formatDate');
  });

  it('does not say nothing is open while a failure is unsettled: fixing it is the first step', () => {
    const m = manifestOf([
      { kind: 'ask', text: 'Write a failing test for the parser, then implement it and commit' },
      { kind: 'command', id: 't1', command: 'node --test parser.test.js' },
      { kind: 'result', id: 't1', ok: false, exitCode: 1, output: 'not ok 1 - parses sums\nerror: test failed' },
      { kind: 'edit', id: 'e1', paths: ['/home/dev/app/parser.js'], change: 'export const parse = (s) => s.split("+").map(Number).reduce((a, b) => a + b);' },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'command', id: 'c1', command: 'git commit -qam "Add the parser"' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      { kind: 'say', text: 'Done.' },
      { kind: 'turn-end' },
    ]);
    expect(m.critical_context.blockers.length).toBeGreaterThan(0);
    expect(m.bootstrap_instructions.join('\n')).not.toContain('Nothing is open');
    expect(m.bootstrap_instructions).toContain('Fix blocker 1, then re-run its command');
  });

  it('a carried task is the first step after what to read, also when an unsettled failure left no "nothing is open" step', () => {
    const previous = manifestOf([{ kind: 'ask', text: 'Write the parser docs with usage examples' }]);
    const current = manifestOf([
      { kind: 'ask', text: 'Run the parser tests' },
      { kind: 'command', id: 't1', command: 'node --test parser.test.js' },
      { kind: 'result', id: 't1', ok: false, exitCode: 1, output: 'not ok 1 - parses sums' },
      { kind: 'say', text: 'The test fails; the parser subtracts.' },
      { kind: 'turn-end' },
    ]);
    expect(current.pending_tasks).toEqual([]);
    const m = carryForward(current, previous, []);
    const steps = m.bootstrap_instructions.filter((b) => !b.startsWith('Read '));
    expect(steps[0]).toBe('Continue the carried task 1');
    expect(steps).toContain('Fix blocker 1, then re-run its command');
  });

  it('a message that quotes or lists such words further up, and ends otherwise, asks the user nothing (review finding)', () => {
    for (const text of [
      'Done. I added the onboarding flow:\n1. Run `tool init`\n2. Paste your API key when you are ready, and I will validate it\n3. Pick a project from the list',
      'Fixed the prompt template. It now reads:\n\nWhen you have the logs, I’ll analyze them for you.\n\nAll tests pass.',
    ]) {
      const m = manifestOf([{ kind: 'ask', text: 'Build the onboarding flow for the CLI' }, { kind: 'say', text }, { kind: 'turn-end' }]);
      expect(m.critical_context.next_steps.join('\n')).not.toContain('Offered to the user');
      expect(m.bootstrap_instructions).toContain('Nothing is open: ask the user what is next');
    }
    const waiting = manifestOf([
      { kind: 'ask', text: 'Build the onboarding flow for the CLI' },
      {
        kind: 'say',
        text: 'The bot’s reply to an empty message reads:\nWhen you have the logs, I’ll analyze them for you.\nThe flow has three steps and the second one is slow.',
      },
      { kind: 'turn-end' },
    ]);
    expect(JSON.stringify(waiting.pending_tasks)).not.toContain('waiting for the user');
  });

  it("a turn cut off mid-work leaves the request open, with the agent's intent as current work", () => {
    const m = manifestOfFixture('cut-mid-work');
    expect(m.pending_tasks[0]).toMatchObject({ task: 'Migrate the config loader to zod', status: 'in_progress' });
    expect(m.pending_tasks[0]!.context).toMatch(/interrupted mid-work/);
    expect(m.active_state.current_work).toBe('Rewrite the loader with a zod schema');
    expect(m.critical_context.blockers).toHaveLength(1);
    expect(m.critical_context.blockers[0]).toMatch(/^`npx tsc --noEmit` fails: .*TS2304/);
  });

  it('settles failures by purpose and keeps the last meaningful command, not the look-around after it', () => {
    const m = manifestOfFixture('failures-settled');
    // pytest → python -m pytest tests/unit passes; git push rejected → push --force-with-lease passes.
    expect(m.critical_context.blockers).toEqual(['`npm run lint` fails: src/app.ts 3:1 error Unexpected var no-var']);
    expect(m.active_state.last_command_run).toMatchObject({ command: 'npm run lint', outcome: 'failed' });
    expect(m.active_state.environment_status).toBe('tests passing: 31; lint failing; edits not committed in the session');
  });

  it("keeps the user's rules and corrections verbatim, and no question as an instruction", () => {
    const m = manifestOfFixture('instructions');
    expect(m.critical_context.user_instructions).toEqual([
      'Always add a changelog entry for every change.',
      'Use fetch, not axios.',
      'Keep the old /status endpoint as it is, only add the new one',
      "No, don't touch the generated client in src/gen either.",
    ]);
    // An answered question and a correction are neither open nor completed work.
    expect(m.completed_tasks.join(' ')).not.toMatch(/Node 18|src\/gen/);
    expect(m.pending_tasks).toEqual([]);
  });

  it('reports files relative to the repository, deleted files as deleted, and the document the user named', () => {
    const m = manifestOfFixture('files');
    expect(m.memory_pointers.modified_files).toEqual(['packages/core/src/index.ts', 'src/new.ts']);
    expect(m.memory_pointers.deleted_files).toEqual(['src/legacy.ts']);
    expect(m.memory_pointers.reference_files).toEqual(['docs/DESIGN.md']);
    expect(m.bootstrap_instructions[0]).toMatch(/^Read docs\/DESIGN\.md/);
    expect(m.bootstrap_instructions.join(' ')).not.toContain('legacy');
  });

  it('never takes slash commands, placeholders, reminders or status lines for work or findings', () => {
    const m = manifestOfFixture('noise');
    expect(m.pending_tasks).toEqual([]);
    expect(m.completed_tasks).toEqual([]);
    expect(m.critical_context.important_findings).toEqual([]);
    expect(m.critical_context.key_decisions).toEqual([]);
    expect(m.critical_context.user_instructions).toEqual([]);
  });

  it('a request with open todo items stays open after a commit on the way, and is named as their reason', () => {
    const m = manifestOfFixture('todos-open');
    expect(m.pending_tasks.map((t) => [t.task, t.status])).toEqual([
      ['Return next cursor', 'in_progress'],
      ['Document pagination in README.md', 'pending'],
    ]);
    expect(m.pending_tasks[0]!.context).toBe("for the user's request: Add pagination to the users API");
    expect(m.completed_tasks).toEqual(['Add page params to the query']);
  });
});

describe('extractManifest rules on event streams', () => {
  const run = (id: string, command: string, ok: boolean, output = ''): TranscriptEvent[] => [
    { kind: 'command', id, command },
    { kind: 'result', id, ok, output, exitCode: ok ? 0 : 1 },
  ];

  it('Codex task_complete finishes the request; a turn that asks the user back leaves it open', () => {
    expect(
      manifestOf([
        { kind: 'ask', text: 'rename the module' },
        { kind: 'say', text: 'Working on it.' },
        { kind: 'turn-end', text: 'Renamed.' },
      ]).completed_tasks,
    ).toEqual(['rename the module']);
    const asked = manifestOf([
      { kind: 'ask', text: 'rename the module' },
      { kind: 'say', text: 'Which name do you prefer, core or base?' },
    ]);
    expect(asked.pending_tasks[0]).toMatchObject({ task: 'rename the module' });
    expect(asked.pending_tasks[0]!.context).toMatch(/waiting for the user: Which name/);
  });

  it('a different purpose does not settle a failure: tests failing, then a passing build', () => {
    const m = manifestOf([...run('1', 'npm test', false, 'FAIL a.test.ts'), ...run('2', 'npm run build', true)]);
    expect(m.critical_context.blockers).toEqual(['`npm test` fails: FAIL a.test.ts']);
  });

  it('another target does not settle a failure; the whole project or the same file does', () => {
    expect(manifestOf([...run('1', 'pytest tests/a.py', false, 'E assert'), ...run('2', 'pytest tests/b.py', true)]).critical_context.blockers).toHaveLength(1);
    expect(manifestOf([...run('1', 'pytest tests/a.py', false, 'E assert'), ...run('2', 'uv run pytest', true)]).critical_context.blockers).toHaveLength(0);
    expect(
      manifestOf([...run('1', 'node assets/build.js', false, 'error'), ...run('2', 'cd assets && node build.js', true)]).critical_context.blockers,
    ).toHaveLength(0);
  });

  it("reads open work from the agent's compaction summary, unless something later closed it", () => {
    const summary =
      'Summary:\n7. Pending Tasks:\n   - **app-42** (IN PROGRESS): wire the exporter\n   - Write the migration guide\n\n8. Current Work:\n   Was wiring the exporter into the CLI.\n';
    const open = manifestOf([
      { kind: 'compaction', summary },
      { kind: 'ask', text: 'continue' },
      { kind: 'say', text: 'Continuing with the exporter.' },
    ]);
    expect(open.pending_tasks.map((t) => t.task)).toEqual(
      expect.arrayContaining(['**app-42**: wire the exporter'.replace(/\*\*/g, ''), 'Write the migration guide']),
    );
    const closed = manifestOf([
      { kind: 'compaction', summary },
      {
        kind: 'todos',
        items: [
          { text: 'Write the migration guide', status: 'completed' },
          { text: 'app-42 wire the exporter', status: 'completed' },
        ],
      },
    ]);
    expect(closed.pending_tasks).toEqual([]);
  });

  it("counts a summary's pending code work the agent later reports done, but only documented, as documented only", () => {
    const summary = 'Summary:\n7. Pending Tasks:\n   - Implement the retry loop in the client\n\n8. Current Work:\n   Designing the retry.\n';
    // The summary, then one edit and the agent's report that the work is done.
    const after = (path: string, change: string, report: string) =>
      manifestOf([
        { kind: 'compaction', summary },
        { kind: 'ask', text: 'continue' },
        { kind: 'edit', id: 'e1', paths: [path], change, tool: 'Edit' },
        { kind: 'result', id: 'e1', ok: true, output: '' },
        { kind: 'say', text: report },
      ]);
    const m = after(
      '/repo/docs/retry-design.md',
      '## Retry loop\nThe client retries three times.',
      'Done: the retry loop for the client is implemented in the design, with its backoff.',
    );
    expect(m.completed_tasks).toContain('(only documented, in retry-design.md) Implement the retry loop in the client');
    // Code written since: done outright.
    const built = after(
      '/repo/src/client.ts',
      'for (let i = 0; i < 3; i++) await send();',
      'Done: the retry loop for the client is implemented, with its backoff.',
    );
    expect(built.completed_tasks).toContain('Implement the retry loop in the client');
  });

  it('reads beads tracker work driven from the shell', () => {
    const m = manifestOf([
      { kind: 'ask', text: 'Work on bead app-7' },
      ...run('1', 'bd show app-7', true, '○ app-7 [EPIC] · Export data   [● P2 · OPEN]\nOwner: dev'),
      ...run(
        '2',
        'bd ready',
        true,
        '📋 Ready work:\n\n1. [● P2] [task] app-7.1: Add CSV writer\n2. [● P1] [task] app-7.2: Add JSON writer\n3. [● P2] [task] other-1: Unrelated',
      ),
      ...run('3', 'bd update app-7.1 --status in_progress', true, '✓ Updated issue: app-7.1'),
      ...run('4', 'bd close app-7.1 --reason="done, app-7.2 next"', true, '✓ Closed app-7.1'),
    ]);
    expect(m.completed_tasks).toContain('app-7.1: Add CSV writer');
    expect(m.pending_tasks.map((t) => t.task)).toEqual(['app-7.2: Add JSON writer']);
    expect(m.pending_tasks[0]!.priority).toBe('HIGH');
    expect(JSON.stringify(m)).not.toContain('other-1');
  });

  it("takes decisions only from the agent's decision phrasing", () => {
    const m = manifestOf([
      {
        kind: 'say',
        text: 'We decided to keep SQLite because the data fits on one machine. The decision matrix is in docs. Using a cache here would be nice.',
      },
    ]);
    expect(m.critical_context.key_decisions).toEqual(['We decided to keep SQLite because the data fits on one machine.']);
  });
});

describe('save on a synthetic transcript, as a user runs it', () => {
  it('stores the truthful manifest: finished work completed, thanks ignored', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['save', '--dry-run', '--json', '-t', join(FIXTURES, 'finished-then-thanks.jsonl')], { cwd: repo, env });
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout).manifest;
    expect(m.completed_tasks).toEqual(['Add a --verbose flag to the CLI']);
    expect(m.pending_tasks).toEqual([]);
    expect(m.schema_version).toBe(2);
  });
});
