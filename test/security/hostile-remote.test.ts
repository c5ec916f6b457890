// A remote that someone hostile can push to, written with plain git: whatever it holds, `sync`
// leaves the repository whole (`git fsck --strict` clean, gc works, a push to a remote that runs
// receive.fsckObjects succeeds), keeps nothing it refused reachable, and is never blocked by it.
import { describe, expect, it } from 'vitest';
import { clonesOfOneRemote, cli, git } from '../helpers.js';
import { SAMPLE, blob, fsckProblems, pushRef } from './forge.js';

const SESSIONS = 'refs/agentflow/sessions';

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
