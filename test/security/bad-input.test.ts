import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/output.js';
import { forEachLine, nestsDeeperThan, parseJsonLine } from '../../src/log/lines.js';
import { BIN, claudeAssistant, cli, isolatedEnv, tempDir, tempRepo, writeJsonl, type CliResult } from '../helpers.js';

type Json = Record<string, any>;
const SESSION = 'bad-input-session';
const ask = (text: string, extra: Json = {}): Json => ({
  type: 'user',
  sessionId: SESSION,
  cwd: '/tmp/project',
  timestamp: '2026-01-01T00:00:00.000Z',
  message: { role: 'user', content: text },
  ...extra,
});
const assistant = (id: string, tokens: number, extra: Json = {}): Json => ({ ...claudeAssistant({ id, tokens, sessionId: SESSION }), ...extra });
const withUsage = (id: string, usage: Json): Json => {
  const line = assistant(id, 50_000);
  line.message.usage = usage;
  return line;
};

function setup() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  return { env, repo, dir: tempDir('gs-bad-') };
}

/** What every failure must look like: one line on stderr that names the command, never a stack. */
function expectOneLineError(r: CliResult, exitCode: number, says: RegExp): void {
  expect(r.status).toBe(exitCode);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(says);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error/);
}

const noSnapshot = (repo: string, env: NodeJS.ProcessEnv): boolean =>
  spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/agentflow/sessions'], { cwd: repo, env }).status !== 0;

describe('bad transcript lines are skipped and counted, never fatal', () => {
  it('a line nested 100,000 levels deep is skipped with a warning; the rest is saved', () => {
    const { env, repo, dir } = setup();
    const deep = `{"type":"user","sessionId":"${SESSION}","message":{"role":"user","content":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const path = writeJsonl(join(dir, 'deep.jsonl'), [ask('fix the parser'), deep, assistant('m1', 40_000)]);
    const status = cli(['status', '--json', '-t', path], { cwd: repo, env });
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ tokens: 40_000, agent: 'claude-code' });
    const save = cli(['save', '--json', '-t', path], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(save.stderr).toMatch(/warning: skipped 1 of 3 lines/);
    expect(JSON.parse(save.stdout).manifest.session_metadata.session_id).toBe(SESSION);
  });

  it('negative, fractional and absurd usage counts are not trusted: the last sane figure is', () => {
    const { env, repo, dir } = setup();
    const path = writeJsonl(join(dir, 'usage.jsonl'), [
      ask('go'),
      assistant('m1', 60_000),
      withUsage('m2', { input_tokens: -5000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 }),
      withUsage('m3', { input_tokens: 1234.5, cache_creation_input_tokens: 0.25, cache_read_input_tokens: 0, output_tokens: 3 }),
      withUsage('m4', { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 1e300, output_tokens: 3 }),
    ]);
    const status = JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout);
    expect(status).toMatchObject({ tokens: 60_000, percent: 30, lines_skipped: 3 });
    const save = cli(['save', '-t', path], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(save.stderr).toMatch(/warning: skipped 3 of 5 lines/);
  });

  it('Codex token counts that are not counts are skipped too', () => {
    const { env, repo, dir } = setup();
    const tc = (last: Json, window: unknown = 258_400) => ({
      timestamp: 't',
      type: 'event_msg',
      payload: { type: 'token_count', info: { last_token_usage: last, model_context_window: window } },
    });
    const path = writeJsonl(join(dir, 'rollout-2026-01-01T00-00-00-x.jsonl'), [
      { timestamp: 't', type: 'session_meta', payload: { id: 'cx-bad', cwd: repo } },
      tc({ input_tokens: 100_000, output_tokens: 10, total_tokens: 100_010 }),
      tc({ input_tokens: -1, output_tokens: 10, total_tokens: -99 }),
      tc({ input_tokens: 1, output_tokens: 1, total_tokens: 2 }, -258_400),
    ]);
    const status = JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout);
    expect(status).toMatchObject({ agent: 'codex', tokens: 100_010, window: 258_400 });
  });

  it('a first line over 64 KB does not hide the agent: it is read from the first recognisable lines', () => {
    const { env, repo, dir } = setup();
    const path = writeJsonl(join(dir, 'wide-head.jsonl'), [ask(`paste: ${'x'.repeat(100_000)}`), ask('now fix it'), assistant('m1', 30_000)]);
    const status = JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout);
    expect(status).toMatchObject({ agent: 'claude-code', session_id: SESSION, tokens: 30_000 });
    const save = cli(['save', '--json', '-t', path], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(JSON.parse(save.stdout).manifest.session_metadata.agent).toBe('claude-code');
  });

  it('junk before the first JSON line does not hide the agent either', () => {
    const { env, repo, dir } = setup();
    const path = join(dir, 'junk-head.jsonl');
    writeFileSync(path, `not json at all\n{"unknown":true}\n${JSON.stringify(ask('go'))}\n${JSON.stringify(assistant('m1', 30_000))}\n`);
    expect(JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout)).toMatchObject({ agent: 'claude-code', tokens: 30_000 });
  });

  it('a 7 MB line is read whole; a 9 MB line is skipped and counted, and the lines around it are read', () => {
    const { env, repo, dir } = setup();
    const seven = writeJsonl(join(dir, 'seven.jsonl'), [ask('go'), assistant('m1', 20_000), ask(`log:\n${'y'.repeat(7 << 20)}`)]);
    expect(JSON.parse(cli(['status', '--json', '-t', seven], { cwd: repo, env }).stdout).tokens).toBe(20_000);
    const saved = cli(['save', '-t', seven], { cwd: repo, env });
    expect(saved.status).toBe(0);
    expect(saved.stderr).toBe('');

    const nine = writeJsonl(join(dir, 'nine.jsonl'), [
      ask('start the import'),
      assistant('m1', 20_000),
      ask(`log:\n${'y'.repeat(9 << 20)}`),
      ask('now finish the import'),
    ]);
    const status = cli(['status', '--json', '-t', nine], { cwd: repo, env });
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout).tokens).toBe(20_000);
    const save = cli(['save', '--json', '-t', nine], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(save.stderr).toMatch(/warning: skipped 1 of 4 lines/);
    expect(JSON.stringify(JSON.parse(save.stdout).manifest)).toContain('now finish the import');
  });

  it('a request beside 9 MB of pasted images is kept, though its line is too long to read', () => {
    const { env, repo, dir } = setup();
    const image = (n: number) => ({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: String(n).repeat(3 << 20) } });
    const pasted = {
      ...ask('x'),
      message: {
        role: 'user',
        content: [
          { type: 'text', text: 'The login page renders like this:' },
          image(1),
          image(2),
          image(3),
          { type: 'text', text: 'Make the form fit on a phone screen.' },
        ],
      },
    };
    const path = writeJsonl(join(dir, 'images.jsonl'), [ask('set up the login page'), assistant('m1', 20_000), pasted]);
    const save = cli(['save', '--json', '-t', path], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(save.stderr).toMatch(/warning: skipped 1 of 3 lines/);
    const manifest = JSON.stringify(JSON.parse(save.stdout).manifest);
    expect(manifest).toContain('Make the form fit on a phone screen');
    expect(manifest).not.toMatch(/111111|222222/);
  });

  it('a plain log with a line too long to read counts that line by its size', () => {
    const { env, repo, dir } = setup();
    const path = join(dir, 'notes.md');
    writeFileSync(path, `# notes\nwe paste the log below\n${'word '.repeat(9 << 18)}\nend\n`);
    const status = JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout);
    // 11.8 MB of text at about 3.5 bytes a token: it is not ignored as if it were not there.
    // A plain log names no model: the window is unknown, and said so, until the user gives it.
    expect(status).toMatchObject({ agent: 'plain', tokens_source: 'estimate', level: 'UNKNOWN', window: null });
    expect(status.tokens).toBeGreaterThan(3_000_000);
    const limited = JSON.parse(cli(['status', '--json', '-t', path, '--limit', '1M'], { cwd: repo, env }).stdout);
    expect(limited).toMatchObject({ level: 'EMERGENCY', window: 1_000_000 });
  });

  it('a transcript over 512 MB is streamed, never made one string (sparse file, no usage figures)', { timeout: 120_000 }, () => {
    const { env, repo, dir } = setup();
    const path = join(dir, 'huge.jsonl');
    writeFileSync(path, `${JSON.stringify(ask('start the migration'))}\n`);
    // 600 MB of hole (NUL bytes, one overlong line), then the session goes on.
    truncateSync(path, 600 << 20);
    appendFileSync(
      path,
      `\n${JSON.stringify(ask('finish the migration'))}\n${JSON.stringify({ ...ask('x'), type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'done' }] } })}\n`,
    );
    const status = cli(['status', '--json', '-t', path], { cwd: repo, env });
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ agent: 'claude-code', tokens_source: 'tokenizer' });
    const save = cli(['save', '--json', '-t', path], { cwd: repo, env });
    expect(save.status).toBe(0);
    expect(save.stderr).toMatch(/warning: skipped 1 of 4 lines/);
    expect(JSON.stringify(JSON.parse(save.stdout).manifest)).toContain('finish the migration');
  });
});

describe("the statusline's own figures", () => {
  it('are not trusted (nor cached for status) when they are not counts', () => {
    const { env, repo } = setup();
    // Where Claude Code writes it: a statusline payload's transcript_path is read only from there (or the repository).
    const path = writeJsonl(join(env.HOME!, '.claude', 'projects', 'p', 'live.jsonl'), [ask('go'), assistant('m1', 30_000)]);
    const payload = {
      session_id: SESSION,
      transcript_path: path,
      workspace: { current_dir: repo },
      model: { id: 'claude-sonnet-4-5' },
      context_window: {
        context_window_size: 200_000,
        current_usage: { input_tokens: -50_000, cache_creation_input_tokens: 150_000, cache_read_input_tokens: 0 },
      },
    };
    const line = cli(['statusline'], { cwd: repo, env, input: JSON.stringify(payload) });
    expect(line.stdout).toBe('ctx 15% NORMAL\n');
    expect(JSON.parse(cli(['status', '--json', '-t', path], { cwd: repo, env }).stdout)).toMatchObject({ tokens_source: 'usage', tokens: 30_000 });
  });
});

describe('what is not a transcript gets a one-line error with the documented exit code', () => {
  it('binary junk is refused, not saved as a plain session', () => {
    const { env, repo, dir } = setup();
    const path = join(dir, 'junk.jsonl');
    // Deterministic bytes that are not UTF-8 text, with a readable line on top.
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    writeFileSync(path, Buffer.concat([Buffer.from('# notes\n'), junk]));
    expectOneLineError(cli(['save', '-t', path], { cwd: repo, env }), 1, /binary data, not a transcript/);
    expectOneLineError(cli(['status', '-t', path], { cwd: repo, env }), 1, /binary data, not a transcript/);
    expect(noSnapshot(repo, env)).toBe(true);
  });

  it('a directory is refused', () => {
    const { env, repo, dir } = setup();
    mkdirSync(join(dir, 'adir.jsonl'));
    for (const cmd of ['save', 'status']) expectOneLineError(cli([cmd, '-t', join(dir, 'adir.jsonl')], { cwd: repo, env }), 1, /is a directory/);
    expect(noSnapshot(repo, env)).toBe(true);
  });

  it('a missing file is "nothing found" (exit 3)', () => {
    const { env, repo, dir } = setup();
    expectOneLineError(cli(['save', '-t', join(dir, 'gone.jsonl')], { cwd: repo, env }), 3, /no such file/);
  });

  it('an unreadable file is refused by name', () => {
    const { env, repo, dir } = setup();
    const path = writeJsonl(join(dir, 'secret.jsonl'), [ask('go'), assistant('m1', 1000)]);
    chmodSync(path, 0o000);
    let r: CliResult;
    if (process.getuid?.() === 0) {
      // root reads anything: run the CLI as nobody, who may enter the folders but not read the file.
      for (const d of [dir, repo, env.HOME!]) spawnSync('chmod', ['-R', 'a+rwX', d]);
      chmodSync(path, 0o000);
      const p = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'status', '-t', path], {
        cwd: repo,
        env: { ...env, GIT_CONFIG_GLOBAL: '/dev/null' },
        encoding: 'utf8',
      });
      r = { status: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
    } else r = cli(['status', '-t', path], { cwd: repo, env });
    expectOneLineError(r, 1, /Cannot read transcript .*secret\.jsonl: permission denied/);
  });
});

describe('a folder deleted under the shell', () => {
  it('is named in one line with the fix (exit 1); a hook stays silent (exit 0)', () => {
    for (const [args, code] of [
      [['status'], 1],
      [['log'], 1],
      [['hook', 'session-start'], 0],
    ] as const) {
      const gone = tempDir('gs-gone-');
      const r = spawnSync('sh', ['-c', `cd "$1" && rmdir "$1" && shift && exec "$@" </dev/null`, 'sh', gone, process.execPath, BIN, ...args], {
        encoding: 'utf8',
      });
      expect(r.status, args.join(' ')).toBe(code);
      if (code) expectOneLineError(r as CliResult, code, /current folder no longer exists.*Change to your project folder/);
      else expect(r.stdout + r.stderr).toBe('');
    }
  });
});

describe('an unexpected error is one line; GIT_SESSION_DEBUG=1 adds the stack', () => {
  const capture = (fn: () => void): string => {
    const write = process.stderr.write.bind(process.stderr);
    let out = '';
    process.stderr.write = ((s: string) => ((out += s), true)) as typeof process.stderr.write;
    try {
      fn();
    } finally {
      process.stderr.write = write;
    }
    return out;
  };

  it('without the variable', () => {
    const prev = process.env.GIT_SESSION_DEBUG;
    delete process.env.GIT_SESSION_DEBUG;
    const out = capture(() => expect(reportError(new RangeError('Maximum call stack size exceeded\nsecond line'))).toBe(1));
    process.env.GIT_SESSION_DEBUG = prev;
    expect(out).toMatch(/^git-session: unexpected error: Maximum call stack size exceeded second line\n/);
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('with it', () => {
    process.env.GIT_SESSION_DEBUG = '1';
    const out = capture(() => reportError(new Error('boom')));
    delete process.env.GIT_SESSION_DEBUG;
    expect(out).toMatch(/\n\s+at /);
  });
});

describe('the streaming primitives', () => {
  it('nestsDeeperThan counts brackets outside strings only', () => {
    expect(nestsDeeperThan(Buffer.from('{"a":[[[1]]]}'), 3)).toBe(true);
    expect(nestsDeeperThan(Buffer.from('{"a":[[[1]]]}'), 4)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(`{"a":"${'['.repeat(1000)}\\"[[["}`), 2)).toBe(false);
    expect(parseJsonLine(`{"a":${'['.repeat(600)}${']'.repeat(600)}}`)).toBeNull();
    expect(parseJsonLine(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`)).not.toBeNull();
    // Many brackets, little depth: counted, then walked.
    expect(nestsDeeperThan(Buffer.from(`{"a":[${'[1],'.repeat(600)}[1]]}`), 512)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(`{"a":[${'[1],'.repeat(600)}${'['.repeat(520)}${']'.repeat(520)}]}`), 512)).toBe(true);
  });

  it('forEachLine stops when asked and reads no further than `to`', () => {
    const path = join(tempDir(), 'lines.txt');
    writeFileSync(path, 'a\nb\nc\nd\n');
    const seen: string[] = [];
    forEachLine(path, (l) => seen.push(l.toString()) < 2);
    expect(seen).toEqual(['a', 'b']);
    const upTo: string[] = [];
    forEachLine(path, (l) => void upTo.push(l.toString()), 0, 5);
    expect(upTo).toEqual(['a', 'b', 'c']);
  });
});
