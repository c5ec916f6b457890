// Review s40 (commit 64cc4a0; all fixed): the hooks and status now run their bundle through V8's code cache
// (src/cli/code-cache.ts). Repros for what the cache does to a hook that must never fail.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, PROJECT, cli, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

/** An installation of its own (bin/, dist/, package.json; node_modules linked), as `npm i -g` lays it out. */
function installCopy(): string {
  const root = join(tempDir('gs-install-'), 'git-session');
  mkdirSync(root);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(PROJECT, part), join(root, part), { recursive: true });
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const hookCache = (env: NodeJS.ProcessEnv): string[] =>
  readdirSync(join(env.GIT_SESSION_CACHE_DIR!, 'code')).filter((f) => f.startsWith('hook.bundle.cjs-') && f.endsWith('.bin'));

describe('review s40: the hooks with a code cache', () => {
  // Finding 2. V8 release builds do not checksum a code cache (--verify-snapshot-checksum is off):
  // bytes changed on disk are deserialized as they are, and V8 aborts ("Fatal error ... unreachable
  // code", exit 133) or segfaults (139), printing a native stack trace to stderr. The cache is
  // never rewritten (the process dies first), so every later hook, statusline and status fails
  // the same way until someone deletes ~/.cache/git-session/code.
  it('a corrupted cache file is refused, not run: the statusline still prints its line, nothing on stderr', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const input = JSON.stringify({ cwd: repo });
    const first = cli(['statusline'], { cwd: repo, env, input });
    expect([first.status, first.stderr]).toEqual([0, '']);
    const [name] = hookCache(env);
    const file = join(env.GIT_SESSION_CACHE_DIR!, 'code', name!);
    const good = readFileSync(file);
    for (const at of [0.1, 0.25, 0.5, 0.75, 0.95]) {
      const bad = Buffer.from(good);
      bad.fill(0xff, Math.floor(bad.length * at), Math.floor(bad.length * at) + 8);
      writeFileSync(file, bad);
      const r = cli(['statusline'], { cwd: repo, env, input });
      expect({ at, status: r.status, stderr: r.stderr.slice(0, 200), stdout: r.stdout }).toEqual({ at, status: 0, stderr: '', stdout: first.stdout });
    }
  });

  // Finding 4. The cache is named by the bundle's folder, size and mtime, and V8's own check of
  // the source is its length: a bundle replaced in place by one of the same size and mtime (a
  // tarball or `rsync -t`/`cp -p` deploy, a reproducible build with SOURCE_DATE_EPOCH, a same-length
  // edit such as a version string or a constant) runs the functions compiled from the old code.
  it('a bundle replaced by another of the same size and mtime runs the new code, not the cached old one', () => {
    const root = installCopy();
    const bin = join(root, 'bin', 'git-session');
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const input = JSON.stringify({ cwd: repo });
    // A fixed whole-second mtime, as a tarball gives its files (npm pack writes 1985-10-26T08:15:00Z).
    const bundle = join(root, 'dist', 'hook.bundle.cjs');
    const stamp = new Date('1985-10-26T08:15:00Z');
    utimesSync(bundle, stamp, stamp);
    expect(cli(['statusline'], { cwd: repo, env, input, bin }).stdout).toBe('ctx —\n');
    const { size } = statSync(bundle);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('"ctx \\u2014"');
    // The next release: one same-length edit, unpacked over the same folder with the same mtime.
    writeFileSync(bundle, text.replace('"ctx \\u2014"', '"CTX \\u2014"'));
    utimesSync(bundle, stamp, stamp);
    expect(statSync(bundle).size).toBe(size);
    expect(cli(['statusline'], { cwd: repo, env, input, bin }).stdout).toBe('CTX —\n');
  });

  // Finding 3. loadWithCodeCache() runs when dist/hook.cjs is required, outside any try: cacheDir()
  // calls os.homedir(), which throws when HOME is unset and the uid has no passwd entry (a
  // container run with --user and a cleared environment). bin/git-session then prints "cannot load
  // dist/" on stderr and the hook does nothing; before 64cc4a0 the hooks never touched homedir()
  // on these paths and the statusline printed its line.
  const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDropPrivileges)('a hook run without HOME by a uid with no home still runs, silently', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    // Readable by that uid: the statusline then says how full the context is ('—': no session).
    chmodSync(repo, 0o755);
    const r = spawnSync(
      'setpriv',
      [
        '--reuid',
        '4242',
        '--regid',
        '4242',
        '--clear-groups',
        'env',
        '-u',
        'HOME',
        '-u',
        'GIT_SESSION_CACHE_DIR',
        '-u',
        'XDG_CACHE_HOME',
        process.execPath,
        BIN,
        'statusline',
      ],
      { cwd: '/', env: { PATH: process.env.PATH, NO_COLOR: '1' }, input: JSON.stringify({ cwd: repo }), encoding: 'utf8', timeout: 20_000 },
    );
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 0, stderr: '', stdout: 'ctx —\n' });
  });

  // Finding 6. The cache's name holds node's version but not V8's flags, and a save drops every
  // other file of the bundle's prefix, other node versions' included. Where two environments run
  // the hooks (the post-commit hook pins the node of `install`, the agents run `git-session` from
  // PATH; NODE_OPTIONS in a login shell and not in the agent's), each run refuses or deletes the
  // other's cache, compiles from scratch and writes the cache again: slower than before the cache.
  it("a run under another node version or other V8 flags keeps the other environment's cache", () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const input = JSON.stringify({ cwd: repo });
    expect(cli(['statusline'], { cwd: repo, env, input }).status).toBe(0);
    const [name] = hookCache(env);
    const code = join(env.GIT_SESSION_CACHE_DIR!, 'code');
    const plain = readFileSync(join(code, name!));
    // V8 flags: the run with NODE_OPTIONS refuses the plain runs' cache and overwrites it.
    expect(cli(['statusline'], { cwd: repo, env: { ...env, NODE_OPTIONS: '--max-old-space-size=4096' }, input }).status).toBe(0);
    expect(readFileSync(join(code, name!)).equals(plain), 'the plain runs’ cache was overwritten by a run with other V8 flags').toBe(true);
    // Node versions: another node's cache of the same build is deleted by this node's save.
    const other = name!.replace(process.version, 'v99.1.0');
    writeFileSync(join(code, other), plain);
    rmSync(join(code, name!));
    expect(cli(['statusline'], { cwd: repo, env, input }).status).toBe(0);
    expect(hookCache(env)).toContain(other);
  });
});
