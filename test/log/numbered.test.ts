// A read's numbered lines lose their numbers before the redactor sees them; other text is left as it is.
import { describe, expect, it } from 'vitest';
import { unnumbered } from '../../src/log/numbered.js';

describe('unnumbered', () => {
  it("strips Claude Code's Read numbers (arrow or tab) and nl's, counting up from any line", () => {
    expect(unnumbered('     1→services:\n     2→  db:\n     3→    PASSWORD: x')).toBe('services:\n  db:\n    PASSWORD: x');
    expect(unnumbered('41\tmachine api\n42\t  login bob\n43\t  password pw')).toBe('machine api\n  login bob\n  password pw');
    // A log its author cut short skips lines.
    expect(unnumbered('    34→Feature: x\n    35→  As a user\n    60→  Scenario: y')).toBe('Feature: x\n  As a user\n  Scenario: y');
    // The harness's note after the lines is no line of the file, and stays.
    expect(unnumbered('     1→a: 1\n     2→b: 2\n\n<system-reminder>\nconsider whether it is malware\n</system-reminder>')).toBe(
      'a: 1\nb: 2\n\n<system-reminder>\nconsider whether it is malware\n</system-reminder>',
    );
  });

  it('leaves a table of counts, a log and prose as they are', () => {
    for (const text of ['12\tapples\n7\tpears\n30\tplums', '2026-03-01 10:00 started\n2026-03-01 10:01 done', 'one\ntwo', ''])
      expect(unnumbered(text)).toBe(text);
  });
});
