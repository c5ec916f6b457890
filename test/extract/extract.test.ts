import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript, type Transcript, type TranscriptEvent } from '../../src/transcript/index.js';
import { PROJECT, claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const git = { root: '/work/app', branch: 'main', head: 'a'.repeat(40), dirty: ['notes.txt'], stateFiles: ['CLAUDE.md'] };

function manifestOf(events: TranscriptEvent[], meta: Transcript['meta'] = { cwd: '/work/app', sessionId: 's1' }) {
  const transcript: Transcript = { agent: 'claude-code', path: '/tmp/t.jsonl', meta, events, stats: { lines: 0, skipped: 0, bytes: 0 } };
  return extractManifest({ transcript, pressure: measurePressure(100_000, 200_000), git, now: new Date('2026-11-24T00:00:00Z') });
}

const run = (id: string, command: string, ok: boolean, output = '', exitCode?: number): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ok, output, exitCode: exitCode ?? (ok ? 0 : 1) },
];

describe('extractManifest', () => {
  it('splits the latest todo list into completed and pending work, in progress first', () => {
    const m = manifestOf([
      { kind: 'todos', items: [{ text: 'old', status: 'pending' }] },
      { kind: 'todos', items: [{ text: 'a', status: 'completed' }, { text: 'b', status: 'pending' }, { text: 'c', status: 'in_progress', activeForm: 'Doing c' }] },
    ]);
    expect(m.completed_tasks).toEqual(['a']);
    expect(m.pending_tasks).toEqual([
      { task: 'c', priority: 'HIGH', status: 'in_progress' },
      { task: 'b', priority: 'MEDIUM', status: 'pending' },
    ]);
    expect(m.active_state.current_work).toBe('Doing c');
    expect(m.critical_context.next_steps[0]).toBe('Finish: c');
  });

  it('turns an ask made after the last todo update into pending work', () => {
    const m = manifestOf([{ kind: 'todos', items: [{ text: 'a', status: 'completed' }] }, { kind: 'ask', text: 'now add dark mode' }]);
    expect(m.pending_tasks[0]).toMatchObject({ task: 'now add dark mode', priority: 'HIGH', status: 'in_progress' });
  });

  it('lists edited files relative to the repository, newest first, without failed edits, plus dirty files', () => {
    const m = manifestOf([
      { kind: 'edit', id: 'e1', paths: ['/work/app/src/a.ts'] },
      { kind: 'result', id: 'e1', ok: true, output: '' },
      { kind: 'edit', id: 'e2', paths: ['/work/app/src/rejected.ts'] },
      { kind: 'result', id: 'e2', ok: false, output: "The user doesn't want to proceed with this tool use." },
      { kind: 'edit', id: 'e3', paths: ['src/b.ts'] },
    ]);
    expect(m.memory_pointers.modified_files).toEqual(['src/b.ts', 'src/a.ts', 'notes.txt']);
    expect(m.active_state.last_file_modified).toBe('src/b.ts');
  });

  it('reports tests and build separately, each by its latest run', () => {
    const m = manifestOf([...run('1', 'npm test', false, ' Tests  2 failed | 40 passed (42)'), ...run('2', 'npm run build', true)]);
    expect(m.active_state.environment_status).toBe('tests failing: 2; build passing');
    expect(m.session_metadata.phase).toBe('fixing');
    expect(m.bootstrap_instructions).toContain('Verify with `npm run build` (last run: ok)');
  });

  it('keeps only unresolved failures as blockers', () => {
    const m = manifestOf([
      ...run('1', 'cd app && npm test', false, 'FAIL parser.test.ts > rejects junk\nAssertionError: expected 1'),
      ...run('2', 'npm test -- parser', true),
      ...run('3', 'rg -n "TODO" src', false, ''),
      ...run('4', 'rm -rf build', false, "The user doesn't want to proceed with this tool use."),
      ...run('5', 'git push', false, 'fatal: The current branch has no upstream branch.', 128),
    ]);
    expect(m.critical_context.blockers).toEqual(['`git push` fails: fatal: The current branch has no upstream branch.']);
    expect(m.active_state.last_command_run).toEqual({ command: 'git push', outcome: 'failed', exit_code: 128 });
  });

  it('reads decisions, findings and explicit next steps from the prose, without markdown', () => {
    const m = manifestOf([
      { kind: 'say', text: "Let me look.\n\n**Decision**: I'll use SQLite rather than Postgres for the cache." },
      { kind: 'say', text: 'Found it: the root cause is a stale lockfile. Next step: delete it and reinstall.' },
    ]);
    expect(m.critical_context.key_decisions).toEqual(["I'll use SQLite rather than Postgres for the cache."]);
    expect(m.critical_context.important_findings).toEqual(['the root cause is a stale lockfile.']);
    const undecided = manifestOf([{ kind: 'say', text: 'I’m checking the binary before deciding whether to set config JSON or an env var.' }]);
    expect(undecided.critical_context.key_decisions).toEqual([]);
    const curly = manifestOf([{ kind: 'say', text: 'We’ll keep the REST client rather than switching to gRPC now.' }]);
    expect(curly.critical_context.key_decisions).toHaveLength(1);
    expect(m.critical_context.next_steps).toContain('delete it and reinstall.');
  });

  it('stores the transcript path relative to the home folder', () => {
    const transcript: Transcript = { agent: 'claude-code', path: '/home/dev/.claude/projects/-work-app/s.jsonl', meta: {}, events: [], stats: { lines: 0, skipped: 0, bytes: 0 } };
    const m = extractManifest({ transcript, pressure: measurePressure(1, 200_000), git, home: '/home/dev' });
    expect(m.memory_pointers.transcript).toBe('~/.claude/projects/-work-app/s.jsonl');
    expect(extractManifest({ transcript, pressure: measurePressure(1, 200_000), git, home: '/home/other' }).memory_pointers.transcript).toBe(transcript.path);
  });

  it('ignores subagent (sidechain) traffic', () => {
    const m = manifestOf([{ kind: 'todos', items: [{ text: 'sub task', status: 'pending' }], sidechain: true }, { kind: 'ask', text: 'main ask' }]);
    expect(m.pending_tasks.map((t) => t.task)).toEqual(['main ask']);
  });

  it('does not take harness notifications for the user\u2019s ask', () => {
    const p = writeJsonl(join(tempDir(), 't.jsonl'), [
      { type: 'user', sessionId: 's', message: { role: 'user', content: 'fix the login bug' } },
      { type: 'user', sessionId: 's', message: { role: 'user', content: '<task-notification> <task-id>x</task-id> done</task-notification>' } },
      claudeAssistant({ id: 'm', tokens: 1000, sessionId: 's' }),
    ]);
    expect(manifestOf(readTranscript(p).events).pending_tasks[0]!.task).toBe('fix the login bug');
  });

  it('gives the bundled sample a useful manifest', () => {
    const m = manifestOf(readTranscript(join(PROJECT, 'examples', 'sample-session.jsonl')).events, { cwd: '/home/dev/projects/acme-api', sessionId: 's' });
    expect(m.pending_tasks[0]).toMatchObject({ task: 'Wire the limiter into ApiClient.request', status: 'in_progress' });
    expect(m.active_state.environment_status).toBe('tests failing: 1');
    expect(m.critical_context.blockers).toHaveLength(1);
    expect(m.critical_context.blockers[0]).toContain('honours Retry-After');
    expect(m.memory_pointers.modified_files.slice(0, 2)).toEqual(['src/client.ts', 'src/ratelimit.ts']);
  });
});
