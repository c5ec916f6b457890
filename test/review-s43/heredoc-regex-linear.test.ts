// Review s43, finding: commits.ts HEREDOC (2854663) backtracks quadratically. messageOf runs on
// every successful commit command, and commands are not bounded (Claude Code keeps
// `input.command` whole): a 100 KB command took 4–13 s here.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { messageOf } from '../../src/trail/commit-message.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const ms = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

describe('reading a commit message from a long command', () => {
  it.each([
    ['many unterminated `<<` (shifts, here-strings)', `git commit -m x ${'<<A\n'.repeat(25_000)}`],
    ['one `<<` and a long word', `git commit -m x <<${'a'.repeat(100_000)}\n${'x\n'.repeat(10)}`],
    ['`<<word ` repeated', `git commit -m x ${'<<a.b-c '.repeat(12_500)}`],
  ])('stays linear: %s (100 KB)', (_, command) => {
    expect(ms(() => messageOf(command))).toBeLessThan(500);
  });

  it('keeps a trail build of a real-sized commit command fast', () => {
    // A script piped to python with shift operators, then a commit, in one command.
    const command = `python3 -c "${'x = y << 2; '.repeat(8_000)}" && git commit -m "Shift the flags"`;
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c', command },
      { kind: 'result', id: 'c', ok: true, exitCode: 0, output: '[main 6ddd049] Shift the flags\n 1 file changed' },
    ];
    expect(ms(() => buildTrail(events, '/repo', '/repo'))).toBeLessThan(1000);
  });
});
