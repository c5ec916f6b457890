// Review s38: ASKS_ITSELF (help/version commands are look-arounds), OPEN_COMMAND_CHARS, WHOLE_URL.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLookAround, lastMeaningful, commandRuns } from '../../src/extract/commands.js';
import { outputValues } from '../../src/trail/values.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, resumedAfterSave, writeJsonl } from '../helpers.js';

const sid = 'review-s38';
function claudeSession(root: string, name: string, calls: Array<[string, string, string, boolean]>, last?: string): string {
  const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
  return writeJsonl(join(root, '.git', `${name}.jsonl`), [
    user('Build it and run the tests, then commit and push the fix.'),
    ...calls.flatMap(([id, command, output, isError], k) => [
      claudeAssistant({ id: `m-${id}`, tokens: 20_000 + k, sessionId: sid, cwd: root, content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }] }),
      ...(output === '' && !isError ? [] : [user([{ type: 'tool_result', tool_use_id: id, content: output, is_error: isError }])]),
    ]),
    ...(last ? [claudeAssistant({ id: 'm-end', tokens: 21_000, sessionId: sid, cwd: root, content: [{ type: 'text', text: last }] })] : []),
  ]);
}

describe('review s38: a flag that is not help or version at the end of a command', () => {
  it('`ctest -V` (verbose), `mvn … -V` (show version and build), `docker compose up -V` (renew volumes) do work', () => {
    expect(isLookAround('cd build && ctest --output-on-failure -V')).toBe(false);
    expect(isLookAround('ctest --test-dir build -V')).toBe(false);
    expect(isLookAround('mvn clean install -V')).toBe(false);
    expect(isLookAround('docker compose up -V')).toBe(false);
  });

  it('a failed `ctest -V` run is the last command and a failure for the next session', () => {
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c1', command: 'cmake --build build' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '[100%] Built target app' },
      { kind: 'command', id: 'c2', command: 'ctest --test-dir build -V' },
      { kind: 'result', id: 'c2', ok: false, exitCode: 8, output: '2/3 Test #2: parser_test ......***Failed\n67% tests passed, 1 tests failed out of 3' },
    ];
    expect(lastMeaningful(commandRuns(events))?.command).toBe('ctest --test-dir build -V');
  });

  it('in the prompt: a blocker, not "Last command: `cmake --build build` → ok" (as with --verbose spelled out)', () => {
    const { prompt, manifest } = resumedAfterSave((root) =>
      claudeSession(root, 'ctest', [
        ['t1', 'cmake --build build', '[100%] Built target app', false],
        [
          't2',
          'ctest --test-dir build -V',
          '2/3 Test #2: parser_test ......***Failed\n67% tests passed, 1 tests failed out of 3\nErrors while running CTest',
          true,
        ],
      ]),
    );
    // With `ctest --test-dir build --verbose` the prompt has "Blockers … `ctest --test-dir build --verbose` fails: …" and "Fix blocker 1".
    expect(manifest.critical_context.blockers.join('\n')).toContain('`ctest --test-dir build -V` fails');
    expect(prompt).not.toContain('Last command (read-only ones aside): `cmake --build build` → ok');
  });
});

describe('review s38: a command the log ends waiting on, up to 200 characters', () => {
  const push =
    'git fetch --no-tags origin main && git log origin/main..HEAD --oneline && git switch -c docs/contract-design-standards origin/main && git add AGENTS.md && git commit -m "docs: standards" && git push -u origin HEAD';

  it('is said in the prompt up to its push (the commit says: "the first thing the next session must check")', () => {
    const { prompt } = resumedAfterSave((root) => claudeSession(root, 'push', [['t1', push, '', false]]));
    const ended = prompt.split('\n').find((l) => l.includes('ended mid-turn'));
    expect(ended).toBeDefined();
    expect(ended).toContain('git push');
  });

  it('two of them left open (parallel calls) are both said, and that they had no result', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Release it' },
      { kind: 'command', id: 'c1', command: push },
      {
        kind: 'command',
        id: 'c2',
        command: 'gh release create v1.4.0 --title "v1.4.0" --notes-file CHANGELOG.md --target main && gh workflow run publish.yml --ref v1.4.0',
      },
    ];
    const ended = sessionFacts({}, 'codex', events).find((f) => f.text.startsWith('ended: '))!.text;
    expect(ended).toContain('gh release create');
    expect(ended).toMatch(/without a result$/);
  });
});

describe('review s38: WHOLE_URL', () => {
  const run = (id: string, command: string, output: string): TranscriptEvent[] => [
    { kind: 'command', id, command },
    { kind: 'result', id, ok: true, exitCode: 0, output },
  ];
  // A host cut inside its last label (`….vercel.ap`) still reads as whole: left (second review).
  it('a dev server on a bare host name (a container, a machine on the LAN) is a value printed', () => {
    const events = run('c1', 'docker compose logs web | tail -3', 'web-1  | ready - started server on http://web:3000');
    expect(outputValues(buildTrail(events, '/repo', '/repo').commands)).toEqual(['http://web:3000']);
  });
});
