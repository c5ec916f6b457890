// `git config` and `git remote` that change the repository's setup are work, not looking around:
// "how was the signing prompt resolved?" is answered by `git config --global commit.gpgsign false`.
import { describe, expect, it } from 'vitest';
import { isLookAround } from '../../src/extract/commands.js';
import { changesGitSetup } from '../../src/extract/git-setup.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

describe('git config and git remote', () => {
  it.each([
    ['git config --global commit.gpgsign false', true],
    ['git -C /repo config user.email dev@example.com', true],
    ['git config --file .gitmodules submodule.lib.url ../lib.git', true],
    ['git config --unset core.hooksPath', true],
    ['git config set --global gpg.format ssh', true],
    ['git config --global --add safe.directory /work', true],
    ['git remote add origin git@github.com:o/r.git', true],
    ['git remote set-url origin https://github.com/o/r.git', true],
    ['git remote -v', false],
    ['git remote', false],
    ['git remote get-url origin', false],
    ['git config --global commit.gpgsign', false],
    ['git config --get user.email', false],
    ['git config --list --show-origin', false],
    ['git config get --global gpg.format', false],
    ['git config --type bool commit.gpgsign', false],
    ['git config user.email 2>/dev/null', false],
    ['git config --global gpg.format 2>/dev/null; git config --global commit.gpgsign 2>/dev/null', false],
    // git's own options before the subcommand (final review).
    ['git --no-pager config --list', false],
    ['git -P remote -v', false],
    ['git --git-dir=/repo/.git config user.email', false],
    ['git --git-dir /repo/.git config user.email dev@example.com', true],
  ])('%s: changes the setup %s', (command, changes) => {
    expect(isLookAround(command)).toBe(!changes);
  });

  it('only git config and git remote', () => {
    expect(changesGitSetup('git status')).toBe(false);
    expect(changesGitSetup('npm config set registry x')).toBe(false);
  });

  it('a setting changed is in the trail and what recall answers with', () => {
    const events: TranscriptEvent[] = [
      { kind: 'ask', text: 'I currently need to enter my password when I sign my commits. How do I stop that?' },
      { kind: 'say', text: 'You could install pinentry-mac to keep the passphrase in the Keychain, or sign with an SSH key.' },
      { kind: 'ask', text: 'I do not want to sign my commits anymore. Too much overhead.' },
      { kind: 'command', id: 'c1', command: 'git config --global commit.gpgsign false' },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      { kind: 'say', text: 'Done. Commit signing is now disabled globally.' },
    ];
    const trail = buildTrail(events, '/repo', '/repo');
    expect(trail.commands.map((c) => c.text)).toEqual(['git config --global commit.gpgsign false']);
    const lines = recall([{ sessionId: 's', snapshot: 'x', trail }], 'How was the commit-signing password prompt resolved?').map((h) => h.line);
    expect(lines.join('\n')).toContain('commit.gpgsign false');
  });
});

describe("the prompt's line of git setup the session changed", () => {
  const run = (id: string, command: string, ok = true): TranscriptEvent[] => [
    { kind: 'command', id, command },
    { kind: 'result', id, ok, exitCode: ok ? 0 : 1, output: '' },
  ];
  const briefOf = (events: TranscriptEvent[]): string =>
    trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest()).join('\n');

  it('names each change that worked, newest first, and no read of a value', () => {
    const text = briefOf([
      ...run('c1', 'git config --get commit.gpgsign'),
      ...run('c2', 'git -C /repo config --global commit.gpgsign false'),
      ...run('c3', 'git remote set-url origin https://github.com/acme/app.git && git push'),
      ...run('c4', 'git config --global --unset gpg.format', false),
    ]);
    expect(text).toContain(
      'git setup changed (newest first): `git remote set-url origin https://github.com/acme/app.git`; `git -C /repo config --global commit.gpgsign false`',
    );
    expect(text).not.toContain('--get commit.gpgsign');
    expect(text).not.toContain('gpg.format');
  });

  it('is not there when nothing changed it', () => {
    expect(briefOf(run('c1', 'git config --list'))).not.toContain('git setup changed');
  });
});
