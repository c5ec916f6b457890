import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCoChangeHistory, relatedFiles } from '../../src/related/index.js';
import { openRepo } from '../../src/store/index.js';
import { cli, git, isolatedEnv, tempRepo } from '../helpers.js';
import { manifestOf, saveManifest } from '../search/manifests.js';

const DAY = 86400;
let n = 0;

/** One commit that changes `files`, dated `daysAgo` days back. */
function commit(dir: string, env: NodeJS.ProcessEnv, files: string[], daysAgo = 0): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), `${n++}\n`);
  }
  git(dir, ['add', '-A'], env);
  const date = `${Math.floor(Date.now() / 1000) - daysAgo * DAY} +0000`;
  git(dir, ['commit', '-q', '-m', `change ${files.length} file(s)`], { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
}

/** A repository whose co-change history is known. */
function knownHistory() {
  const env = isolatedEnv();
  const dir = tempRepo(env);
  for (let i = 0; i < 4; i++) commit(dir, env, ['src/api.ts', 'src/api.test.ts'], 10 + i);
  for (let i = 0; i < 3; i++) commit(dir, env, ['src/api.ts', 'docs/api.md'], 200 + i);
  commit(dir, env, ['src/api.ts', ...Array.from({ length: 9 }, (_, i) => `src/many${i}.ts`)], 5);
  // A sweep: a reformat of 150 files, api.ts and style.ts among them.
  commit(dir, env, ['src/api.ts', 'src/style.ts', ...Array.from({ length: 148 }, (_, i) => `fmt/f${i}.ts`)], 1);
  commit(dir, env, ['src/api.ts', 'src/style.ts', ...Array.from({ length: 148 }, (_, i) => `fmt/f${i}.ts`)], 2);
  // Old and often vs. recent and less often.
  for (let i = 0; i < 3; i++) commit(dir, env, ['lib/x.ts', 'lib/old.ts'], 1100 + i);
  for (let i = 0; i < 2; i++) commit(dir, env, ['lib/x.ts', 'lib/new.ts'], 3 + i);
  commit(dir, env, ['src/api.ts', 'src/gone.ts'], 4);
  rmSync(join(dir, 'src/gone.ts'));
  git(dir, ['commit', '-qam', 'remove gone.ts'], env);
  return { env, dir, repo: openRepo(dir) };
}

describe('related files', () => {
  const { env, dir, repo } = knownHistory();

  it('ranks files by how often they were committed together, recent commits first, sweeps not at all, deleted files left out', () => {
    const r = relatedFiles(repo, ['src/api.ts'], { sessionEdits: false });
    const paths = r.related.map((f) => f.path);
    expect(paths[0]).toBe('src/api.test.ts');
    expect(paths[1]).toBe('docs/api.md');
    expect(r.related[0]).toMatchObject({ together: 4, session: false });
    expect(paths).not.toContain('src/style.ts');
    expect(paths).not.toContain('src/gone.ts');
    // A ten-file commit counts for each of its files a ninth of a two-file one.
    expect(r.related.find((f) => f.path === 'src/many0.ts')!.score).toBeLessThan(r.related[1]!.score);
    expect(r.commits).toBe(9);
    const x = relatedFiles(repo, ['lib/x.ts'], { sessionEdits: false }).related.map((f) => f.path);
    expect(x).toEqual(['lib/new.ts', 'lib/old.ts']);
  });

  it('is cached under .git/agentflow and extended by new commits and other branches only', () => {
    const file = join(dir, '.git', 'agentflow', 'related', 'cochange.json');
    const before = openCoChangeHistory(repo).commits.length;
    expect(JSON.parse(readFileSync(file, 'utf8')).commits).toHaveLength(before);
    commit(dir, env, ['src/api.ts', 'src/new-helper.ts']);
    expect(openCoChangeHistory(repo).commits.length).toBe(before + 1);
    git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~1'], env);
    commit(dir, env, ['src/api.ts', 'src/side.ts']);
    const h = openCoChangeHistory(repo);
    expect(h.commits.length).toBe(before + 2);
    expect(h.tips).toHaveLength(2);
    git(dir, ['checkout', '-q', 'main'], env);
    expect(openCoChangeHistory(repo).commits.length).toBe(before + 2);
    expect(git(dir, ['status', '--porcelain'], env)).toBe('');
  });

  it('starts over when an indexed tip is gone (a deleted branch, pruned), and a first index asks no merge-base', () => {
    const { env, dir } = knownHistory();
    const trace = join(dir, '.git', 'trace.log');
    const traced = <T>(f: () => T): { value: T; git: string[] } => {
      process.env.GIT_TRACE = trace;
      try {
        return { value: f(), git: readFileSync(trace, 'utf8').match(/built-in: git [a-z-]+/g) ?? [] };
      } finally {
        delete process.env.GIT_TRACE;
        rmSync(trace, { force: true });
      }
    };
    const first = traced(() => openCoChangeHistory(openRepo(dir)));
    expect(first.git).not.toContain('built-in: git merge-base');
    expect(first.value.tips).toEqual([git(dir, ['rev-parse', 'HEAD'], env)]);
    git(dir, ['checkout', '-q', '-b', 'doomed'], env);
    commit(dir, env, ['src/api.ts', 'src/doomed.ts']);
    expect(openCoChangeHistory(openRepo(dir)).tips).toHaveLength(1);
    git(dir, ['checkout', '-q', 'main'], env);
    git(dir, ['branch', '-q', '-D', 'doomed'], env);
    git(dir, ['reflog', 'expire', '--expire=now', '--all'], env);
    git(dir, ['gc', '-q', '--prune=now'], env);
    commit(dir, env, ['src/api.ts', 'src/after.ts']);
    const again = openCoChangeHistory(openRepo(dir));
    // Rebuilt from main alone: the doomed branch's commit is not counted.
    expect(again.commits).toHaveLength(first.value.commits.length + 1);
    expect(again.paths).not.toContain('src/doomed.ts');
  });

  it("merges in the session's own edits", () => {
    writeFileSync(join(dir, 'src/wip.ts'), 'new\n');
    saveManifest(dir, manifestOf('s-edit', { files: ['src/wip.ts', 'src/api.ts'], branch: 'main' }));
    const r = relatedFiles(repo, ['src/api.ts']);
    expect(r.session).toBe('s-edit');
    expect(r.related.find((f) => f.path === 'src/wip.ts')).toMatchObject({ session: true });
    rmSync(join(dir, 'src/wip.ts'));
  });

  it('git session related prints the files, --json, and refuses a path outside the repository', () => {
    const r = cli(['related', 'api.ts'], { cwd: join(dir, 'src'), env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Files committed together with src\/api\.ts \(\d+ commit\(s\)/);
    expect(r.stdout.split('\n')[1]).toMatch(/^ {2}\d\.\d\d {2}src\/api\.test\.ts {2}\(4 commit\(s\) together\)/);
    const json = JSON.parse(cli(['related', '--json', 'lib/x.ts'], { cwd: dir, env }).stdout);
    expect(json.related.map((f: any) => f.path)).toEqual(['lib/new.ts', 'lib/old.ts']);
    expect(Object.keys(json.related[0])).toEqual(['path', 'score', 'together', 'session']);
    expect(cli(['related', '/etc/passwd'], { cwd: dir, env }).status).toBe(2);
    const none = cli(['related', 'nowhere.ts'], { cwd: dir, env });
    expect([none.status, none.stdout]).toEqual([0, '']);
    expect(none.stderr).toContain('No commit on this branch touches nowhere.ts');
  });
});
