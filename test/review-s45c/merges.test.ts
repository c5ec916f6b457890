// Review s45c: merges told from git's output (src/trail/git-said.ts mergesOf/mergedRefs).
import { describe, expect, it } from 'vitest';
import { mergedRefs } from '../../src/trail/git-said.js';

describe('review s45c: a `git merge` that is only text', () => {
  it('"git merge" in an echo after the real merge is no step: the merge made is of feature, not "ok\\""', () => {
    const cmd = 'git merge --no-ff feature -m "Merge feature" && echo "git merge ok"';
    const out = "Merge made by the 'ort' strategy.\n src/a.ts | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\ngit merge ok";
    // Before 4751c74 this was undefined at worst; now the echo's words are reported as the merged ref.
    expect(mergedRefs(cmd, out)).toBe('merged feature: Merge feature');
  });

  it('"git merge" in a heredoc body after the real merge is no step', () => {
    const cmd = "git merge feature && cat >> NOTES.md <<'EOF'\nRan git merge to bring in feature\nEOF";
    const out = 'Updating 1111111..2222222\nFast-forward\n src/a.ts | 2 +-\n 1 file changed';
    expect(mergedRefs(cmd, out)).toBe('merged feature');
  });

  it("a merge's arguments end at the end of its line (a multi-line command)", () => {
    const cmd = 'git merge feature\ngit push origin main';
    const out = 'Updating 1111111..2222222\nFast-forward\n src/a.ts | 2 +-\nTo github.com:o/r.git\n   1111111..2222222  main -> main';
    expect(mergedRefs(cmd, out)).toBe('merged feature');
  });
});
