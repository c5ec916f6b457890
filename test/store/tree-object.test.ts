import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/store/git.js';
import { gcMayBeDue } from '../../src/store/snapshot-tree.js';
import { mktreeLines, treeObject, type TreeEntry } from '../../src/store/tree-object.js';
import { isolatedEnv, tempRepo } from '../helpers.js';

describe('tree ids computed in process', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`are the ids git gives the same trees (${format}), in git's order of files and folders`, () => {
      const env = isolatedEnv();
      const dir = tempRepo(env, format);
      const run = (args: string[], input: string) => spawnSync('git', args, { cwd: dir, env, input, encoding: 'utf8' }).stdout.trim();
      const blob = run(['hash-object', '-w', '--stdin'], 'text\n');
      const empty = run(['mktree'], '');
      // Names where a folder sorts as if it ended in '/': a.b before the folder a, a- after the file a.
      const entries: TreeEntry[] = [
        { kind: 'tree', id: empty, name: 'a' },
        { kind: 'blob', id: blob, name: 'a.b' },
        { kind: 'blob', id: blob, name: 'a-' },
        { kind: 'blob', id: blob, name: 'a0' },
        { kind: 'tree', id: empty, name: 'trail' },
        { kind: 'blob', id: blob, name: 'manifest.json' },
        { kind: 'blob', id: blob, name: 'é' },
      ];
      const written = run(['mktree'], mktreeLines(entries));
      expect(written).toMatch(format === 'sha1' ? /^[0-9a-f]{40}$/ : /^[0-9a-f]{64}$/);
      expect(treeObject(entries).id).toBe(written);
      expect(treeObject([...entries].reverse()).id).toBe(written);
    });
  }
});

describe('gcMayBeDue', () => {
  it('is false in a fresh repository and true past the default limit of loose objects git uses', () => {
    const env = isolatedEnv();
    const repo = openRepo(tempRepo(env));
    expect(gcMayBeDue(repo)).toBe(false);
    const fan = join(repo.commonDir, 'objects', '17');
    mkdirSync(fan, { recursive: true });
    // The repository's first commit may have put one of its objects there (1 in 256 each): 27 in all.
    const there = readdirSync(fan).length;
    for (let i = 0; i < 27 - there; i++) writeFileSync(join(fan, i.toString(16).padStart(38, '0')), '');
    expect(gcMayBeDue(repo)).toBe(false);
    writeFileSync(join(fan, 'f'.repeat(38)), '');
    expect(gcMayBeDue(repo)).toBe(true);
  });
});
