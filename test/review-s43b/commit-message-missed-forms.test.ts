// Review s43b: forms of git/gh that messageOf does not read, so the trail keeps no message for
// commits written that way. Each is plain git/gh usage.
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/trail/commit-message.js';

describe('messages of commands written in other usual ways', () => {
  it('`--file=-`, `-F-` and `--body-file=-` with a here-document', () => {
    expect(messageOf("git commit --file=- <<'EOF'\nFix retry\n\nThe lock was held.\nEOF")).toBe('The lock was held.');
    expect(messageOf("git commit -F- <<'EOF'\nFix retry\n\nThe lock was held.\nEOF")).toBe('The lock was held.');
    expect(messageOf("gh pr create -t T --body-file=- <<'EOF'\n## Summary\n- x\nEOF")).toBe('## Summary\n- x');
  });

  it('git options before `commit` other than -C (`-c k=v`, `--no-pager`)', () => {
    expect(messageOf('git -c user.name=bot commit -m "Fix retry" -m "The lock was held."')).toBe('The lock was held.');
    expect(messageOf('git --no-pager commit -m "Fix retry" -m "The lock was held."')).toBe('The lock was held.');
  });

  it('a value glued to -m (`-m"…"`), as git takes it', () => {
    expect(messageOf('git commit -m"Fix retry" -m"The lock was held."')).toBe('The lock was held.');
  });

  it("an ANSI-C quoted message (`$'…\\n…'`)", () => {
    expect(messageOf("git commit -m $'Fix retry\\n\\nThe lock was held.'")).toBe('The lock was held.');
  });

  it('not the words of a shell comment after the command', () => {
    expect(messageOf('git commit -m "Fix retry" -m "Body" # or -m "other"')).toBe('Body');
  });
});
