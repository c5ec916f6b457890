// Finding 5 (medium): src/extract/files.ts repoPath (lines ~44-58). For a Windows session the
// path is never taken relative to the repository root (`rel` is forced to ''), only to the cwd.
// On Windows git gives the root as `D:/work/app`; a session started in a subfolder
// (`D:\work\app\packages\web`) then names `packages/web/src/a.ts` as `src/a.ts`, a different file
// of the repository, and a drive letter written in lower case (`d:\…`, as editors often do) or a
// cwd with a trailing backslash leaves the absolute path in the prompt.
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/extract/files.js';

describe('repoPath for a Windows session', () => {
  it('is relative to the repository root when the cwd is a subfolder of it', () => {
    expect(repoPath('src\\a.ts', 'D:/work/app', 'D:\\work\\app\\packages\\web')).toBe('packages/web/src/a.ts');
    expect(repoPath('D:\\work\\app\\packages\\web\\src\\a.ts', 'D:/work/app', 'D:\\work\\app\\packages\\web')).toBe('packages/web/src/a.ts');
  });

  it('takes the drive letter in either case', () => {
    expect(repoPath('d:\\work\\app\\src\\a.ts', 'D:/work/app', 'D:\\work\\app')).toBe('src/a.ts');
  });

  it('takes a cwd written with a trailing backslash', () => {
    expect(repoPath('D:\\work\\app\\src\\a.ts', 'D:/work/app', 'D:\\work\\app\\')).toBe('src/a.ts');
  });
});
