// promptRules' new dedupe key, `l.replace(/[\s.;:!,]+$/, '')`, is the regex this code base already
// warns of (output.ts `undecorated`: "as a regex, `[=\-*_#\s]+$` tries every start in a long run of
// spaces (quadratic)"), and `all.findIndex((o) => key(o) === key(l))` computes it again for every
// pair of lines. A trail of 40 instruction files, each one line with a long run of dots (or spaces)
// inside it, makes the prompt's rules section take tens of seconds (80 files: a minute) on
// `resume` and on every SessionStart hook. The trail is untrusted (a transcript, a pushed trail).
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { parseTrail, trailFiles } from '../../src/trail/files.js';
import { rulesForBrief } from '../../src/trail/instruction-files.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

describe("the prompt's rules of many instruction files", () => {
  it('are picked in well under two seconds (40 CLAUDE.md files, one long rule each)', () => {
    const events: TranscriptEvent[] = [{ kind: 'ask', text: 'Tidy up the packages', at: '2026-03-01T10:00:00.000Z' }];
    for (let i = 0; i < 40; i++) {
      const at = `2026-03-01T10:${String(i + 1).padStart(2, '0')}:00.000Z`;
      events.push(
        { kind: 'tool', id: `r${i}`, name: 'Read', input: { file_path: `/repo/pkg${i}/CLAUDE.md` }, at },
        { kind: 'result', id: `r${i}`, ok: true, output: `     1→Always run the checks${'.'.repeat(2800)} before commit ${i}\n`, at },
      );
    }
    // Stored and read back, as resume has it: 40 reads of well-compressing text are far within the trail's budget.
    const trail = parseTrail(trailFiles(buildTrail(events, '/repo', '/repo')));
    expect(trail.files.filter((f) => f.change?.startsWith('Always run the checks')).length).toBe(40);
    const started = performance.now();
    const rules = rulesForBrief(
      trail,
      (r) => r.slice(0, 200),
      () => false,
    );
    const ms = performance.now() - started;
    expect(rules?.lines.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2000);
  }, 120_000);
});
