// Calls the agent's permission settings refused never ran: nothing in the work to fix, the user
// must allow them or run them; and an answer given without them is said to be so.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deniedCalls, isPermissionDenial } from '../../src/extract/signals.js';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, resumedAfterSave, writeJsonl } from '../helpers.js';

const sid = 'denied-1';
/** Claude Code's own words, as its logs hold them (2.1.17, a session without anyone to approve calls). */
const DENIALS = {
  tool: "Claude requested permissions to use WebSearch, but you haven't granted it yet.",
  read: "Claude requested permissions to read from ~/.claude/CLAUDE.md, but you haven't granted it yet.",
  command: 'This command requires approval',
  part: 'This Bash command contains multiple operations. The following part requires approval: claude -p "List your tools" 2>&1',
  folder: "ls in '~/.claude' was blocked. For security, Claude Code may only list files in the allowed working directories for this session: '/src/app'.",
  // 2.1.2xx in auto mode (permission mode "auto"): its classifier, and (2.1.332) a denial with a reason.
  classifier:
    "Permission for this action was denied by the Claude Code auto mode classifier. Reason: Blocked by classifier. If you have other tasks that don't depend on this action, continue working on those.",
  reason: 'Permission for this action has been denied. Reason: Pushing directly to main bypasses PR review.',
};

function session(root: string): string {
  const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
  const call = (id: string, name: string, input: object, result: string, isError: boolean) => [
    claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] }),
    user([{ type: 'tool_result', tool_use_id: id, content: result, is_error: isError }]),
  ];
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user('Find out whether claude -p can use WebSearch and the Task tool with Haiku. Summarize the findings.'),
    ...call('t1', 'WebSearch', { query: 'claude -p WebSearch Task tool' }, DENIALS.tool, true),
    ...call('t2', 'Bash', { command: 'claude --help | head -100' }, 'Usage: claude [options] [command] [prompt]', false),
    ...call('t3', 'Bash', { command: 'claude -p "List your tools" 2>&1 | head' }, DENIALS.part, true),
    ...call('t4', 'Bash', { command: 'claude --version' }, DENIALS.command, true),
    ...call('t5', 'Read', { file_path: '~/.claude/CLAUDE.md' }, DENIALS.read, true),
    claudeAssistant({
      id: 'm-end',
      tokens: 21_000,
      sessionId: sid,
      content: [{ type: 'text', text: 'Based on the CLI help: yes, claude -p can use WebSearch and Task.' }],
    }),
  ]);
}

describe('calls the permission settings denied', () => {
  it("are Claude Code's refusals, not the command's own failures", () => {
    const refused = (output: string) => ({ ok: false, output });
    for (const text of Object.values(DENIALS)) expect(isPermissionDenial(refused(text)), text).toBe(true);
    expect(isPermissionDenial(refused('Error: permission denied (publickey)'))).toBe(false);
    // A program's own words that start alike, and a call that succeeded (review findings).
    expect(isPermissionDenial(refused('This command requires approval from a release manager: ask #releases'))).toBe(false);
    expect(isPermissionDenial({ ok: true, output: DENIALS.command })).toBe(false);
  });

  it("of the user's own deny rules are not for the next session to ask to allow; older ones were settled by the request after them", () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'push it' },
      { kind: 'command', id: 'c1', command: 'git push --force' },
      { kind: 'result', id: 'c1', ok: false, output: 'Permission to use Bash with command git push --force has been denied.' },
    ];
    expect(isPermissionDenial({ ok: false, output: 'Permission to use Bash with command git push --force has been denied.' })).toBe(true);
    expect(deniedCalls(events)).toEqual([]);
  });

  it('are no blocker to fix and no last command: the next session asks the user to allow them, and the answer is marked', () => {
    const { prompt, manifest } = resumedAfterSave(session);
    expect(prompt).not.toContain('Fix blocker');
    expect(prompt).not.toMatch(/claude --version` (?:→|fails)/);
    // Nor is one (the help the agent read is reading too).
    expect(prompt).not.toMatch(/Last command[^\n]*claude (?:-p|--version)/);
    expect(prompt).not.toContain('Last command');
    expect(manifest.critical_context.blockers.join('\n')).toContain(
      'Not run, denied by the permission settings (the user must allow them or run them): WebSearch claude -p WebSearch Task tool; `claude -p "List your tools" 2>&1 | head`; `claude --version`',
    );
    expect(prompt).toMatch(/To start:\n1\. Ask the user to allow or run the calls the permission settings denied \(Blockers\)/);
    expect(prompt).toContain('(answered without 4 calls the permission settings denied) Find out whether claude -p');
    expect(prompt).toContain('WebSearch ×1 (1 denied by the permission settings)');
  });

  it('leave the failures their numbers: "blocker N" is a failure, the refused calls\' line comes last', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'ship it' },
      ...['npm run lint', 'npm run build', 'npm test', 'npm run e2e'].flatMap((command, i): TranscriptEvent[] => [
        { kind: 'command', id: `c${i}`, command },
        { kind: 'result', id: `c${i}`, ok: false, exitCode: 1, output: `Error: step ${i} failed` },
      ]),
      { kind: 'tool', id: 'w1', name: 'WebSearch', input: { query: 'release notes' } },
      { kind: 'result', id: 'w1', ok: false, output: DENIALS.tool },
    ];
    const m = extractManifest({
      transcript: { agent: 'claude-code', path: '/x.jsonl', meta: { cwd: '/repo' }, events, stats: { lines: 0, skipped: 0, bytes: 0 } },
      pressure: measurePressure(0, 200_000),
      git: { root: '/repo', dirty: [], stateFiles: [] },
    });
    const blockers = m.critical_context.blockers;
    expect(blockers).toHaveLength(4);
    expect(blockers.at(-1)).toMatch(/^Not run, denied by the permission settings/);
    expect(m.bootstrap_instructions).toContain('Fix blocker 3 (the newest), then re-run its command');
    expect(blockers[2]).toContain('npm run e2e');
  });

  it('are settled by a later run of the same call, and say so in the trail', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'check the version' },
      { kind: 'command', id: 'c1', command: 'claude --version' },
      { kind: 'result', id: 'c1', ok: false, output: DENIALS.command },
      { kind: 'tool', id: 'w1', name: 'WebSearch', input: { query: 'claude code release notes' } },
      { kind: 'result', id: 'w1', ok: false, output: DENIALS.tool },
      { kind: 'command', id: 'c2', command: 'claude --version' },
      { kind: 'result', id: 'c2', ok: true, exitCode: 0, output: '2.1.17 (Claude Code)' },
    ];
    expect(deniedCalls(events)).toEqual(['WebSearch claude code release notes']);
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }], 'what did the web search return').map((h) => h.line);
    expect(lines).toContain('tool WebSearch claude code release notes → denied by the permission settings (not run)');
  });
});
