// instruction-files.ts `outside()` takes any path that starts with `~` for a file outside the
// repository (`/^(?:\/|~|[A-Za-z]:)/`), so a folder of the repository's own whose name starts with
// a tilde (`~legacy/`, `~drafts/`: repoPath gives it relative, `~legacy/AGENTS.md`) is ranked as the
// user's: its rules come after every rule of the user's own files and are pushed out of the 640
// bytes, against "the project's files' rules before those of files outside it".
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { rulesForBrief } from '../../src/trail/instruction-files.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const read = (id: number, path: string, text: string): TranscriptEvent[] => [
  { kind: 'tool', id: `r${id}`, name: 'Read', input: { file_path: path }, at: `2026-02-03T10:0${id}:00.000Z` },
  { kind: 'result', id: `r${id}`, ok: true, output: text, at: `2026-02-03T10:0${id}:01.000Z` },
];

const PROJECT_RULE = 'Keep the legacy importer behind the feature flag named legacy_import.';
const USERS = Array.from({ length: 16 }, (_, i) => `- Never push a commit without running the checks of step ${i}.`).join('\n');

describe('an instruction file in a folder of the repository whose name starts with ~', () => {
  it.each(['legacy', '~legacy'])("is the project's (%s/AGENTS.md): its rule comes before the user's own rules", (folder) => {
    const trail = buildTrail(
      [
        { kind: 'ask', text: 'Port the legacy importer to the new API.', at: '2026-02-03T10:00:00.000Z' },
        ...read(1, '/home/u/.claude/rules/git.md', USERS),
        ...read(2, `/home/u/repo/${folder}/AGENTS.md`, `- ${PROJECT_RULE}`),
      ],
      '/home/u/repo',
      '/home/u/repo',
    );
    expect(trail.files.map((f) => f.path)).toEqual(['/home/u/.claude/rules/git.md', `${folder}/AGENTS.md`]);
    const section = rulesForBrief(
      trail,
      (r) => r,
      () => false,
    )!;
    // legacy/AGENTS.md (the control) is shown first; ~legacy/AGENTS.md is ranked as the user's and pushed out.
    expect(section.lines).toContain(PROJECT_RULE);
  });
});
