// Paths a command names are the repository's paths, whatever folder the agent's shell was in.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../src/extract/commands.js';
import { commandDir, isScratch, repoPath } from '../../src/extract/files.js';
import { changedFiles } from '../../src/trail/changed-files.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { CORPUS, HAS_CORPUS, claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'paths-1';
const user = (content: unknown, cwd = '/repo') => ({ type: 'user', sessionId: sid, cwd, message: { role: 'user', content } });
const bash = (id: string, command: string, cwd = '/repo') => ({
  ...claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }] }),
  cwd,
});
const ok = (id: string, cwd = '/repo') => user([{ type: 'tool_result', tool_use_id: id, content: '', is_error: false }], cwd);

const facts = (path: string) => {
  const t = readTranscript(path);
  const m = extractManifest({ transcript: t, pressure: measurePressure(10_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
  const trail = buildTrail(t.events, '/repo', t.meta.cwd);
  return { t, m, trail: trail.files.filter((f) => f.op !== 'read').map((f) => `${f.op} ${f.path}`) };
};

describe("a command's paths, after the agent's shell changed folder", () => {
  it('Claude Code: a `cd` kept by the shell for later commands, and one that starts a command line', () => {
    const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      user('Tidy the pkg folder.'),
      bash('b1', "cd pkg && sed -i 's/a/b/' util.py"),
      // Claude Code writes the shell's folder on every later line.
      ok('b1', '/repo/pkg'),
      bash('b2', 'touch notes.md && rm old.txt', '/repo/pkg'),
      ok('b2', '/repo/pkg'),
      bash('b3', 'cd ../docs && echo x > index.md', '/repo/pkg'),
      ok('b3', '/repo/docs'),
    ]);
    const { t, m, trail } = facts(path);
    // The session's folder is where it began, not where its shell ended.
    expect(t.meta.cwd).toBe('/repo');
    expect(m.memory_pointers.modified_files.sort()).toEqual(['docs/index.md', 'pkg/notes.md', 'pkg/util.py']);
    expect(m.memory_pointers.deleted_files).toEqual(['pkg/old.txt']);
    expect(trail).toEqual(['modified pkg/util.py', 'modified pkg/notes.md', 'deleted pkg/old.txt', 'modified docs/index.md']);
  });

  it("Codex: a command's workdir", () => {
    const at = '2026-12-01T10:00:00.000Z';
    const call = (id: string, cmd: string, workdir?: string) => ({
      timestamp: at,
      type: 'response_item',
      payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd, ...(workdir ? { workdir } : {}) }), call_id: id },
    });
    const out = (id: string) => ({
      timestamp: at,
      type: 'response_item',
      payload: { type: 'function_call_output', call_id: id, output: 'Process exited with code 0\nOutput:\n' },
    });
    const path = writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-paths.jsonl'), [
      { timestamp: at, type: 'session_meta', payload: { id: 'paths-codex', cwd: '/repo', cli_version: '0.171.0', originator: 'codex_exec' } },
      { timestamp: at, type: 'turn_context', payload: { cwd: '/repo', model: 'gpt-5.5' } },
      { timestamp: at, type: 'event_msg', payload: { type: 'user_message', message: 'write the notes' } },
      call('c1', 'touch notes.md', '/repo/sub'),
      out('c1'),
      call('c2', 'touch top.md'),
      out('c2'),
    ]);
    const { m, trail } = facts(path);
    expect(m.memory_pointers.modified_files.sort()).toEqual(['sub/notes.md', 'top.md']);
    expect(trail).toEqual(['modified sub/notes.md', 'modified top.md']);
  });

  it.skipIf(!HAS_CORPUS)('on the corpus: a session whose shell went into test/ keeps the project folder as its own', () => {
    const t = readTranscript(
      join(CORPUS, 'claude-code/claude-code-log/-Users-dain-workspace-claude-code-log-sample/37f83ec9-f2ea-42a9-925e-0d5c105cb6e8.jsonl'),
    );
    expect(t.meta.cwd).toBe('/Users/dain/workspace/claude-code-log');
    const later = t.events.filter((e) => e.kind === 'command' && e.dir === '/Users/dain/workspace/claude-code-log/test');
    expect(later.length).toBeGreaterThan(0);
    const trail = buildTrail(t.events, t.meta.cwd!, t.meta.cwd);
    // Every file is named from the repository root (test/…), none as if test/ were the root.
    expect(trail.files.map((f) => f.path).filter((p) => /^test_\w+\.py$/.test(p!))).toEqual([]);
  });
});

describe('files the work refers to, and the files to read first', () => {
  const read = (id: string, file: string) =>
    claudeAssistant({ id: `m-${id}`, tokens: 10_000, sessionId: sid, content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: file } }] });

  it("a file the user says they deleted is gone; an agent's own data is referred to but not read first; the session's own log is neither", () => {
    const own = `/home/u/.claude/projects/-repo/${sid}.jsonl`;
    const path = writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      user('Look at config.ru and the spec in docs/design.md, then at what Claude Code keeps.'),
      read('r1', '/repo/config.ru'),
      ok('r1'),
      read('r2', '/repo/docs/design.md'),
      ok('r2'),
      ...[3, 4, 5].flatMap((n) => [read(`r${n}`, '/home/u/.claude/history.jsonl'), ok(`r${n}`)]),
      ...[1, 2, 3].flatMap((n) => [bash(`g${n}`, `head -${n * 10} ${own}`), ok(`g${n}`)]),
      user('Also, I deleted config.ru, so serve it some other way.'),
      claudeAssistant({ id: 'm-end', tokens: 11_000, sessionId: sid, content: [{ type: 'text', text: 'Serving it with Vite now.' }] }),
    ]);
    const { m } = facts(path);
    expect(m.memory_pointers.deleted_files).toEqual(['config.ru']);
    expect(m.memory_pointers.reference_files).toEqual(['docs/design.md', '/home/u/.claude/history.jsonl']);
    expect(m.bootstrap_instructions[0]).toBe('Read docs/design.md');
  });
});

describe('a command as the prompt gives it', () => {
  it('names paths inside the repository by their repository path, so two scripts of one name stay two; others by their last two parts', () => {
    const inRepo = 'python3 /home/u/proj/tools/publish/scripts/publish.py 88f0';
    const cached = 'python3 /home/u/.claude/plugins/cache/share/0.1.3/commands/publish/scripts/publish.py';
    expect(commandLine(inRepo, '/home/u/proj')).toBe('python3 tools/publish/scripts/publish.py 88f0');
    expect(commandLine(cached, '/home/u/proj')).toBe('python3 …/scripts/publish.py');
    // A folder whose name begins like the root's is not inside it; without a root, the last two parts.
    expect(commandLine('cat /home/u/project2/a/b/c.txt', '/home/u/proj')).toBe('cat …/b/c.txt');
    expect(commandLine(inRepo)).toBe('python3 …/scripts/publish.py 88f0');
    // Characters a regular expression would read are the root's own.
    expect(commandLine('ls /srv/a+b (x)/src/app.ts', '/srv/a+b (x)')).toBe('ls src/app.ts');
  });

  it.skipIf(!HAS_CORPUS)('in a real session: the repository copy of a script is told from the installed plugin copy of the same name', () => {
    const t = readTranscript(join(CORPUS, 'claude-code/session-share/general-tool-calls.jsonl'));
    const m = extractManifest({ transcript: t, pressure: measurePressure(60_000, 200_000), git: { root: t.meta.cwd!, dirty: [], stateFiles: [] } });
    expect(m.active_state.last_command_run?.command).toMatch(/^python3 claude-code-session-share\/commands\/publish\/scripts\/publish_session\.py /);
    expect(m.critical_context.blockers.join('\n')).toContain('`python3 …/scripts/publish_session.py` fails');
  });
});

describe('paths of a session on Windows', () => {
  it('are relative to its folder, named by backslashes, forward slashes or Git Bash (/d/…)', () => {
    const cwd = 'D:\\oh-my-posh';
    expect(repoPath('D:\\oh-my-posh\\src\\segments\\project.go', '/repo', cwd)).toBe('src/segments/project.go');
    expect(repoPath('/d/oh-my-posh/packages/msix/out/install.msi', '/repo', cwd)).toBe('packages/msix/out/install.msi');
    expect(repoPath('src\\a.go', '/repo', cwd)).toBe('src/a.go');
    // A command that changed to the drive's folder first (`cd D:/oh-my-posh && sed -n 1p src/a.go`).
    const dir = commandDir({ command: 'cd D:/oh-my-posh && sed -n 1p src/a.go' }, cwd);
    expect(repoPath('src/a.go', '/repo', cwd, dir)).toBe('src/a.go');
  });
});

describe('a scratch file', () => {
  it('is loose in the temporary folder, not in a clone made there', () => {
    expect(isScratch('/tmp/verify-ui.mjs')).toBe(true);
    expect(isScratch('/private/tmp/next-dev.log')).toBe(true);
    expect(isScratch('/var/folders/xy/abc123/T/notes.md')).toBe(true);
    expect(isScratch('C:/Users/me/AppData/Local/Temp/plan.md')).toBe(true);
    expect(isScratch('/tmp/entire-token-benchmark/benchmarks/token-cost/tasks-history.json')).toBe(false);
    expect(isScratch('tmp/a.txt')).toBe(false);
  });

  it("is not among the files the prompt says the session changed; a clone's file in /tmp is", () => {
    const events: TranscriptEvent[] = [
      { kind: 'edit', id: 'e1', paths: ['/tmp/pr449-comment.md'], change: 'Round 3' },
      { kind: 'edit', id: 'e2', paths: ['/tmp/bench/scripts/run.mjs'], change: 'export {}' },
    ];
    const files = changedFiles(buildTrail(events, '/repo', '/repo').files).join('\n');
    expect(files).not.toContain('pr449-comment.md');
    expect(files).toContain('/tmp/bench/scripts/run.mjs');
  });
});
