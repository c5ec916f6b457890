/** Rules come from the user's own words, not from a page or a log they pasted. */
import { describe, expect, it } from 'vitest';
import { ownWords, userInstructions } from '../../src/extract/instructions.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const docPage = [
  'Tools are Python packages that provide command-line interfaces.',
  'The bin directory must be in the PATH variable for tool executables to be available from the shell.',
  'Tools are always run isolated from the project.',
]
  .join('\n\n')
  .repeat(6);
const ask = (text: string): TranscriptEvent => ({ kind: 'ask', text });

describe('the user’s own words of a message', () => {
  it('stops where a short opening hands over a long pasted block', () => {
    const msg = `We need to find a cleaner way to reinstall without manually going hunting for cached files. Does this doc page help?\n\n${docPage}`;
    expect(ownWords(msg)).toBe('We need to find a cleaner way to reinstall without manually going hunting for cached files. Does this doc page help?');
    expect(ownWords(`Are you sure? The page loaded.\n\nThis is the full HAR:\n\n${docPage}`)).toBe('Are you sure? The page loaded.\n\nThis is the full HAR:');
  });

  it('keeps a message whole when nothing is handed over, or what follows is short', () => {
    const spec = `Build the importer.\n\nIt must keep the old URLs working. Never delete user data.\n\n${'Details of the format follow in prose. '.repeat(30)}`;
    expect(ownWords(spec)).toBe(spec);
    expect(ownWords('Here is the error:\n\nTypeError: x is undefined')).toBe('Here is the error:\n\nTypeError: x is undefined');
  });

  it('takes the rule the user wrote, and none of the pasted page’s', () => {
    const rules = userInstructions([
      ask(`We need to find a cleaner way to reinstall without manually going hunting for cached files. Does this doc page help?\n\n${docPage}`),
    ]);
    expect(rules).toEqual(['We need to find a cleaner way to reinstall without manually going hunting for cached files.']);
  });

  it("reads a brief's rules through its markdown: a numbered bold line, a bold NOT, a rule ending before a heading", () => {
    const brief = [
      '### How to commit',
      '',
      '1. Commit with message: `alice: round 1`.',
      '2. **Do not push. Do not merge.**',
      '',
      '### Important constraints',
      '',
      '- Do **NOT** read `work/research-beads.md` — it belongs to a peer.',
    ].join('\n');
    expect(userInstructions([ask(brief)])).toEqual(['Do not push.', 'Do not merge.', 'Do NOT read `work/research-beads.md` — it belongs to a peer.']);
  });

  it("keeps a name's underscores and stars: `__init__.py` is not init.py, `**kwargs` not kwargs", () => {
    expect(
      userInstructions([
        ask('Never edit `__init__.py` files.'),
        ask('Always pass `**kwargs` through to the base class.'),
        ask('Do not rename __main__.py ever.'),
        ask('Never write a ** b for a power, use pow().'),
        ask('You must **always** run __the linter__ first.'),
      ]),
    ).toEqual([
      'Never edit `__init__.py` files.',
      'Always pass `**kwargs` through to the base class.',
      'Do not rename __main__.py ever.',
      'Never write a ** b for a power, use pow().',
      'You must always run the linter first.',
    ]);
  });

  it('"without" and a noun is a description, not a constraint', () => {
    expect(userInstructions([ask('I could see the page, but without styling and JS.')])).toEqual([]);
    expect(userInstructions([ask('Refactor the parser without breaking the public API.')])).toEqual(['Refactor the parser without breaking the public API.']);
  });

  it('keeps the user’s own numbered rules after "these requirements:", and a constraint at a sentence end', () => {
    const rules = `Implement sync with these requirements:\n\n${['1. It must never overwrite a snapshot of another clone.', '2. It must keep the notes of both sides.', ...Array.from({ length: 12 }, (_, i) => `${i + 3}. Step ${i + 3} is described here in plain words for the agent.`)].join('\n')}`;
    expect(ownWords(rules)).toBe(rules);
    expect(userInstructions([ask(rules)])).toEqual(expect.arrayContaining(['It must never overwrite a snapshot of another clone.']));
    expect(userInstructions([ask('Finish the migration without committing.')])).toEqual(['Finish the migration without committing.']);
  });
});

describe('a rule after a lead-in', () => {
  it('keeps a rule a long request ends on after "To be clear:", "Important:" or "Note," and not a label of something else', () => {
    const request = `Hand this research over to three teammates and have each write a work/ document. ${'Then have each read the other two and add a comparison. '.repeat(3)}To be clear: don't use ClMail for communication, use the builtin subagent teams.`;
    expect(userInstructions([ask(request)])).toEqual(["To be clear: don't use ClMail for communication, use the builtin subagent teams."]);
    expect(userInstructions([ask('Important: never push to main from this machine.')])).toEqual(['Important: never push to main from this machine.']);
    expect(userInstructions([ask('Note, always run the linter before a commit.')])).toEqual(['Note, always run the linter before a commit.']);
    expect(userInstructions([ask('Step 2: keep going with the parser.')])).toEqual([]);
  });
});

describe('a statement that opens like a rule', () => {
  it('is no instruction, after a lead-in or not: "only the …", "never mind", "always-on" state facts (review finding)', () => {
    for (const text of [
      'Note: only the login test fails on CI.',
      'Only two of the five jobs run on pull requests.',
      'Important: never mind the flaky test, it was the cache.',
      'FYI: always-on logging was enabled by Bob last week.',
    ])
      expect(userInstructions([ask(text)])).toEqual([]);
    expect(userInstructions([ask('Note: only edit files under src/.')])).toEqual(['Note: only edit files under src/.']);
    expect(userInstructions([ask('Never push to main; always open a pull request.')])).toEqual(['Never push to main; always open a pull request.']);
  });
});

describe('a slash command', () => {
  it('is no instruction, after an interruption too; only its arguments can hold a rule (audit finding: "/publish-session" as a rule)', () => {
    expect(userInstructions([{ kind: 'interrupt' }, ask('/publish-session')])).toEqual([]);
    expect(userInstructions([ask('/session-share:publish')])).toEqual([]);
    expect(userInstructions([ask('/review never approve without running the tests')])).toEqual(['never approve without running the tests']);
    // A path is no command.
    expect(userInstructions([{ kind: 'interrupt' }, ask('/src/app.ts is wrong, keep the old export')])).toEqual(['/src/app.ts is wrong, keep the old export']);
  });
});

describe('rules listed under a heading of rules', () => {
  it('are rules however they are phrased; what follows an item, and other lists, are not', () => {
    const brief = [
      'You are **bob** (round 2). Add a comparison section to your doc.',
      '',
      '## Constraints',
      '',
      '- No ClMail tools.',
      '- Stay in your worktree. Round 2 (comparison) comes later.',
      '- Only `work/research-teammates.md` is yours.',
      '',
      '## Report back',
      '',
      '- The branch name you committed to.',
      '- A 2-3 sentence summary.',
    ].join('\n');
    expect(userInstructions([ask(brief)])).toEqual(['No ClMail tools.', 'Stay in your worktree.', 'Only `work/research-teammates.md` is yours.']);
    // The same items without the heading are no rules (one opens like a rule).
    expect(userInstructions([ask(brief.replace('## Constraints', '## Notes'))])).toEqual(['Only `work/research-teammates.md` is yours.']);
    expect(userInstructions([ask('**Ground rules:**\n- No new dependencies.\n- Tests next to the code.\n\nThanks!')])).toEqual([
      'No new dependencies.',
      'Tests next to the code.',
    ]);
  });
});

describe('rules that open with "we", and tables pasted into a message', () => {
  it('"we don\'t need X" is a constraint; a table row that says "never" is a finding', () => {
    expect(userInstructions([ask("and we don't need backward compatibility this will make things over complicated")])).toEqual([
      "and we don't need backward compatibility this will make things over complicated",
    ]);
    const review = [
      'First turn each finding into a GitHub issue.',
      '',
      '| # | Finding | Severity |',
      '|---|---|---|',
      '| A6 | `governance_latencies` is never written — every latency number is 0 | High |',
      '',
      'Keep these; never close an issue without a test.',
    ].join('\n');
    expect(userInstructions([ask(review)])).toEqual(['Keep these; never close an issue without a test.']);
  });
});

describe('how to go about the work', () => {
  it('"add tests as you go", "create tests first", "meaningful commits" are standing instructions', () => {
    expect(
      userInstructions([
        ask('yes, start implementing, make a new branch, make meaningful commits, and add tests as you go, when it makes sense create tests first'),
        ask('Port the parser. One commit per task, please.'),
        ask('We use TDD here.'),
      ]),
    ).toEqual([
      'yes, start implementing, make a new branch, make meaningful commits, and add tests as you go, when it makes sense create tests first',
      'One commit per task, please.',
      'We use TDD here.',
    ]);
  });

  it('but not a one-off order of steps or a message about commits made', () => {
    expect(
      userInstructions([
        ask('Run the tests first and tell me what fails'),
        ask('I made some commits to main, please rebase'),
        ask('can you commit this in meaningful commits'),
      ]),
    ).toEqual([]);
  });
});
