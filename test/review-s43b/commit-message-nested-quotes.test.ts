// Review s43b: messageOf (commit-message.ts) reads `-m "$(cat <<'EOF' … EOF)"` by scanning the
// double-quoted word to the next `"`. Inside `$( … )` bash starts a new quoting context, and a
// quoted here-document's text is literal, so a `"` in the message does not end the word. The
// scanner re-pairs the quotes: quoted phrases lose their quotes, and a phrase with a space splits
// the word so the whole message is lost. 6 of the 43 `"$(cat <<` commits/PRs in the corpora
// (labeller-aa entireio+auth-go) hit this; 2 lose their message entirely.
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/trail/commit-message.js';

describe('a commit message given as "$(cat <<\'EOF\' … EOF)" that quotes something', () => {
  it('keeps a quoted phrase with a space in it (the message was lost whole)', () => {
    const command = [
      "go test -race ./authcode/ && git add -A && git commit -m \"$(cat <<'EOF'",
      'authcode: regression test the result-wins guarantee',
      '',
      'Locks in the "result wins" guarantee from the prior commit.',
      'EOF',
      ')"',
    ].join('\n');
    expect(messageOf(command)).toBe('Locks in the "result wins" guarantee from the prior commit.');
  });

  it("keeps the quotes of a pull request's description", () => {
    const command = ['gh pr create --title "T" --body "$(cat <<\'EOF\'', '- reject multi-valued `Extra["client_id"]`', 'EOF', ')"'].join('\n');
    expect(messageOf(command)).toBe('- reject multi-valued `Extra["client_id"]`');
  });
});
