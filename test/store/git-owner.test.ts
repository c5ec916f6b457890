/**
 * Every git process git-session starts is started from src/store/: the rest of the code asks the
 * store for a fact by its name (repo-facts.ts, the snapshot store, sync). Other processes are
 * allowed where they are no git: each named here with why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from '../helpers.js';

const SRC = join(PROJECT, 'src');
/** Files outside src/store/ that start a process that is not git, and which one. */
const OTHER_PROCESSES: Record<string, string> = {
  'src/hooks/post-commit.ts': 'the detached `git-session save` (node)',
  'src/setup/command.ts': '`sh -c command -v git-session`, to tell whether the CLI is on PATH',
  'src/hooks/statusline.ts': "the user's own statusline command, which git-session wraps",
  'src/setup/targets.ts': "doctor's run of the post-commit hook's command with a bare PATH, as a GUI git client runs it",
  'src/setup/mcp-registration.ts': 'the registered MCP server command, for the initialize handshake',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the git processes have one owner', () => {
  const files = sources(SRC).map((p) => ({ rel: relative(PROJECT, p), text: readFileSync(p, 'utf8') }));
  const outside = files.filter((f) => !f.rel.startsWith('src/store/'));

  it('no file outside src/store/ runs git or imports the store’s process runner', () => {
    const offenders = outside
      .filter((f) => /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*['"`]git['"`]|\brunGit\b/.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('processes started outside src/store/ are the ones named here, for the reason given', () => {
    // node:child_process itself, or through the loader that loads it when first used (src/builtins.ts).
    const spawning = outside
      .filter((f) => f.rel !== join('src', 'builtins.ts') && /from ['"]node:child_process['"]|\bchildProcess\(\)/.test(f.text))
      .map((f) => f.rel)
      .sort();
    expect(spawning).toEqual(Object.keys(OTHER_PROCESSES).sort());
  });

  it('the check can fail: it finds the git processes src/store/ starts', () => {
    expect(files.filter((f) => f.rel.startsWith('src/store/') && /spawnSync\(\s*'git'|\brunGit\(/.test(f.text)).length).toBeGreaterThan(3);
  });
});

describe('errors have one home', () => {
  it('every error class is in src/errors.ts', () => {
    const elsewhere = sources(SRC)
      .filter((p) => !p.endsWith(join('src', 'errors.ts')))
      .filter((p) => /\bclass \w+ extends (?:\w*Error)\b/.test(readFileSync(p, 'utf8')))
      .map((p) => relative(PROJECT, p));
    expect(elsewhere).toEqual([]);
  });
});

describe('rooms a maintainer can live in', () => {
  it('no file in src/ is over 300 lines', () => {
    const long = sources(SRC)
      .map((p) => ({ rel: relative(PROJECT, p), lines: readFileSync(p, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });
});
