// repoPath takes a normalised absolute path as it is, without node's character-by-character walk: the same paths as posix.normalize, posix.join and relative give.
import { isAbsolute, posix, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/extract/files.js';

/** repoPath as it was written with node's functions alone. */
function withNodePaths(path: string, root: string, cwd?: string, dir?: string): string {
  const base = dir ? (isAbsolute(dir) ? dir : cwd ? posix.join(cwd, dir) : dir) : cwd;
  const abs = isAbsolute(path) ? posix.normalize(path) : base ? posix.join(base, path) : posix.normalize(path);
  const rel = relative(root, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  if (cwd && abs.startsWith(`${cwd}/`)) return abs.slice(cwd.length + 1);
  return path;
}

const part = fc.constantFrom('', '.', '..', '...', 'r', 'a', '.x', '..y', 'c.ts', 'x\\y', '/');
const path = fc.array(part, { maxLength: 6 }).map((parts) => parts.join('/'));
const optional = fc.option(path, { nil: undefined });

describe('repoPath', () => {
  it('gives what node’s path functions give, for any path, root, cwd and folder', () => {
    fc.assert(
      fc.property(path, path, optional, optional, (p, root, cwd, dir) => {
        expect(repoPath(p, root, cwd, dir)).toBe(withNodePaths(p, root, cwd, dir));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes a path inside the root as it is', () => {
    expect(repoPath('/r/src/a.ts', '/r')).toBe('src/a.ts');
    expect(repoPath('src/../lib/b.ts', '/r', '/r')).toBe('lib/b.ts');
    expect(repoPath('/r/src/', '/r')).toBe('src');
    expect(repoPath('/elsewhere/x.ts', '/r', '/elsewhere')).toBe('x.ts');
  });
});
