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
    expect(readExcerpt('/repo/pyproject.toml', output)).toBe(PYPROJECT.join('\n'));
    // A shell's output is the file as it is: a line that starts with a number keeps it.
    expect(readExcerpt('data.tsv', '12\tapples\n7\tpears')).toBe('12\tapples\n7\tpears');
    expect(readExcerpt('empty.txt', numbered(['']))).toBeUndefined();
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
    const excerpt = readExcerpt('tool.py', numbered(code))!;
    expect(excerpt.startsWith('import sys\nx0 = 0')).toBe(true);
    expect(excerpt.length).toBeLessThan(1700);
    expect(excerpt).toMatch(/\n… later: process_zip_file; TarReader$/);
    const doc = ['# Guide', ...Array.from({ length: 60 }, () => 'Some prose that fills the head of the document.'), '## Releasing', 'Tag it.', '## Support'];
    expect(readExcerpt('docs/guide.md', doc.join('\n'))).toMatch(/\n… later: Releasing; Support$/);
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

describe('what the trail keeps of a read, and of which', () => {
  const kept = (events: TranscriptEvent[]): Array<[string | undefined, string | undefined]> =>
    buildTrail(events, '/repo', '/repo').files.map((f) => [f.path, f.output]);

  it('only files of the repository: not the agent’s own data, nor a file outside it', () => {
    expect(
      kept([
        ...read('a', '/home/dev/.kube/config', numbered(['users:', '- name: admin', '  client-key-data: LS0tLS1CRUdJTi'])),
        ...read('b', '/home/dev/.claude/history.jsonl', numbered(['{"display":"what did I ask about billing?"}'])),
        ...read('c', '/repo/.claude/settings.json', numbered(['{"permissions": {}}'])),
        ...read('d', '/repo/config/app.yml', numbered(['port: 8080'])),
      ]),
    ).toEqual([
      ['/home/dev/.kube/config', undefined],
      ['/home/dev/.claude/history.jsonl', undefined],
      ['.claude/settings.json', undefined],
      ['config/app.yml', 'port: 8080'],
    ]);
  });

  it('a read from further down says where it starts; a shell that shows a file in part, or something else of it, keeps nothing', () => {
    const shell = (id: string, command: string, output: string): TranscriptEvent[] => [
      { kind: 'command', id, command },
      { kind: 'result', id, ok: true, exitCode: 0, output },
    ];
    expect(
      kept([
        { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/src/importer.py', offset: 400, limit: 3 } },
        { kind: 'result', id: 'r1', ok: true, output: '   400→    rows.append(row)\n   401→    return rows' },
        ...shell('c1', 'cat data/users.csv | wc -l', '48213'),
        ...shell('c2', 'tail -n 2 logs/app.log', 'ERROR boom'),
        ...shell('c3', "sed -n '200,203p' src/users.py", 'def save_user(u):'),
        ...shell('c4', 'cd src && nl -ba users.py', '     1\timport os\n     2\tdef load_user(i):'),
        ...shell('c5', "sed -n '1,40p' README.md", 'Total output lines: 2\n\n# Tool\n\x1b[1mFast\x1b[0m.'),
      ]),
    ).toEqual([
      ['src/importer.py', '(from line 400) rows.append(row)\n    return rows'],
      ['data/users.csv', undefined],
      ['logs/app.log', undefined],
      ['src/users.py', undefined],
      ['src/users.py', 'import os\ndef load_user(i):'],
      ['README.md', '# Tool\nFast.'],
    ]);
  });

  it('keeps no read of a file the session changed afterwards (its changes say what it holds)', () => {
    const trail = buildTrail(
      [
        ...read('r1', '/repo/src/tool.py', numbered(['def main():', '    return 1'])),
        { kind: 'edit', id: 'e1', tool: 'Edit', paths: ['/repo/src/tool.py'], change: '    return 2', removed: '    return 1' },
        { kind: 'result', id: 'e1', ok: true, output: 'ok' },
      ],
      '/repo',
      '/repo',
    );
    expect(trail.files.map((f) => f.output)).toEqual([undefined, undefined]);
  });
});
