/**
 * A session that fixed three files, ran the type check (which failed on pre-existing errors in a
 * test file, printed in colour by `tsc --pretty`), then checked only its own files
 * (`tsc | grep ezoic || echo …`), after `/effort medium` and "try again" (held-out set Y, Claude Code 2.1.79).
 * Before: the coloured errors read as a pass, the filtered run as "type check passing", and
 * "/effort medium" as the request done.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandRuns, verificationStatus } from '../../src/extract/commands.js';
import { extractManifest } from '../../src/extract/index.js';
import { selectsLines } from '../../src/extract/piped.js';
import { outputText } from '../../src/agents/codex/items.js';
import { isContinuation } from '../../src/extract/completion.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeAssistant, tempDir, writeJsonl } from '../helpers.js';

const sid = 'selected-lines-1';
const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: '/repo', message: { role: 'user', content } });
const call = (id: string, name: string, input: object) =>
  claudeAssistant({ id: `m-${id}`, tokens: 20_000, sessionId: sid, content: [{ type: 'tool_use', id, name, input }] });
const result = (id: string, content: string) => user([{ type: 'tool_result', tool_use_id: id, content, is_error: false }]);
const slash = (name: string, args: string) =>
  user(`<command-name>/${name}</command-name>\n            <command-message>${name}</command-message>\n            <command-args>${args}</command-args>`);

const COLOURED =
  "\u001b[96msrc/__tests__/api/admin-categories.test.ts\u001b[0m:\u001b[93m29\u001b[0m:\u001b[93m39\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS2345: \u001b[0mArgument of type 'null' is not assignable to parameter of type 'NextMiddleware'.";

function session() {
  return readTranscript(
    writeJsonl(join(tempDir(), `${sid}.jsonl`), [
      user('find why the ads on the homepage are not loaded on production'),
      slash('effort', 'medium'),
      user([{ type: 'text', text: '[Request interrupted by user]' }]),
      user('try again'),
      call('e1', 'Edit', { file_path: '/repo/src/components/ads/ezoic-ad.tsx', old_string: 'a', new_string: 'b' }),
      result('e1', 'ok'),
      call('b1', 'Bash', { command: 'npx tsc --noEmit --pretty 2>&1 | head -30' }),
      result('b1', COLOURED),
      call('b2', 'Bash', { command: 'npx tsc --noEmit --pretty 2>&1 | grep -E "ezoic" || echo "No errors in ezoic files"' }),
      result('b2', 'No errors in ezoic files'),
      claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, content: [{ type: 'text', text: 'No type errors in the changed files.' }] }),
    ]),
  );
}

describe('a check that shows only some of its lines', () => {
  it('is told from a filter of how the run went', () => {
    expect(selectsLines('npx tsc --noEmit 2>&1 | grep -E "ezoic" || echo none')).toBe(true);
    expect(selectsLines('pytest 2>&1 | grep test_login')).toBe(true);
    expect(selectsLines('npm test 2>&1 | grep -E "passed|failed"')).toBe(false);
    expect(selectsLines('npx tsc --noEmit | grep -c error')).toBe(false);
    expect(selectsLines('npx tsc --noEmit | grep -v node_modules')).toBe(false);
    expect(selectsLines('npx tsc --noEmit | head -30')).toBe(false);
    expect(selectsLines('grep ezoic src/a.ts')).toBe(false);
  });

  it('says its pass is of a selection, and leaves the whole check failing on its coloured errors', () => {
    const t = session();
    const runs = commandRuns(t.events);
    expect(runs.map((r) => r.outcome)).toEqual(['failed', 'ok']);
    expect(verificationStatus(runs).status).toBe('selected type check passing');
    const m = extractManifest({ transcript: t, pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.critical_context.blockers).toEqual([
      "`npx tsc --noEmit --pretty 2>&1 | head -30` fails: src/__tests__/api/admin-categories.test.ts:29:39 - error TS2345: Argument of type 'null' is not assignable to parameter of type 'NextMiddleware'.",
    ]);
  });

  it('a harness command (/effort) and "try again" are no request: the question before them is the one answered', () => {
    expect(isContinuation('try again')).toBe(true);
    expect(isContinuation('Try it again please')).toBe(true);
    const m = extractManifest({ transcript: session(), pressure: measurePressure(21_000, 200_000), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(JSON.stringify(m)).not.toContain('/effort');
    expect([...m.completed_tasks, ...m.pending_tasks.map((p) => p.task)].join(' | ')).toContain(
      'find why the ads on the homepage are not loaded on production',
    );
  });

  it("Codex's outputs are read without their colours too", () => {
    expect(outputText('Exit code: 2\nWall time: 1 seconds\nOutput:\n\u001b[31merror\u001b[0m TS2304: x').text).toBe('error TS2304: x');
    expect(outputText(JSON.stringify({ output: '\u001b[1mFAIL\u001b[22m a.test.ts', metadata: { exit_code: 1 } })).text).toBe('FAIL a.test.ts');
  });
});

describe('an escape never closed', () => {
  it('ends at its line: the failure lines after it are read', () => {
    expect(outputText('Exit code: 1\nOutput:\n\u001b]0;title\nsrc/a.ts(3,1): error TS2304: x').text).toBe('\nsrc/a.ts(3,1): error TS2304: x');
  });
});
