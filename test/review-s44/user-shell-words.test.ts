// Review s44 (/work/review-s44/findings.md), area 6 (ef6a376): words typed in Claude Code's bash mode by mistake.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUserShell } from '../../src/agents/claude-code/user-shell.js';
import { readTranscript } from '../../src/transcript/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { tempDir, writeJsonl } from '../helpers.js';

const sid = 'bash-words';
const line = (content: string, ts: string) => ({
  type: 'user',
  sessionId: sid,
  cwd: '/repo',
  timestamp: ts,
  uuid: `u-${ts}`,
  message: { role: 'user', content },
});

describe('bash-mode words the shell could not run', () => {
  it('leave no "command run by the user" behind when the output comes on the next line (as every real log has it)', () => {
    // Exactly as the real log (labeller-ab darthzen+neuvector-mcp/6B, Claude Code 2.1.220) has it:
    // the input on one line, the shell's complaint on the next.
    const p = writeJsonl(join(tempDir(), 'words.jsonl'), [
      line("<bash-input>Image updated. Do a handoff doc and let's clear the session</bash-input>", '2026-07-31T03:24:40.340Z'),
      line("<bash-stdout></bash-stdout><bash-stderr>(eval):1: unmatched '\n</bash-stderr>", '2026-07-31T03:24:40.366Z'),
    ]);
    const t = readTranscript(p);
    expect(t.events.filter((e) => e.kind === 'ask').map((e) => e.kind === 'ask' && e.text)).toEqual([
      "Image updated. Do a handoff doc and let's clear the session",
    ]);
    // The sentence is still a command event (pushed at the first line, never taken back) ...
    expect(t.events.filter((e) => e.kind === 'command')).toEqual([]);
    // ... so the trail lists it as a command the user ran (outcome unknown) beside the ask.
    const trail = buildTrail(t.events, '/repo', '/repo');
    expect(trail.commands.map((c) => c.text)).toEqual([]);
  });

  it('are read as words when the first word is an acronym or not ASCII ("OK", "PR", "Això")', () => {
    const asks = (typed: string, stderr: string) => {
      const state = { count: 0 };
      return [`<bash-input>${typed}</bash-input>`, `<bash-stdout></bash-stdout><bash-stderr>${stderr}</bash-stderr>`]
        .flatMap((l) => readUserShell(state, l, undefined, false))
        .filter((e) => e.kind === 'ask').length;
    };
    expect(asks('OK go ahead and merge it', '(eval):1: command not found: OK')).toBe(1);
    expect(asks('PR is merged, now tag the release', '(eval):1: command not found: PR')).toBe(1);
    expect(asks('Això no funciona, mira els logs', '(eval):1: command not found: Això')).toBe(1);
  });

  it('keeps a capitalised program that is not installed a command that failed (`Rscript`, `R CMD check`)', () => {
    const kinds = (typed: string, stderr: string) => {
      const state = { count: 0 };
      return [`<bash-input>${typed}</bash-input>`, `<bash-stdout></bash-stdout><bash-stderr>${stderr}</bash-stderr>`]
        .flatMap((l) => readUserShell(state, l, undefined, false))
        .map((e) => e.kind);
    };
    // The commit's own rule: "a real command that ... is not installed stays a command that failed".
    expect(kinds('Rscript analysis.R', '(eval):1: command not found: Rscript')).toEqual(['command', 'result']);
    expect(kinds('R CMD check .', '(eval):1: command not found: R')).toEqual(['command', 'result']);
  });
});
