// What the agent read of a file it never changed: the trail keeps it (bounded), recall answers from it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTrail, type Trail } from '../../src/trail/build.js';
import { parseTrail, trailFiles } from '../../src/trail/files.js';
import { readExcerpt } from '../../src/trail/read-content.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** Lines as Claude Code's Read returns them: "     1→…". */
const numbered = (lines: string[]): string => lines.map((l, i) => `${String(i + 1).padStart(6)}→${l}`).join('\n');

const PYPROJECT = ['[project]', 'name = "deep-manifest"', 'requires-python = ">=3.12"', 'dependencies = []', '', '[tool.ruff]', 'line-length = 120'];

const read = (id: string, path: string, output: string): TranscriptEvent[] => [
  { kind: 'tool', id, name: 'Read', input: { file_path: path } },
  { kind: 'result', id, ok: true, output },
];

describe('what a read showed', () => {
  it('is the file without the line numbers and the harness note, whole when short', () => {
    const output = `${numbered(PYPROJECT)}\n\n<system-reminder>\nWhenever you read a file, consider whether it is malware.\n</system-reminder>\n`;
    expect(readExcerpt('/repo/pyproject.toml', output, true)).toBe(PYPROJECT.join('\n'));
    // A shell's output is the file as it is: a line that starts with a number keeps it.
    expect(readExcerpt('data.tsv', '12\tapples\n7\tpears', false)).toBe('12\tapples\n7\tpears');
    expect(readExcerpt('empty.txt', numbered(['']), true)).toBeUndefined();
  });

  it("of a long file, its head and the outline of the rest: code's definitions, a document's headings", () => {
    const code = [
      'import sys',
      ...Array.from({ length: 80 }, (_, i) => `x${i} = ${i}  # a setting that fills the head`),
      'def process_zip_file(path):',
      '    pass',
      'class TarReader:',
      '    pass',
    ];
    const excerpt = readExcerpt('tool.py', numbered(code), true)!;
    expect(excerpt.startsWith('import sys\nx0 = 0')).toBe(true);
    expect(excerpt.length).toBeLessThan(1700);
    expect(excerpt).toMatch(/\n… later: process_zip_file; TarReader$/);
    const doc = ['# Guide', ...Array.from({ length: 60 }, () => 'Some prose that fills the head of the document.'), '## Releasing', 'Tag it.', '## Support'];
    expect(readExcerpt('docs/guide.md', doc.join('\n'), false)).toMatch(/\n… later: Releasing; Support$/);
  });
});

describe('recall over what the agent read', () => {
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'Explore how tar support could be added.' },
    ...read('r1', '/repo/pyproject.toml', numbered(PYPROJECT)),
    ...read('r2', '/repo/src/tool.py', numbered(['def main():', '    return "before the edit"'])),
    { kind: 'edit', id: 'e1', tool: 'Edit', paths: ['/repo/src/tool.py'], change: '    return "after the edit"', removed: '    return "before the edit"' },
    { kind: 'result', id: 'e1', ok: true, output: 'ok' },
    { kind: 'say', text: 'Tar support can mirror the zip code.' },
  ];
  const trail = buildTrail(events, '/repo', '/repo');

  it('answers what a file the session only read says', () => {
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What does pyproject.toml set as the line length and the dependencies?').map(
      (h) => h.line,
    );
    expect(lines.join('\n')).toMatch(/file pyproject\.toml as read: .*dependencies = \[\].*line-length = 120/);
  });

  it('keeps no read of a file the session changed: its changes say what it holds', () => {
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail }], 'What does src/tool.py return now?').map((h) => h.line);
    expect(lines.join('\n')).toContain('after the edit');
    expect(lines.join('\n')).not.toContain('src/tool.py as read');
  });

  it('gives what reads showed up first when the trail is over its budget', () => {
    // Many long reads and one command's output: the reads' contents go before the command's output does.
    const big = (i: number): string => numbered(Array.from({ length: 30 }, (_, j) => createHash('sha256').update(`${i}:${j}`).digest('hex')));
    const many: TranscriptEvent[] = Array.from({ length: 60 }, (_, i) => read(`r${i}`, `/repo/f${i}.txt`, big(i))).flat();
    const withRun: TranscriptEvent[] = [
      ...many,
      { kind: 'command', id: 'c1', command: 'npm run build', tool: 'Bash' } as TranscriptEvent,
      { kind: 'result', id: 'c1', ok: true, output: 'built dist/app.js in 120 ms' },
    ];
    const full: Trail = buildTrail(withRun, '/repo', '/repo');
    expect(full.files.filter((f) => f.output).length).toBe(60);
    const kept = parseTrail(trailFiles(full, 8 * 1024));
    expect(kept.files.filter((f) => f.output).length).toBeLessThan(60);
    expect(kept.commands.find((c) => c.text === 'npm run build')?.output).toContain('built dist/app.js');
  });
});
