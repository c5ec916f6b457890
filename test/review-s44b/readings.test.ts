// Review s44b (/work/review-s44b/findings.md), area 5 (bb72d32): a successful call's reading now ends at the next call "of any kind",
// but the kinds it sees are the trail's commands, tools and files. A Grep or Glob (QUIET_TOOLS: no
// tools entry, no files entry) and a successful search command (`rg`, `grep -rn`: look-around, so no
// commands entry, and not a whole-file read, so no files entry) are still invisible: what the agent
// says about their hits is shown as its reading of the earlier command's output.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readingsOf } from '../../src/trail/settled.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const at = (i: number) => new Date(Date.UTC(2026, 7, 13, 12, i)).toISOString();
const trailOf = (events: TranscriptEvent[]) =>
  buildTrail(
    events.map((e, i) => ({ ...e, at: at(i) })),
    '/repo',
    '/repo',
  );

const test: TranscriptEvent[] = [
  { kind: 'ask', text: 'the dev server answers on the wrong port; run the tests and find out why' },
  { kind: 'command', id: 't', command: 'npm test' },
  { kind: 'result', id: 't', ok: true, exitCode: 0, output: 'Test Files  12 passed (12)\n     Tests  148 passed (148)' },
];
const finding: TranscriptEvent = {
  kind: 'say',
  text: "Found it: config.ts defaults PORT to the string '8O80' (a letter O), so Number() gives NaN and the server picks a random port.",
};
const fix: TranscriptEvent[] = [
  { kind: 'edit', id: 'e', paths: ['/repo/src/config.ts'], change: "export const PORT = process.env.PORT ?? '8080';" },
  { kind: 'result', id: 'e', ok: true, output: 'ok' },
];

describe("a successful command's reading ends at the next search too", () => {
  it('a Grep tool call', () => {
    const trail = trailOf([
      ...test,
      { kind: 'tool', id: 'g', name: 'Grep', input: { pattern: 'PORT', path: 'src' } },
      { kind: 'result', id: 'g', ok: true, output: "src/config.ts:3:export const PORT = process.env.PORT ?? '8O80';" },
      finding,
      ...fix,
    ]);
    const npmTest = trail.commands.find((c) => c.text === 'npm test')!;
    expect(readingsOf(trail).get(npmTest)).toBeUndefined();
  });

  it('a search command (`rg -n PORT src`)', () => {
    const trail = trailOf([
      ...test,
      { kind: 'command', id: 'r', command: 'rg -n PORT src' },
      { kind: 'result', id: 'r', ok: true, exitCode: 0, output: "src/config.ts:3:export const PORT = process.env.PORT ?? '8O80';" },
      finding,
      ...fix,
    ]);
    const npmTest = trail.commands.find((c) => c.text === 'npm test')!;
    expect(readingsOf(trail).get(npmTest)).toBeUndefined();
  });
});
