// Review s45b: the rules of the instruction files a session read, in the resume prompt
// (src/log/rules.ts ruleMarks/joinWrapped, src/trail/instruction-files.ts rulesRead/promptRules/rulesForBrief).
import { describe, expect, it } from 'vitest';
import { removedText } from '../../src/agents/claude-code/lines.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { rulesRead } from '../../src/trail/instruction-files.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

/** A Read of /repo/`path` as Claude Code's Read tool returns it (numbered lines). */
const numbered = (text: string): string =>
  text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
    .join('\n');
const read = (id: string, path: string, text: string): TranscriptEvent[] => [
  { kind: 'tool', id, name: 'Read', input: { file_path: `/repo/${path}` } },
  { kind: 'result', id, ok: true, output: numbered(text) },
];

const briefOf = (events: TranscriptEvent[]): string =>
  trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest()).join('\n');

const ask: TranscriptEvent = { kind: 'ask', text: 'Fix the tooltip offset in the widget and open a PR for it.' };

describe('review s45b: the rules of AGENTS.md in the prompt', () => {
  it('a short file with two plain ``` code blocks: the rules after them are still rules', () => {
    // rulesRead keeps a short file whole but de-duplicates its lines (new Set): the second block's
    // "```" lines are dropped as repeats, so promptRules' ruleMarks sees a fence that never closes.
    const agents = [
      '# Widget',
      '',
      'Build it with:',
      '```',
      'make build',
      '```',
      'Test it with:',
      '```',
      'make test',
      '```',
      '',
      'Never push directly to main; always open a pull request.',
      'Always run `make test` before every commit you make.',
    ].join('\n');
    const brief = briefOf([...read('r1', 'AGENTS.md', agents), ask]);
    expect(brief).toContain('Never push directly to main; always open a pull request.');
    expect(brief).toContain('Always run `make test` before every commit you make.');
  });

  it('an Edit that only adds a line to AGENTS.md does not drop every rule of the file', () => {
    const editInput = {
      file_path: '/repo/AGENTS.md',
      old_string: '- Always run `make test` before every commit.',
      new_string: '- Always run `make test` before every commit.\n- Use pnpm for every install here.',
    };
    expect(removedText(editInput)).toBeUndefined();
    const agents = ['# Widget', '', '- Never push directly to main; always open a pull request.', '- Always run `make test` before every commit.'].join('\n');
    const events: TranscriptEvent[] = [
      ...read('r1', 'AGENTS.md', agents),
      ask,
      // The user had the agent add one more rule: nothing was removed, the file was not rewritten.
      // (Claude Code's Edit of old_string "- Always run …" to it plus a new line: removedText says no line was removed.)
      {
        kind: 'edit',
        id: 'e1',
        tool: 'Edit',
        paths: ['/repo/AGENTS.md'],
        change: '- Use pnpm for every install here.',
        ...(removedText(editInput) ? { removed: removedText(editInput) } : {}),
        files: [{ path: '/repo/AGENTS.md', change: '- Use pnpm for every install here.' }],
      } as TranscriptEvent,
      { kind: 'result', id: 'e1', ok: true, output: 'The file /repo/AGENTS.md has been updated.' },
    ];
    expect(
      buildTrail(events, '/repo', '/repo')
        .files.filter((f) => f.path === 'AGENTS.md')
        .map((f) => [f.op, f.removed]),
    ).toEqual([
      ['read', undefined],
      ['modified', undefined],
    ]);
    expect(briefOf(events)).toContain('Never push directly to main; always open a pull request.');
  });

  it('a long file: a rule in a hard-wrapped paragraph is still kept (joinWrapped makes the paragraph one over-long line)', () => {
    // A long AGENTS.md (over RULES_CHARS of lines: only its rule lines are kept, each at most RULE_CHARS).
    const filler = Array.from({ length: 40 }, (_, i) => `- Module ${i} renders the widget panel number ${i} for the dashboard view.`);
    const agents = [
      '# Widget',
      ...filler,
      '',
      'The deployment pipeline for the widget service runs on the shared cluster and',
      'is owned by the platform team, who keep its configuration in a separate repo, and',
      'never change the files under deploy/ from this repository, because the sync job',
      'overwrites them and the platform team is paged when the checksums do not match',
      'what they expect after a release.',
    ].join('\n');
    const rules = rulesRead('/repo/AGENTS.md', numbered(agents)) ?? '';
    expect(rules).toMatch(/never change the files under deploy\//);
  });

  it('a comment closed on its own line: a lower-case rule right after it is not swallowed into the comment', () => {
    const agents = ['# Widget', '<!--', 'maintainers: keep this file short', '-->', 'never push directly to main; always open a pull request for review.'].join(
      '\n',
    );
    expect(briefOf([...read('r1', 'AGENTS.md', agents), ask])).toContain('never push directly to main; always open a pull request for review.');
  });

  it('a one-line HTML comment before a rule on the same line does not hide the rule', () => {
    const agents = ['# Widget', '<!-- rule 1 --> Never push directly to main; always open a pull request.', 'Always run `make test` before a commit.'].join(
      '\n',
    );
    expect(briefOf([...read('r1', 'AGENTS.md', agents), ask])).toContain('Never push directly to main; always open a pull request.');
  });
  it("a short file with two multi-line HTML comments: the second comment's note to maintainers is no rule", () => {
    // Same cause as the fences: the second comment's "<!--" line is a repeat, dropped when the file is kept whole.
    const agents = [
      '# Widget',
      '<!--',
      'Maintainers: regenerate this file with the docs script.',
      '-->',
      'Never push directly to main; always open a pull request.',
      '<!--',
      'TODO remove the staging token hack after the migration ships.',
      '-->',
    ].join('\n');
    const brief = briefOf([...read('r1', 'AGENTS.md', agents), ask]);
    expect(brief).toContain('Never push directly to main; always open a pull request.');
    expect(brief).not.toContain('staging token hack');
  });

  it('a soft-wrapped rule the session removed with an Edit is not given as a rule', () => {
    const agents = [
      '# Widget',
      '',
      'Never push directly to main; always open a pull request.',
      'Release builds are cut by CI only: never run the release script',
      'from a laptop, it signs with the shared key.',
    ].join('\n');
    const editInput = {
      file_path: '/repo/AGENTS.md',
      old_string: 'Release builds are cut by CI only: never run the release script\nfrom a laptop, it signs with the shared key.\n',
      new_string: '',
    };
    const events: TranscriptEvent[] = [
      ...read('r1', 'AGENTS.md', agents),
      ask,
      {
        kind: 'edit',
        id: 'e1',
        tool: 'Edit',
        paths: ['/repo/AGENTS.md'],
        removed: removedText(editInput),
        files: [{ path: '/repo/AGENTS.md', removed: removedText(editInput) }],
      } as TranscriptEvent,
      { kind: 'result', id: 'e1', ok: true, output: 'The file /repo/AGENTS.md has been updated.' },
    ];
    const brief = briefOf(events);
    expect(brief).toContain('Never push directly to main; always open a pull request.');
    expect(brief).not.toContain('never run the release script');
  });
});
