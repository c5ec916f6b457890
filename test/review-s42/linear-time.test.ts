// Review s42 (finding 5, pre-existing): the .pgpass rule's database and user fields matched a letter in
// the middle of a word, so a long colon-free word after `12:30:` backtracked quadratically (60 KB:
// 6 s per save). Its fields now assert their letter ahead. And the new command-line patterns of this
// release (a line that only sets variables) take linear time.
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/manifest/redact.js';
import { isLookAround } from '../../src/extract/commands.js';

const within = (ms: number, f: () => unknown): void => {
  const t = performance.now();
  f();
  expect(performance.now() - t).toBeLessThan(ms);
};

describe('long inputs take linear time', () => {
  it('a long base64url word after a time, redacted', () => {
    within(1000, () => redactSecrets(`Build log 12:30:${'a'.repeat(100_000)}`));
    within(1000, () => redactSecrets(`:1:${'a'.repeat(100_000)}`));
  });

  it('the .pgpass rule still finds its passwords', () => {
    expect(redactSecrets('db.example.com:5432:app:appuser:s3cr3tPassw0rd')).not.toContain('s3cr3tPassw0rd');
    expect(redactSecrets('*:*:*:postgres:hunter2hunter2')).not.toContain('hunter2hunter2');
  });

  it('a long line of assignments, and one that never closes its $(', () => {
    within(1000, () => isLookAround(`${'a=a'.repeat(1)}${'=a'.repeat(50_000)} (`));
    within(1000, () => isLookAround(`a=$(${'x=1 '.repeat(50_000)}`));
  });
});
