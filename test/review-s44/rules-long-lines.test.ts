// Review s44 (/work/review-s44/findings.md), area 3 (6abe453): "a line over 240 characters is no rule". Instruction files are
// very often soft-wrapped (one line per bullet); a bullet that states a rule and then its reason
// runs past 240 characters. boundInstructions (the event) now drops every such line, then
// rulesRead finds the headings alone (≤ 3000 chars, so "whole") and stores them as the file's
// rules: the trail says CLAUDE.md's rules are "# Agent guide / ## Rules", and recall finds none.
// Before 6abe453 the same file kept at least its head (c2fd887 keeps one rule line).
import { describe, expect, it } from 'vitest';
import { boundOutput } from '../../src/agents/claude-code/tool-results.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';

const why =
  ' This matters because the monorepo shares one lockfile and one CI pipeline across the web app, the worker and the mobile shell, and a change that passes locally but breaks another package blocks every other team until someone reverts it.';
const rules = [
  '- Tests: you must always run the suite with `pnpm vitest run --pool=forks`, never with jest or a bare `vitest` watch.',
  '- Formatting: always run `pnpm biome check --write` before committing; prettier is not used here.',
  '- Migrations: never edit a migration that has been merged; add a new one with `pnpm db:migrate:new`.',
  '- Secrets: never print or commit values from `.env.local`; use `op run` to inject them.',
  '- Commits: messages must follow Conventional Commits, scoped by package name.',
  '- Dependencies: do not add a dependency without checking bundle size with `pnpm size`.',
  '- Branches: never push to main; open a PR against develop.',
  '- API: all handlers must validate input with zod schemas from `packages/schema`.',
  '- Logging: use the `log` helper, never console.log, in server code.',
  '- Feature flags: new features must ship behind a flag in `flags.ts`.',
  '- Types: avoid `any`; prefer `unknown` and narrow it.',
  '- Storybook: every new component must have a story in `stories/`.',
  '- Errors: never swallow an error; wrap it with `AppError` and a code.',
  '- Docs: update `docs/CHANGELOG.md` for every user-visible change.',
].map((r) => r + why);
const file = ['# Agent guide', '', '## Rules', '', ...rules].join('\n');
const numbered = file
  .split('\n')
  .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
  .join('\n');

describe('a CLAUDE.md of soft-wrapped rules (each bullet one line of ~330 chars, 4.5 KB in all)', () => {
  const call = { kind: 'tool' as const, id: 'r', name: 'Read', input: { file_path: '/repo/CLAUDE.md' }, at: '2026-01-01T00:00:01Z' };
  const trail = buildTrail(
    [
      { kind: 'ask', text: 'read the guide first', at: '2026-01-01T00:00:00Z' },
      call,
      { kind: 'result', id: 'r', ok: true, output: boundOutput(numbered, call), at: '2026-01-01T00:00:02Z' },
    ],
    '/repo',
    '/repo',
  );

  it('keeps its rules in the trail, not only its headings', () => {
    const read = trail.files.find((f) => f.path === 'CLAUDE.md')!;
    expect(read.change ?? read.output ?? '').toContain('pnpm vitest run --pool=forks');
    expect(read.change ?? read.output ?? '').toContain('never push to main');
  });

  it('answers a question about one of them', () => {
    const hits = recall([{ sessionId: 's', snapshot: 'x', trail }], 'which command runs the tests, vitest or jest?');
    expect(hits.map((h) => h.line).join('\n')).toContain('pnpm vitest run --pool=forks');
  });
});
