// What the trail keeps of a long document an edit wrote: its head, its outline, then as many of its
// other lines as fit (a progress note's facts are list items, neither headings nor fields).
import { describe, expect, it } from 'vitest';
import { changeDigest } from '../../src/log/change.js';

describe("a long document's change", () => {
  const note = [
    '# Progress So Far',
    '',
    ...Array.from({ length: 12 }, (_, i) => `- Step ${i + 1}: ran the provider checks and recorded what they printed in the log.`),
    '## Contract',
    '- Added stable compound symbol IDs using `local/<repo>:<language>:<file-path>` with `stable_id_version`.',
    '- Records use schema version 1.0.',
    ...Array.from({ length: 40 }, (_, i) => `- Filler line ${i + 1} that says nothing anyone will ask about, again and again.`),
    '## Next',
  ].join('\n');

  it('keeps the lines after its head as room allows, in order, with the outline', () => {
    const d = changeDigest(note, 'docs/progress-so-far.md');
    expect(d).toContain('## Contract');
    expect(d).toContain('`local/<repo>:<language>:<file-path>` with `stable_id_version`');
    expect(d.indexOf('stable_id_version')).toBeLessThan(d.indexOf('## Next'));
    expect(d.length).toBeLessThanOrEqual(2000);
    expect(d).not.toContain('Filler line 40');
  });

  it('but code keeps only its definitions past the head', () => {
    const code = [...Array.from({ length: 30 }, (_, i) => `  total${i} += compute(${i}); // a line of code past the head`), 'export function later() {}'].join(
      '\n',
    );
    const d = changeDigest(code, 'src/a.ts');
    expect(d).toContain('export function later() {}');
    expect(d).not.toContain('total29');
  });
});
