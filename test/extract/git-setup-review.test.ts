// Review of 8447e4a: a git config or git remote that changes the setup is work. Reads with two
// words after a --get* option are taken for writes, and a write whose end state already held (an
// --unset of a key that is not set) is now a blocker the next session is told about.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLookAround } from '../../src/extract/commands.js';
import { claudeAssistant, resumedAfterSave, writeJsonl } from '../helpers.js';

describe('git config reads and writes (review)', () => {
  it.each([
    // --get-urlmatch always takes a name and a URL; --get-color a name and a default; --get* a value pattern.
    'git config --get-urlmatch http.proxy https://github.com',
    'git config --get-regexp ^remote\\..*\\.url github',
    'git config --get-color color.diff.old red',
    'git config --get-colorbool color.ui true',
    'git config --get-all remote.origin.fetch main',
    // A redirection segments() does not take off.
    'git config core.hooksPath &>/dev/null',
  ])('%s reads: looking around', (command) => {
    expect(isLookAround(command)).toBe(true);
  });
});

const sid = 'gs-review-1';
function session(root: string, calls: Array<[string, string, number]>): string {
  const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user('Stop git from running the old hooks, then run the tests.'),
    ...calls.flatMap(([id, command, exit], i) => [
      claudeAssistant({ id: `m-${id}`, tokens: 20_000 + i, sessionId: sid, cwd: root, content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }] }),
      user([{ type: 'tool_result', tool_use_id: id, content: exit ? `Exit code ${exit}\n` : 'ok', is_error: exit !== 0 }]),
    ]),
    claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, cwd: root, content: [{ type: 'text', text: 'The hooks are off and the tests pass.' }] }),
  ]);
}

describe('a setup change whose end state already held (review)', () => {
  it('an --unset of a key that is not set (exit 5) is no blocker for the next session', () => {
    const { prompt, manifest } = resumedAfterSave((root) =>
      session(root, [
        ['t1', 'git config --unset core.hooksPath', 5],
        ['t2', 'npm test', 0],
      ]),
    );
    expect(manifest.critical_context.blockers).toEqual([]);
    expect(prompt).not.toMatch(/git config --unset core\.hooksPath` fails/);
  });

  it('a `git remote add` of a remote that exists (exit 3), pushed to right after, is no blocker', () => {
    const { manifest } = resumedAfterSave((root) =>
      session(root, [
        ['t1', 'git remote add origin git@github.com:o/r.git', 3],
        ['t2', 'git push -u origin main', 0],
      ]),
    );
    expect(manifest.critical_context.blockers).toEqual([]);
  });

  it('a read that finds nothing (--get-urlmatch, exit 1) is no blocker either', () => {
    const { manifest } = resumedAfterSave((root) =>
      session(root, [
        ['t1', 'git config --get-urlmatch http.proxy https://github.com', 1],
        ['t2', 'npm test', 0],
      ]),
    );
    expect(manifest.critical_context.blockers).toEqual([]);
  });
});
