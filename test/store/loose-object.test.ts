import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/store/git.js';
import { looseObjectsDir, writeLooseObject } from '../../src/store/loose-object.js';
import { treeContent, type TreeEntry } from '../../src/store/tree-object.js';
import { PROJECT, cli, git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

const catFile = (dir: string, env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync('git', ['cat-file', ...args], { cwd: dir, env }).stdout;

describe('loose objects written in process', () => {
  it('are the objects git would write: same ids, same content, fsck clean', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const objects = looseObjectsDir(openRepo(dir))!;
    expect(objects).toBe(join(dir, '.git', 'objects'));
    const texts = ['', 'x', 'line\n'.repeat(10_000), '{"é":"ü ✓ 🙂"}\n', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))];
    const entries: TreeEntry[] = [];
    texts.forEach((text, i) => {
      const file = join(tempDir(), 'blob');
      writeFileSync(file, text);
      const expected = git(dir, ['hash-object', '--no-filters', file], env);
      const id = writeLooseObject(objects, 'blob', Buffer.from(text));
      expect(id).toBe(expected);
      expect(catFile(dir, env, 'blob', id).equals(Buffer.from(text))).toBe(true);
      entries.push({ kind: 'blob', id, name: `f${i}.txt` });
    });
    const sub = writeLooseObject(objects, 'tree', treeContent(entries.slice(0, 2)));
    entries.push({ kind: 'tree', id: sub, name: 'f1.txt.d' });
    const tree = writeLooseObject(objects, 'tree', treeContent(entries));
    // git's own mktree of the same listing gives the same id.
    const listing = entries.map((e) => `${e.kind === 'tree' ? '040000' : '100644'} ${e.kind} ${e.id}\t${e.name}\n`).join('');
    expect(spawnSync('git', ['mktree'], { cwd: dir, env, input: listing, encoding: 'utf8' }).stdout.trim()).toBe(tree);
    git(dir, ['update-ref', 'refs/test/tree', git(dir, ['commit-tree', tree, '-m', 't'], env)], env);
    expect(git(dir, ['fsck', '--strict', '--no-dangling'], env)).toBe('');
    // Read-only, as git leaves its objects; no temporary file left behind.
    expect(statSync(join(objects, tree.slice(0, 2), tree.slice(2))).mode & 0o222).toBe(0);
    for (const d of readdirSync(objects))
      if (/^[0-9a-f]{2}$/.test(d)) expect(readdirSync(join(objects, d)).filter((n) => n.startsWith('tmp_obj_'))).toEqual([]);
  });

  it('leaves an object that is already there as it is', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const objects = looseObjectsDir(openRepo(dir))!;
    const id = writeLooseObject(objects, 'blob', Buffer.from('kept'));
    const file = join(objects, id.slice(0, 2), id.slice(2));
    const before = statSync(file);
    chmodSync(join(objects, id.slice(0, 2)), 0o555);
    try {
      // The folder is read-only now: writing again would fail, finding it does not.
      expect(writeLooseObject(objects, 'blob', Buffer.from('kept'))).toBe(id);
    } finally {
      chmodSync(join(objects, id.slice(0, 2)), 0o755);
    }
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('freshen an object that is already there, as git does, so a prune that began before the ref moved keeps it', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const objects = looseObjectsDir(openRepo(dir))!;
    const month = new Date(Date.now() - 30 * 86_400_000);
    const stored = (write: (text: string) => string, text: string): boolean => {
      const id = writeLooseObject(objects, 'blob', Buffer.from(text));
      // An old object nothing reaches (a snapshot history set aside weeks ago, say) that a save writes again.
      utimesSync(join(objects, id.slice(0, 2), id.slice(2)), month, month);
      expect(write(text)).toBe(id);
      git(dir, ['prune', '--expire=2.weeks.ago'], env);
      return spawnSync('git', ['cat-file', '-e', id], { cwd: dir, env }).status === 0;
    };
    const byGit = (text: string) => spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: text, encoding: 'utf8' }).stdout.trim();
    expect(stored(byGit, 'written again by git\n')).toBe(true);
    expect(stored((text) => writeLooseObject(objects, 'blob', Buffer.from(text)), 'written again here\n')).toBe(true);
  });

  it('are left to git for a SHA-256 repository, a shared one, a config with includes, or objects the environment moves', () => {
    const env = isolatedEnv();
    expect(looseObjectsDir(openRepo(tempRepo(env, 'sha256')))).toBeUndefined();
    const shared = tempRepo(env);
    git(shared, ['config', 'core.sharedRepository', 'group'], env);
    expect(looseObjectsDir(openRepo(shared))).toBeUndefined();
    const included = tempRepo(env);
    git(included, ['config', 'include.path', join(tempDir(), 'more.gitconfig')], env);
    expect(looseObjectsDir(openRepo(included))).toBeUndefined();
    const plain = openRepo(tempRepo(env));
    expect(looseObjectsDir(plain)).toBeDefined();
    process.env.GIT_OBJECT_DIRECTORY = join(tempDir(), 'objects');
    try {
      expect(looseObjectsDir(plain)).toBeUndefined();
    } finally {
      delete process.env.GIT_OBJECT_DIRECTORY;
    }
  });

  it('are left to git when a global config shares the repository: its object folders get group permissions as git gives them', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    writeFileSync(env.GIT_CONFIG_GLOBAL!, '[core]\n\tsharedRepository = group\n');
    expect(looseObjectsDir(openRepo(dir), env)).toBeUndefined();
    const r = cli(['save', '--no-llm', '-t', join(PROJECT, 'examples', 'sample-session.jsonl')], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    const objects = join(dir, '.git', 'objects');
    const unshared = readdirSync(objects).filter((d) => /^[0-9a-f]{2}$/.test(d) && (statSync(join(objects, d)).mode & 0o2070) !== 0o2070);
    // Made by the initial commit, before the repository was shared.
    const before = new Set(
      git(dir, ['rev-list', '--objects', 'main'], env)
        .split('\n')
        .map((l) => l.slice(0, 2)),
    );
    expect(unshared.filter((d) => !before.has(d))).toEqual([]);
  });
});
