// Review s43b: messageOf calls heredocText for every `-F -` / `--body-file -` word, and each call
// scans the command from the here-document's operator to its end word (or the end). A 100 KB
// command with many `-F -` and a long here-document takes ~23 s (quadratic): one hostile or
// garbled command in a transcript stalls every trail build of the session.
import { expect, it } from 'vitest';
import { messageOf } from '../../src/trail/commit-message.js';

it('reads a 100 KB commit command (50 KB of -F -, 60 KB of text) with many `-F -` in well under a second', () => {
  const command = 'git commit -F - <<EOF ' + '-F - '.repeat(10_000) + '\nline\n'.repeat(10_000);
  const start = performance.now();
  messageOf(command);
  expect(performance.now() - start).toBeLessThan(1000);
});
