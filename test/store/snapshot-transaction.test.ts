import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/store/git.js';
import { commitContent, commitIdentity } from '../../src/store/identity.js';
import { looseObjectsDir, writeLooseObject } from '../../src/store/loose-object.js';
import { PROJECT, cli, git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

/** The git subcommands a CLI command starts, from GIT_TRACE. */
function gitProcesses(dir: string, env: NodeJS.ProcessEnv, args: string[]): string[] {
  const trace = join(tempDir(), 'trace.log');
  const r = cli(args, { cwd: dir, env: { ...env, GIT_TRACE: trace } });
  expect(r.status, r.stderr).toBe(0);
  return [...readFileSync(trace, 'utf8').matchAll(/trace: built-in: git (\S+)/g)].map((m) => m[1]!).filter((c) => c !== 'config');
}

/** A session of its own: the sample with another session id. */
function otherSession(id: string): string {
  const text = readFileSync(SAMPLE, 'utf8').replace(/5a3c9e1f-7b2d-4c8a-9f10-2e6d4b8a1c07/g, id);
  const file = join(tempDir(), `${id}.jsonl`);
  writeFileSync(file, text);
  return file;
}

/** The note on HEAD with the snapshot ids taken out (each repository has its own). */
const noteOnHead = (dir: string, env: NodeJS.ProcessEnv) =>
  git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD'], env).replace(/snapshot [0-9a-f]{40}/g, 'snapshot X');

describe('a commit written in process', () => {
  it('is the commit git commit-tree writes for the same tree, parent, identity, time and message', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const repo = openRepo(dir);
    const identity = commitIdentity(repo, env)!;
    expect(identity).toBe('Test User <test@example.com>');
    // git's own idea of who commits here, without its date.
    expect(git(dir, ['var', 'GIT_COMMITTER_IDENT'], env).replace(/ \d+ [+-]\d{4}$/, '')).toBe(identity);
    const tree = git(dir, ['rev-parse', 'HEAD^{tree}'], env);
    const parent = git(dir, ['rev-parse', 'HEAD'], env);
    const date = new Date(Date.UTC(2026, 11, 6, 10, 0, 0));
    for (const message of ['session abc: ELEVATED 61% · work\n\nSession-Id: abc\nLevel: ELEVATED\n', 'one line\n', 'ü ✓ unicode\n']) {
      const ours = writeLooseObject(looseObjectsDir(repo)!, 'commit', commitContent(tree, [parent], identity, date, message));
      const at = `${Math.floor(date.getTime() / 1000)} ${
        commitContent('', [], '', date, '')
          .toString()
          .match(/[+-]\d{4}/)![0]
      }`;
      const theirs = git(dir, ['commit-tree', tree, '-p', parent, '-m', message.replace(/\n$/, '')], { ...env, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at });
      expect(ours).toBe(theirs);
    }
    expect(git(dir, ['fsck', '--strict', '--no-dangling'], env)).toBe('');
  });

  it('is left to git when git, not the config, would decide who commits or how', () => {
    const env = isolatedEnv();
    const repo = (config: Array<[string, string]>) => {
      const dir = tempRepo(env);
      for (const [k, v] of config) git(dir, ['config', k, v], env);
      return openRepo(dir);
    };
    expect(commitIdentity(repo([]), env)).toBeDefined();
    expect(commitIdentity(repo([]), { ...env, GIT_AUTHOR_NAME: 'Someone' })).toBeUndefined();
    expect(commitIdentity(repo([]), { ...env, GIT_COMMITTER_DATE: '@0' })).toBeUndefined();
    expect(commitIdentity(repo([['author.email', 'a@b.c']]), env)).toBeUndefined();
    expect(commitIdentity(repo([['commit.gpgSign', 'true']]), env)).toBeUndefined();
    expect(commitIdentity(repo([['commit.gpgSign', 'false']]), env)).toBeDefined();
    expect(commitIdentity(repo([['i18n.commitEncoding', 'ISO-8859-1']]), env)).toBeUndefined();
    // git strips such ends from a name ("crud"): its name would differ from the config's.
    expect(commitIdentity(repo([['user.name', 'Dev.']]), env)).toBeUndefined();
    expect(commitIdentity(repo([['user.name', ' Dev']]), env)).toBeUndefined();
    expect(commitIdentity(repo([['user.name', 'Dev\x01']]), env)).toBeUndefined();
  });

  it('is left to git for a time zone Node reads otherwise than git (a POSIX rule in TZ)', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const repo = openRepo(dir);
    expect(commitIdentity(repo, { ...env, TZ: 'Europe/Berlin' })).toBeDefined();
    expect(commitIdentity(repo, { ...env, TZ: ':Asia/Kolkata' })).toBeDefined();
    for (const TZ of ['CET-1CEST', '<+0530>-5:30']) {
      expect(commitIdentity(repo, { ...env, TZ })).toBeUndefined();
      const zoned = { ...env, TZ };
      const r = cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env: zoned });
      expect(r.status, r.stderr).toBe(0);
      const zone = (commit: string) => / ([+-]\d{4})$/m.exec(git(dir, ['cat-file', 'commit', commit], zoned).split('\n')[3]!)?.[1];
      expect(zone('refs/agentflow/sessions')).toBe(zone(git(dir, ['commit-tree', 'HEAD^{tree}', '-m', 'x'], zoned)));
      expect(zone('refs/agentflow/sessions')).not.toBe('+0000');
    }
  });

  it('is left to git for a name the config holds in Latin-1, which git writes converted to UTF-8', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    git(dir, ['config', '--unset', 'user.name'], env);
    appendFileSync(join(dir, '.git', 'config'), Buffer.from('[user]\n\tname = Jos\xe9\n', 'latin1'));
    expect(commitIdentity(openRepo(dir), env)).toBeUndefined();
    const r = cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    const author = (commit: string) =>
      /^author (.*) \d+ [+-]\d{4}$/m.exec(spawnSync('git', ['cat-file', 'commit', commit], { cwd: dir, env }).stdout.toString('latin1'))?.[1];
    const theirs = spawnSync('git', ['commit-tree', 'HEAD^{tree}', '-m', 'x'], { cwd: dir, env, encoding: 'utf8' }).stdout.trim();
    expect(author('refs/agentflow/sessions')).toBe(author(theirs));
    expect(author(theirs)).toBe(Buffer.from('José <test@example.com>').toString('latin1'));
  });
});

describe('a save and its note in one transaction', () => {
  it("writes the note git notes would, keeps other sessions' blocks, and moves both refs in one update-ref", () => {
    const env = isolatedEnv();
    const fast = tempRepo(env);
    const usual = tempRepo(env);
    const second = otherSession('0b9d7c2e-1111-4c8a-9f10-2e6d4b8a1c07');
    // The usual path: an identity from the environment is git's to apply.
    const usualEnv = { ...env, GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'test@example.com' };
    const writers = (run: string[]) => run.filter((c) => ['hash-object', 'mktree', 'commit-tree', 'notes', 'update-ref'].includes(c));
    expect(writers(gitProcesses(fast, env, ['save', '--no-llm', '-t', SAMPLE]))).toEqual(['update-ref']);
    expect(gitProcesses(usual, usualEnv, ['save', '--no-llm', '-t', SAMPLE])).toEqual(expect.arrayContaining(['commit-tree', 'notes']));
    expect(writers(gitProcesses(fast, env, ['save', '--no-llm', '-t', second]))).toEqual(['update-ref']);
    expect(cli(['save', '--no-llm', '-t', second], { cwd: usual, env: usualEnv }).status).toBe(0);
    expect(noteOnHead(fast, env)).toBe(noteOnHead(usual, env));
    expect(noteOnHead(fast, env).match(/Session-Id: /g)).toHaveLength(2);
    // The note names the snapshot the ref holds; both refs are in their reflogs; the repository is sound.
    const tip = git(fast, ['rev-parse', 'refs/agentflow/sessions'], env);
    expect(git(fast, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain(`git-session snapshot ${tip}`);
    expect(git(fast, ['log', '--format=%an <%ae>', '-1', 'refs/notes/agentflow'], env)).toBe('Test User <test@example.com>');
    expect(git(fast, ['reflog', 'show', '--format=%gs', 'refs/notes/agentflow'], env).split('\n')).toEqual(['git-session', 'git-session']);
    expect(git(fast, ['fsck', '--strict', '--no-dangling'], env)).toBe('');
    // git's own notes tooling reads and rewrites it.
    git(fast, ['notes', '--ref=agentflow', 'append', '-m', 'by hand', 'HEAD'], env);
    expect(git(fast, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toMatch(/Session-Id[\s\S]*by hand$/);
  });

  it('stores the note git notes would when another block of it ends its lines with CR LF', () => {
    const env = isolatedEnv();
    const fast = tempRepo(env);
    const usual = tempRepo(env);
    const usualEnv = { ...env, GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'test@example.com' };
    const raw = (dir: string) => spawnSync('git', ['notes', '--ref=agentflow', 'show', 'HEAD'], { cwd: dir, env }).stdout.toString();
    for (const dir of [fast, usual]) {
      // A note written as it is (`-C` takes a blob unchanged), as another tool might.
      const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], {
        cwd: dir,
        env,
        input: 'from windows\r\nsecond line\r\n',
        encoding: 'utf8',
      }).stdout.trim();
      git(dir, ['notes', '--ref=agentflow', 'add', '-C', blob, 'HEAD'], env);
      expect(cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env: dir === fast ? env : usualEnv }).status).toBe(0);
    }
    const strip = (text: string) => text.replace(/snapshot [0-9a-f]{40}/g, 'snapshot X');
    expect(strip(raw(fast))).toBe(strip(raw(usual)));
    expect(raw(fast)).not.toContain('\r');
  });

  it('adds its note in the one transaction to a flat notes tree whose ids hold a zero byte', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const other = git(dir, ['commit-tree', git(dir, ['rev-parse', 'HEAD^{tree}'], env), '-m', 'other'], env);
    // A note whose blob id has a 00 byte, as about one id in thirteen has.
    let text = '';
    for (let i = 0; !/^(?:[0-9a-f]{2})*00/.test(createHash('sha1').update(`blob ${text.length}\0${text}`).digest('hex')); i++) text = `note ${i}\n`;
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: text, encoding: 'utf8' }).stdout.trim();
    const tree = spawnSync('git', ['mktree'], { cwd: dir, env, input: `100644 blob ${blob}\t${other}\n`, encoding: 'utf8' }).stdout.trim();
    git(dir, ['update-ref', 'refs/notes/agentflow', git(dir, ['commit-tree', tree, '-m', 'notes'], env)], env);
    const writers = gitProcesses(dir, env, ['save', '--no-llm', '-t', SAMPLE]).filter((c) => ['hash-object', 'mktree', 'commit-tree', 'notes'].includes(c));
    expect(writers).toEqual([]);
    expect(git(dir, ['notes', '--ref=agentflow', 'show', other], env)).toBe(text.trim());
    expect(git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('Session-Id: 5a3c9e1f');
  });

  it('leaves a notes tree to git notes when git would fan it out with this note', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const head = git(dir, ['rev-parse', 'HEAD'], env);
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env, input: 'kept note\n', encoding: 'utf8' }).stdout.trim();
    // Two notes under every first hex digit but HEAD's, which has one: HEAD's note makes it two.
    const names = [...'0123456789abcdef'].flatMap((d) => (d === head[0] ? [1] : [1, 2]).map((k) => `${d}${String(k).padStart(39, '0')}`));
    const listing = names.map((n) => `100644 blob ${blob}\t${n}\n`).join('');
    const tree = spawnSync('git', ['mktree'], { cwd: dir, env, input: listing, encoding: 'utf8' }).stdout.trim();
    git(dir, ['update-ref', 'refs/notes/agentflow', git(dir, ['commit-tree', tree, '-m', 'notes'], env)], env);
    expect(cli(['save', '--no-llm', '-t', SAMPLE], { cwd: dir, env }).status).toBe(0);
    // As git notes add writes it: one folder per first two digits, every note kept.
    const top = git(dir, ['ls-tree', 'refs/notes/agentflow'], env).split('\n');
    expect(top.every((l) => / tree [0-9a-f]{40}\t[0-9a-f]{2}$/.test(l))).toBe(true);
    expect(git(dir, ['ls-tree', '-r', '--name-only', 'refs/notes/agentflow'], env).split('\n')).toHaveLength(names.length + 1);
    expect(git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('Session-Id: 5a3c9e1f');
  });

  it('writes a note into the folder git fanned the notes out to, as git notes would', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const run = (args: string[], input = '') => spawnSync('git', args, { cwd: dir, env, input, encoding: 'utf8' }).stdout.trim();
    const blob = run(['hash-object', '-w', '--stdin'], 'kept note\n');
    // Two notes under every first hex digit: git notes fans the tree out when it writes the next one.
    const names = [...'0123456789abcdef'].flatMap((d) => [1, 2].map((k) => `${d}${String(k).padStart(39, '0')}`));
    const tree = run(['mktree'], names.map((n) => `100644 blob ${blob}\t${n}\n`).join(''));
    git(dir, ['update-ref', 'refs/notes/agentflow', git(dir, ['commit-tree', tree, '-m', 'notes'], env)], env);
    git(dir, ['notes', '--ref=agentflow', 'add', '-m', 'by git', 'HEAD'], env);
    expect(
      git(dir, ['ls-tree', 'refs/notes/agentflow'], env)
        .split('\n')
        .every((l) => / tree [0-9a-f]{40}\t[0-9a-f]{2}$/.test(l)),
    ).toBe(true);
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'next'], env);
    const before = git(dir, ['rev-parse', 'refs/notes/agentflow'], env);
    const writers = gitProcesses(dir, env, ['save', '--no-llm', '-t', SAMPLE]).filter((c) => ['hash-object', 'mktree', 'commit-tree', 'notes'].includes(c));
    expect(writers).toEqual([]);
    const ours = git(dir, ['rev-parse', 'refs/notes/agentflow^{tree}'], env);
    // git notes, from the same notes and with the same text, writes the same tree.
    const text = git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD'], env);
    git(dir, ['update-ref', 'refs/notes/agentflow', before], env);
    expect(spawnSync('git', ['notes', '--ref=agentflow', 'add', '-F', '-', 'HEAD'], { cwd: dir, env, input: `${text}\n` }).status).toBe(0);
    expect(git(dir, ['rev-parse', 'refs/notes/agentflow^{tree}'], env)).toBe(ours);
    expect(git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD~1'], env)).toBe('by git');
  });

  it('leaves a notes folder to git notes when git would fan it out a second level, and loses no note', () => {
    const env = isolatedEnv();
    const dir = tempRepo(env);
    const head = git(dir, ['rev-parse', 'HEAD'], env);
    const run = (args: string[], input: string) => spawnSync('git', args, { cwd: dir, env, input, encoding: 'utf8' }).stdout.trim();
    const blob = run(['hash-object', '-w', '--stdin'], 'kept note\n');
    // HEAD's folder: two notes under every next hex digit but HEAD's, which has one; HEAD's note makes it two.
    const names = [...'0123456789abcdef'].flatMap((d) => (d === head[2] ? [1] : [1, 2]).map((k) => `${d}${String(k).padStart(37, '0')}`));
    const sub = run(['mktree'], names.map((n) => `100644 blob ${blob}\t${n}\n`).join(''));
    const root = run(['mktree'], `040000 tree ${sub}\t${head.slice(0, 2)}\n`);
    git(dir, ['update-ref', 'refs/notes/agentflow', git(dir, ['commit-tree', root, '-m', 'notes'], env)], env);
    expect(gitProcesses(dir, env, ['save', '--no-llm', '-t', SAMPLE])).toEqual(expect.arrayContaining(['notes']));
    expect(git(dir, ['ls-tree', '-r', '--name-only', 'refs/notes/agentflow'], env).split('\n')).toHaveLength(names.length + 1);
    expect(git(dir, ['notes', '--ref=agentflow', 'show', 'HEAD'], env)).toContain('Session-Id: 5a3c9e1f');
  });
});
