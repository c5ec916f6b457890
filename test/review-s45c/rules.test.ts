// Review s45c: an instruction file written anew after it was read (src/trail/instruction-files.ts rulesForBrief).
import { describe, expect, it } from 'vitest';
import type { TrailEntry } from '../../src/trail/build.js';
import { rulesForBrief } from '../../src/trail/instruction-files.js';

const rules = 'Never push directly to the main branch.\nAlways run npm test before every commit.';
const brief = (files: TrailEntry[]) =>
  rulesForBrief(
    { files, commands: [] },
    (r) => r,
    () => false,
  );

describe('review s45c: a file a subagent wrote anew after the read', () => {
  it("sanity: the main agent's Write of CLAUDE.md after the read gives none of its old rules", () => {
    expect(
      brief([
        { text: 'read CLAUDE.md (Read)', path: 'CLAUDE.md', op: 'read', by: 'Read', change: rules },
        { text: 'modified CLAUDE.md (Write)', path: 'CLAUDE.md', op: 'modified', by: 'Write' },
      ]),
    ).toBeUndefined();
  });

  it('a subagent\'s Write (by "Write in a subagent") of CLAUDE.md after the read gives none either', () => {
    expect(
      brief([
        { text: 'read CLAUDE.md (Read)', path: 'CLAUDE.md', op: 'read', by: 'Read', change: rules },
        { text: 'modified CLAUDE.md (Write in a subagent)', path: 'CLAUDE.md', op: 'modified', by: 'Write in a subagent' },
      ]),
    ).toBeUndefined();
  });
});
