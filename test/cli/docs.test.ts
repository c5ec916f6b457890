// The README is the contract: every exit code it documents is one a command really returns, and
// its command table names the commands and options `--help` has.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, claudeAssistant, cli, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const README = readFileSync(join(PROJECT, 'README.md'), 'utf8');
const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');
const codesIn = (text: string): number[] => [...text.matchAll(/(?:^|[\s·,:])(\d{1,3}) (?=[a-z`])/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe('exit codes', () => {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  const full = writeJsonl(join(tempDir(), 'full.jsonl'), [
    { type: 'user', sessionId: 's-full', message: { role: 'user', content: 'go' } },
    claudeAssistant({ id: 'm1', tokens: 190_000, sessionId: 's-full' }),
  ]);
  const outside = tempDir();
  mkdirSync(join(outside, 'sub'));

  const cases: Array<[number, string, string[], string]> = [
    [0, 'ok', ['status', '-t', SAMPLE], repo],
    [1, 'error: not a git repository', ['save', '-t', SAMPLE], join(outside, 'sub')],
    [2, 'bad usage: a number that is not one', ['log', '-n', 'abc'], repo],
    [2, 'bad usage: an unknown option', ['status', '--no-such-option'], repo],
    [3, 'nothing found: no transcript there', ['save', '-t', join(outside, 'missing.jsonl')], repo],
    [3, 'nothing found: no snapshot yet', ['resume'], repo],
    [10, 'status --check at the threshold', ['status', '--check', '-t', full], repo],
  ];

  it.each(cases)('exit %i: %s', (code, _what, args, cwd) => {
    const r = cli(args, { cwd, env });
    expect(r.status).toBe(code);
    // A failure says what went wrong on one line, without a stack trace.
    if (code !== 0 && code !== 10) {
      expect(r.stderr.trim()).not.toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('the README and --help document exactly the codes the commands return', () => {
    const tested = [...new Set(cases.map((c) => c[0]))].sort((a, b) => a - b);
    const readme = /\*\*Exit codes\.\*\*([\s\S]*?)\n\n/.exec(README)?.[1] ?? '';
    expect(codesIn(readme)).toEqual(tested);
    const help = /Exit codes:(.*)/.exec(cli(['--help']).stdout)?.[1] ?? '';
    expect(codesIn(help)).toEqual(tested);
  });
});

describe('the README command table', () => {
  const rows = [...README.matchAll(/^\| `git session ([a-z-]+)([^`]*)` \|/gm)].map((m) => ({ name: m[1]!, usage: m[2]! }));

  it('names every command --help lists, and nothing else', () => {
    const help = cli(['--help']).stdout;
    const listed = [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)(?= )/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(rows.map((r) => r.name).sort()).toEqual([...new Set(listed)].sort());
  });

  it("shows only options the command's --help has", () => {
    for (const { name, usage } of rows) {
      const help = cli([name, '--help']).stdout;
      for (const opt of usage.match(/--?[a-z][a-z-]*/g) ?? []) expect(help, `${name} ${opt}`).toMatch(new RegExp(`(^|[\\s,])${opt}(?![a-z-])`, 'm'));
    }
  });
});
