// Finding 7 (low): quadratic regexes on new paths that run on every save.
// - src/trail/written.ts:5 HEREDOC: `^(.*)<<…(.*)\n([^]*?)\n…\3…$` with /gm retries from every
//   `<< word` and scans to the end each time when no terminator line follows: a one-line
//   `printf '… std::cout << value << std::endl; …' > main.cpp` of 50 KB costs ~0.6 s in buildTrail,
//   twice that at 100 KB (writtenBody runs for each written path of each command, every save).
// - src/extract/piped.ts:80 selectsLines: `(\S[^]*?)\s*$` rescans a whitespace run from each
//   position (50 KB: ~2.4 s); it runs for every command in unsettledFailures and settles.
// - src/extract/powershell.ts:8 HERE_STRING (withoutHereStrings runs in withoutHeredocs, for every
//   command): every unterminated `@'` at a line's end scans to the end.
// - src/extract/git-setup.ts:46: `\bgit\b[^\n]*\b(?:config|remote)\b` per `git` word on a long line.
import { describe, expect, it } from 'vitest';
import { setupChangesIn } from '../../src/extract/git-setup.js';
import { selectsLines } from '../../src/extract/piped.js';
import { withoutHereStrings } from '../../src/extract/powershell.js';
import { writtenBody } from '../../src/trail/written.js';

const within = (ms: number, f: () => unknown): number => {
  const t = performance.now();
  f();
  const spent = performance.now() - t;
  expect(spent).toBeLessThan(ms);
  return spent;
};

// 200 KB inputs within a second: linear code takes milliseconds, the quadratic patterns took tens of seconds.
describe('200 KB inputs take linear time', () => {
  it('writtenBody of a long one-line printf with C++ stream output', () => {
    const cmd = `printf 'int main(){${' std::cout << value << std::endl;'.repeat(6000)}}' > main.cpp`;
    within(1000, () => writtenBody(cmd, 'main.cpp'));
  });

  it('selectsLines of a grep stage with a long run of blanks', () => {
    within(1000, () => selectsLines(`npm test | grep login${' '.repeat(200_000)}x`));
  });

  it("withoutHereStrings of many unterminated @' at line ends", () => {
    within(1000, () => withoutHereStrings("@'\n".repeat(64_000)));
  });

  it('setupChangesIn of a long line of git words', () => {
    within(1000, () => setupChangesIn('git '.repeat(50_000)));
  });
});
