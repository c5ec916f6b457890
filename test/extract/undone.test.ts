// A decision whose change a later edit took out no longer holds: the next session is not told it as one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { undoneDecisions } from '../../src/extract/undone.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { claudeAssistant, CORPUS, HAS_CORPUS, resumedAfterSave, writeJsonl } from '../helpers.js';

const sid = 'undone-1';
const DECISION = "The linter has 40 strict errors. Since this is a first pass, I'll make CI allow lint failures for now but still run the checks.";

/** The prompt and the key decisions `resume` gives after saving `transcript` in a new repository. */
function resumeAfter(transcript: (root: string) => string): { prompt: string; decisions: string[] } {
  const { prompt, manifest } = resumedAfterSave(transcript);
  return { prompt, decisions: manifest.critical_context.key_decisions };
}

/** A session that decides to let lint fail in CI, and then, asked by the user, takes that out again (or not). */
function session(root: string, takenBack: boolean): string {
  const user = (content: unknown) => ({ type: 'user', sessionId: sid, cwd: root, message: { role: 'user', content } });
  const say = (id: string, content: object[]) => claudeAssistant({ id, tokens: 20_000, sessionId: sid, content });
  const edit = (id: string, old_string: string, new_string: string) => [
    say(`m-${id}`, [{ type: 'tool_use', id, name: 'Edit', input: { file_path: join(root, '.github/workflows/ci.yml'), old_string, new_string } }]),
    user([{ type: 'tool_result', tool_use_id: id, content: 'The file has been updated.' }]),
  ];
  return writeJsonl(join(root, '.git', `${sid}.jsonl`), [
    user('Add a lint step to CI'),
    say('m1', [{ type: 'text', text: DECISION }]),
    ...edit('e1', '    - name: Lint\n      run: npm run lint', '    - name: Lint\n      run: npm run lint\n      continue-on-error: true'),
    say('m2', [{ type: 'text', text: 'CI runs the lint step and lets it fail.' }]),
    user(takenBack ? 'Please fix the lint errors instead, CI must fail on them' : 'Also cache the npm install'),
    say('m3', [{ type: 'text', text: takenBack ? 'Fixing the errors and making the step strict again.' : 'Adding the cache.' }]),
    ...(takenBack
      ? edit('e2', '    - name: Lint\n      run: npm run lint\n      continue-on-error: true', '    - name: Lint\n      run: npm run lint')
      : edit('e2', '    - uses: actions/setup-node@v4', "    - uses: actions/setup-node@v4\n      with:\n        cache: 'npm'")),
    say('m4', [{ type: 'text', text: 'Done.' }]),
  ]);
}

describe('a decision a later edit undid', () => {
  it('is neither a key decision nor among the other decisions; one left standing is', () => {
    const undone = resumeAfter((root) => session(root, true));
    expect(undone.decisions.join('\n')).not.toContain('allow lint failures');
    expect(undone.prompt).not.toContain('allow lint failures');
    const kept = resumeAfter((root) => session(root, false));
    expect(kept.prompt).toContain("I'll make CI allow lint failures for now but still run the checks.");
  });

  it('stays in the trail, marked as undone, for recall', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'Add a lint step to CI' },
      { kind: 'say', text: DECISION },
      { kind: 'edit', id: 'e1', paths: ['/repo/ci.yml'], change: 'continue-on-error: true', tool: 'Edit' },
      { kind: 'ask', text: 'CI must fail on lint errors' },
      { kind: 'edit', id: 'e2', paths: ['/repo/ci.yml'], removed: 'continue-on-error: true', tool: 'Edit' },
    ];
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }], 'why does CI allow lint failures').map(
      (h) => h.line,
    );
    expect(lines.find((l) => l.includes('allow lint failures'))).toMatch(/\(undone later: a later edit took its change out\)$/);
  });

  it('needs most of what the edit added taken out, in the same file, by an edit that did not rewrite it', () => {
    const base: TranscriptEvent[] = [
      { kind: 'say', text: "I'll use a retry loop because the API drops connections under load." },
      {
        kind: 'edit',
        id: 'e1',
        paths: ['/repo/api.ts'],
        change: 'for (let attempt = 0; attempt < 3; attempt++) {\nawait sleep(backoff(attempt));',
        tool: 'Edit',
      },
      { kind: 'ask', text: 'go on' },
    ];
    const taking = (removed: string, path = '/repo/api.ts', tool = 'Edit'): TranscriptEvent[] => [
      ...base,
      { kind: 'edit', id: 'e2', paths: [path], removed, tool },
    ];
    expect(undoneDecisions(taking('for (let attempt = 0; attempt < 3; attempt++) {\nawait sleep(backoff(attempt));')).size).toBe(1);
    expect(undoneDecisions(taking('await sleep(backoff(attempt));')).size).toBe(1);
    expect(undoneDecisions(taking('await sleep(backoff(attempt));', '/repo/other.ts')).size).toBe(0);
    expect(undoneDecisions(taking('const unrelated = 1;')).size).toBe(0);
    // Written anew in other words (a rename, a typo fixed) is no removal (review finding).
    const renamed: TranscriptEvent[] = [
      ...base,
      {
        kind: 'edit',
        id: 'e2',
        paths: ['/repo/api.ts'],
        removed: 'for (let attempt = 0; attempt < 3; attempt++) {\nawait sleep(backoff(attempt));',
        change: 'for (let attempt = 0; attempt < 3; attempt++) {\nawait sleep(backoffMs(attempt));',
        tool: 'Edit',
      },
    ];
    expect(undoneDecisions(renamed).size).toBe(0);
    // Taken out in the same turn (the agent correcting itself before the user spoke): no decision undone.
    const sameTurn: TranscriptEvent[] = [
      base[0]!,
      base[1]!,
      { kind: 'edit', id: 'e2', paths: ['/repo/api.ts'], removed: 'await sleep(backoff(attempt));', tool: 'Edit' },
    ];
    expect(undoneDecisions(sameTurn).size).toBe(0);
    // A file written whole is no change a decision made to it.
    const written: TranscriptEvent[] = [
      base[0]!,
      { ...(base[1] as Extract<TranscriptEvent, { kind: 'edit' }>), tool: 'Write' },
      base[2]!,
      { kind: 'edit', id: 'e2', paths: ['/repo/api.ts'], removed: 'await sleep(backoff(attempt));', tool: 'Edit' },
    ];
    expect(undoneDecisions(written).size).toBe(0);
  });

  it.skipIf(!HAS_CORPUS)('in a real session: CI allowed type check failures, then the user asked to fix them (claude-code-log fe869ecb)', () => {
    const { prompt, decisions } = resumeAfter(() =>
      join(CORPUS, 'claude-code/claude-code-log/-Users-dain-workspace-claude-code-log-sample/fe869ecb-c176-478f-9734-7e4b8ef12cff.jsonl'),
    );
    expect(prompt).not.toContain('allow type check failures');
    expect(decisions.join('\n')).not.toContain('allow type check failures');
  });
});
