// A session that works in a git worktree of its project beside the repository (`../app-fix`): the
// files it changed there are said from the repository, shorter than their absolute paths.
import { describe, expect, it } from 'vitest';
import { besideRepo, changedFiles } from '../../src/trail/changed-files.js';

describe('a file changed in a folder beside the repository', () => {
  it('is said from the repository: a git worktree of the same project as ../name/…', () => {
    const entry = (path: string) => ({
      text: `modified ${path}`,
      path,
      op: 'modified' as const,
      by: 'Edit',
      change: 'x = 1\ny = 2\nz = 3\nw = 4\nv = 5\nu = 6\nt = 7\ns = 8\nr = 9\nq = 10\np = 11',
    });
    expect(changedFiles([entry('/Users/me/work/app-fix/pyproject.toml'), entry('/etc/hosts'), entry('src/a.py')], '/Users/me/work/app')).toEqual([
      'src/a.py (modified)',
      '/etc/hosts (modified)',
      '../app-fix/pyproject.toml (modified)',
    ]);
    expect(besideRepo('/Users/me/work/app/x.py', '/Users/me/work/app')).toBe('/Users/me/work/app/x.py');
    expect(besideRepo('/Users/me/work/app2/x.py', '/Users/me/work/app/')).toBe('../app2/x.py');
    expect(besideRepo('/x.py', '/app')).toBe('/x.py');
  });
});
