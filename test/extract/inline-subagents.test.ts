// Claude Code 1.0 wrote its subagents' work into the session's own log (sidechain lines): the files
// they wrote and the checks they ran are the session's too, said as a subagent's.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, claudeUser, resumedAfterSave, writeJsonl } from '../helpers.js';

const side = { isSidechain: true };
const sub = (line: object): object => ({ ...line, ...side });

/** The main agent hands the app to a subagent (Task); the subagent writes a page and runs a build that fails; the main agent writes CLAUDE.md. */
function session(root: string, buildLater?: 'ok'): object[] {
  const call = (id: string, name: string, input: object, output: string, isError = false, inSub = true): object[] => {
    const a = claudeAssistant({ id: `m-${id}`, tokens: 30_000, content: [{ type: 'tool_use', id, name, input }] });
    const r = claudeUser('', { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: output, is_error: isError }] } });
    return inSub ? [sub(a), sub(r)] : [a, r];
  };
  return [
    claudeUser('/orchestrator create a TODO app with Next.js'),
    claudeAssistant({
      id: 'm-task',
      tokens: 20_000,
      content: [{ type: 'tool_use', id: 'task1', name: 'Task', input: { description: 'build', prompt: 'Build the page' } }],
    }),
    sub(claudeUser('Build the page')),
    ...call('w1', 'Write', { file_path: join(root, 'app/page.tsx'), content: 'export default function Page() { return null }' }, 'File created successfully'),
    ...call('b1', 'Bash', { command: 'ls app/missing' }, 'ls: cannot access', true),
    ...call('b2', 'Bash', { command: 'npm run build' }, 'Exit code 1\n> Build error occurred\n[TypeError: generate is not a function]', true),
    claudeUser('', { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'task1', content: 'The page is built.' }] } }),
    ...(buildLater ? call('b3', 'Bash', { command: 'npm run build' }, 'Compiled successfully', false, false) : []),
    ...call('w2', 'Write', { file_path: join(root, 'CLAUDE.md'), content: '# TODO app' }, 'File created successfully', false, false),
    claudeAssistant({ id: 'm-end', tokens: 31_000, content: [{ type: 'text', text: 'CLAUDE.md is written.' }] }),
  ];
}

describe("subagents' work in the session's own log", () => {
  it('is in the trail and the prompt as a subagent’s: its files, and its failing build as the blocker (not its failed look-around)', () => {
    const { prompt, manifest } = resumedAfterSave((root) => writeJsonl(join(root, '.git', 's.jsonl'), session(root)));
    expect(prompt).toContain('app/page.tsx (created by a subagent;');
    // The main agent only wrote CLAUDE.md, but a subagent built the app: no "only documented".
    expect(prompt).not.toContain('only documented');
    expect(manifest.critical_context.blockers).toEqual(["a subagent's `npm run build` fails: > Build error occurred [TypeError: generate is not a function]"]);
  });

  it('is settled by a later run of the main agent', () => {
    const { manifest } = resumedAfterSave((root) => writeJsonl(join(root, '.git', 's.jsonl'), session(root, 'ok')));
    expect(manifest.critical_context.blockers).toEqual([]);
  });

  it('marks the trail’s entries, and a subagent’s own log (all sidechain) is not marked', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'build it' },
      { kind: 'edit', id: 'e1', tool: 'Write', paths: ['/repo/a.ts'], change: 'x', sidechain: true },
      { kind: 'result', id: 'e1', ok: true, output: 'ok', sidechain: true },
      { kind: 'command', id: 'c1', command: 'npm test', sidechain: true },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '3 passed', sidechain: true },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.files.map((f) => f.by)).toEqual(['Write in a subagent']);
    expect(trail.commands.map((c) => c.by)).toEqual(['a subagent']);
    const own = buildTrail(events.slice(1), '/repo', '/repo');
    expect(own.files.map((f) => f.by)).toEqual(['Write']);
    expect(own.commands.map((c) => c.by)).toEqual([undefined]);
  });
});
