// Review s44b (/work/review-s44b/findings.md), area 6 (d17f143): WRITES (src/extract/signals.ts:182) makes `find … -exec <program>` a
// write unless the program is on a short list of readers. Common reading programs are missing
// (`jq`, `sed -n`, `awk`, `du`, `sha256sum`, `md5sum`), so a failed read-only `find -exec` listing is a
// blocker, and a successful one is "the last command".
import { describe, expect, it } from 'vitest';
import { isLookAround } from '../../src/extract/commands.js';

describe('`find -exec` of a program that only reads', () => {
  it.each([
    'find packages -name package.json -exec jq -r .version {} \\;',
    "find src -name '*.ts' -exec sed -n 1,5p {} +",
    'find dist -type f -exec sha256sum {} +',
    "find . -name '*.log' -exec du -h {} +",
  ])('%s is look-around', (c) => {
    expect(isLookAround(c)).toBe(true);
  });

  it('`-exec sed -i` still writes', () => {
    expect(isLookAround("find src -name '*.ts' -exec sed -i 's/a/b/' {} +")).toBe(false);
  });
});
