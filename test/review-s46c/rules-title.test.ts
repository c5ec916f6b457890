// The rules' title names the files whose shown rules it finds by their first 60 characters
// (rulesForBrief's `shown`: `f.rules.includes(rule.slice(0, 60))`). But a shown rule is not the
// file's text: promptRules drops an inline HTML comment from it (`<!--.*?-->`), and the brief's clip
// (sanitizeText) turns a tab into a space. The file whose rule that is is then not named, while
// another file is: "Rules of AGENTS.md" over a rule of CLAUDE.md.
import { describe, expect, it } from 'vitest';
import { rulesForBrief } from '../../src/trail/instruction-files.js';
import { clipSaid } from '../../src/trail/said.js';

const read = (path: string, rules: string) => ({ op: 'read' as const, path, change: rules, text: `read ${path}` });

describe("the rules' title", () => {
  it.each([
    ['an inline comment', 'Always run `pnpm lint` <!-- CI runs it too --> before you commit anything.', 'Always run `pnpm lint`  before you commit'],
    ['a tab', 'Always run `pnpm lint`\tbefore you commit anything.', 'Always run `pnpm lint` before you commit'],
  ])('names the file of a shown rule with %s', (_, rule, shownStart) => {
    const section = rulesForBrief(
      { files: [read('CLAUDE.md', rule), read('AGENTS.md', 'Never push to main without a review of the diff.')], commands: [] },
      (r) => clipSaid(r, 200), // as trailBrief clips them
      () => false,
    )!;
    // CLAUDE.md's rule is shown…
    expect(section.lines.some((l) => l.startsWith(shownStart))).toBe(true);
    // …but the title names AGENTS.md alone.
    expect(section.title).toBe('Rules of CLAUDE.md, AGENTS.md the session worked under:');
  });
});
