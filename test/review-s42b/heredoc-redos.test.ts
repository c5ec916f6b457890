// Review s42b: HEREDOC_ONLY (02a4a9a) has `(?:-\S+\s*)*`: a word of dashes splits 2^n ways. Any
// command line with a here-document and a `cat`/`sh` line of many dashes stalls every reader of
// commands (a save, the trail, status).
import { expect, it } from 'vitest';
import { commandPurpose } from '../../src/extract/commands.js';

it('a here-document command with a cat line of 40 dashes takes linear time (current: ~3 s, doubling every 2 dashes)', () => {
  const cmd = `cat <<'EOF' > notes.txt\nhello\nEOF\ncat ${'-'.repeat(40)} notes.txt`;
  const t = performance.now();
  commandPurpose(cmd);
  expect(performance.now() - t).toBeLessThan(300);
}, 120_000);
