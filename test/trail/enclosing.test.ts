// An edit whose old text starts inside a function is said to be in that function, from the file
// as the agent last read it.
import { describe, expect, it } from 'vitest';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import type { Manifest } from '../../src/manifest/index.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const FILE = [
  'import os',
  '',
  'def get_project_display_name(project_dir_name, working_directories=None):',
  '    """The name a project is shown by."""',
  '    if working_directories:',
  '        # Take the most recent working directory from the list',
  '        last_path = Path(working_directories[-1])',
  '        return last_path.name',
  '    return project_dir_name',
]
  .map((l, i) => `${String(i + 38).padStart(6)}→${l}`)
  .join('\n');

const session = (read: boolean): TranscriptEvent[] => [
  { kind: 'ask', text: 'take the least nested path, the latest on a tie' },
  ...(read
    ? ([
        { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/renderer.py' } },
        { kind: 'result', id: 'r1', ok: true, output: FILE },
      ] as TranscriptEvent[])
    : []),
  {
    kind: 'edit',
    id: 'e1',
    paths: ['/repo/renderer.py'],
    change: '        # Sort by depth, then by recency\n        best = min(paths, key=lambda p: (len(p.parts), -p.index))',
    removed: '        # Take the most recent working directory from the list\n        last_path = Path(working_directories[-1])',
    tool: 'Edit',
  },
  { kind: 'result', id: 'e1', ok: true, output: 'The file has been updated.' },
];

describe('an edit inside a function', () => {
  it('is in that function, as the file the agent read shows it', () => {
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(session(true), '/repo', '/repo') }];
    const hit = recall(trails, 'Which function was changed in renderer.py?').find((h) => h.kind === 'files')!;
    expect(hit.line).toMatch(/^file renderer\.py: read, modified \(Edit\); edits in get_project_display_name/);
  });

  it('says nothing it does not know: without a read of the file, no function', () => {
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(session(false), '/repo', '/repo') }];
    const hit = recall(trails, 'Which function was changed in renderer.py?').find((h) => h.kind === 'files')!;
    expect(hit.line).not.toContain('edits in');
  });

  it("is named in the prompt's list of changed files, for a file whose edits define nothing", () => {
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    const brief = (read: boolean): string => trailBrief({ ...buildTrail(session(read), '/repo', '/repo'), session: [] }, manifest).join('\n');
    expect(brief(true)).toContain('renderer.py (modified; edits in get_project_display_name)');
    expect(brief(false)).toContain('renderer.py (modified)');
  });

  it('says nothing when the first line it replaced is in two functions and the rest does not tell them apart, and quotes no header as written', () => {
    const twice = ['def load_user(i):', '    if i is None:', '        return None', 'def save_user(u):', '    if i is None:', '        return None']
      .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
      .join('\n');
    const events: TranscriptEvent[] = [
      { kind: 'tool', id: 'r1', name: 'Read', input: { file_path: '/repo/users.py' } },
      { kind: 'result', id: 'r1', ok: true, output: twice },
      {
        kind: 'edit',
        id: 'e1',
        tool: 'Edit',
        paths: ['/repo/users.py'],
        change: '    if i is None:\n        raise KeyError(i)',
        removed: '    if i is None:\n        return None',
      },
      { kind: 'result', id: 'e1', ok: true, output: 'ok' },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.files.at(-1)!.change).not.toContain('@@');
    // Its second line tells them apart: the function it is in is said, and the list quotes what it wrote, not where.
    const unique = twice.replace('5→    if i is None:', '5→    if u is None:').replace('6→        return None', '6→        return False');
    const events2 = events.map((e) => (e.kind === 'result' && e.id === 'r1' ? { ...e, output: unique } : e));
    const edit2 = events2.map((e) => (e.kind === 'edit' ? { ...e, removed: '    if u is None:\n        return False', change: '    raise KeyError(u)' } : e));
    const trail2 = buildTrail(edit2, '/repo', '/repo');
    expect(trail2.files.at(-1)!.change).toMatch(/^@@ def save_user\(u\):/);
    const manifest = { critical_context: {}, completed_tasks: [], pending_tasks: [], active_state: {} } as unknown as Manifest;
    expect(trailBrief({ ...trail2, session: [] }, manifest).join('\n')).toContain('users.py (modified; wrote "raise KeyError(u)"; edits in save_user');
  });
});
