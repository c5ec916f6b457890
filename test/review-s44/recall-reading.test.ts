// Review s44 (/work/review-s44/findings.md), area 2 (2aee546, 66414bf): the best hit shows "what the agent said right after it,
// before its next call". The calls readingsOf walks are the trail's commands and tools only: the
// Reads, Greps, look-around commands (`cat`, `git diff`) and edits in between are not there, so the
// words the agent said about a file it read are shown as its reading of an earlier command's output.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { readingsOf } from '../../src/trail/settled.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const at = (i: number) => new Date(Date.UTC(2026, 7, 13, 12, i)).toISOString();

describe("the best hit's reading", () => {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'the dev server answers on the wrong port; run the tests and find out why' },
    { kind: 'command', id: 't', command: 'npm test' },
    { kind: 'result', id: 't', ok: true, exitCode: 0, output: 'Test Files  12 passed (12)\n     Tests  148 passed (148)' },
    // The agent looks at files: a Read, a Grep, a `cat` (none of them in the trail's commands or tools).
    { kind: 'tool', id: 'r', name: 'Read', input: { file_path: '/repo/src/config.ts' } },
    { kind: 'result', id: 'r', ok: true, output: "export const PORT = process.env.PORT ?? '8O80';" },
    { kind: 'tool', id: 'g', name: 'Grep', input: { pattern: 'PORT' } },
    { kind: 'result', id: 'g', ok: true, output: 'src/server.ts:4: listen(Number(PORT))' },
    { kind: 'command', id: 'c', command: 'cat src/server.ts' },
    { kind: 'result', id: 'c', ok: true, exitCode: 0, output: 'listen(Number(PORT))' },
    {
      kind: 'say',
      text: "Found it: config.ts defaults PORT to the string '8O80' (a letter O), so Number() gives NaN and the server falls back to a random port.",
    },
    { kind: 'edit', id: 'e', paths: ['/repo/src/config.ts'], change: "export const PORT = process.env.PORT ?? '8080';" },
    { kind: 'result', id: 'e', ok: true, output: 'ok' },
    { kind: 'command', id: 'b', command: 'npm run build' },
    { kind: 'result', id: 'b', ok: true, exitCode: 0, output: 'built in 2.1s' },
    { kind: 'say', text: 'Fixed the default port in config.ts; the build passes.' },
  ];
  const trail = buildTrail(
    events.map((e, i) => ({ ...e, at: at(i) })),
    '/repo',
    '/repo',
  );

  it('is not words the agent said about files it read after the command', () => {
    const npmTest = trail.commands.find((c) => c.text === 'npm test')!;
    expect(readingsOf(trail).get(npmTest)).toBeUndefined();
  });

  it('does not tell a later session the test run showed the port bug', () => {
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'how many tests passed in npm test?');
    expect(hits[0]!.line).toMatch(/npm test/);
    expect(hits[0]!.line).not.toMatch(/the agent then said: Found it: config\.ts/);
  });
});
