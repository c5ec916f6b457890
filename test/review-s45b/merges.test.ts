// Review s45b: merges judged by what the merge step printed (src/trail/git-said.ts mergeSaid/mergedRefs/fastForwardTip),
// on the output of real git runs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { mergedRefs } from '../../src/trail/git-said.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { clonesOfOneRemote, git } from '../helpers.js';

/** Runs `command` with a shell in `cwd`, stdout and stderr together as an agent's Bash tool shows them. */
function sh(cwd: string, command: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('bash', ['-c', `${command} 2>&1`], { cwd, env: { ...env, GIT_MERGE_AUTOEDIT: 'no' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

const commitFile = (dir: string, env: NodeJS.ProcessEnv, file: string, text: string, msg: string): void => {
  writeFileSync(join(dir, file), text);
  git(dir, ['add', file], env);
  git(dir, ['commit', '-q', '-m', msg], env);
};

const trailOf = (command: string, output: string): string[] => {
  const events: TranscriptEvent[] = [
    { kind: 'command', id: 'm1', command },
    { kind: 'result', id: 'm1', ok: true, exitCode: 0, output },
  ];
  return buildTrail(events, '/repo', '/repo').commits.map((c) => c.text);
};

describe('review s45b: merges', () => {
  it('`git merge a && git merge b`: a already merged, b merged now — the merge of b is in the trail', () => {
    const { env, clones } = clonesOfOneRemote('bob');
    const { bob } = clones;
    git(bob, ['branch', 'old'], env); // already in main: its merge is up to date
    git(bob, ['checkout', '-q', '-b', 'feature'], env);
    commitFile(bob, env, 'f.txt', 'f\n', 'bob: feature work');
    git(bob, ['checkout', '-q', 'main'], env);
    commitFile(bob, env, 'm.txt', 'm\n', 'bob: main work'); // so feature's merge makes a merge commit
    const cmd = 'git merge old && git merge --no-edit feature';
    const out = sh(bob, cmd, env);
    expect(out).toMatch(/Already up to date/);
    expect(out).toMatch(/Merge made by/);
    expect(trailOf(cmd, out).some((t) => /merged .*feature/.test(t))).toBe(true);
  });

  it('a loop merging branches (`for b in …; do git merge $b; done`): the last up to date does not undo the first merge', () => {
    const { env, clones } = clonesOfOneRemote('bob');
    const { bob } = clones;
    git(bob, ['checkout', '-q', '-b', 'feature'], env);
    commitFile(bob, env, 'f.txt', 'f\n', 'bob: feature work');
    git(bob, ['checkout', '-q', 'main'], env);
    git(bob, ['branch', 'old'], env);
    commitFile(bob, env, 'm.txt', 'm\n', 'bob: main work');
    const cmd = 'for b in feature old; do git merge --no-edit "$b"; done';
    const out = sh(bob, cmd, env);
    expect(out).toMatch(/Merge made by[^]*Already up to date/);
    expect(mergedRefs(cmd, out)).toBeDefined();
  });

  it("`git merge feature && git -c pull.rebase=false pull`: the pull's fast-forward is not the merge's", () => {
    const { env, clones } = clonesOfOneRemote('alice', 'bob');
    const { alice, bob } = clones;
    git(bob, ['branch', 'feature'], env); // already in main: its merge is up to date
    commitFile(alice, env, 'a.txt', 'a\n', 'alice: add a');
    git(alice, ['push', '-q', 'origin', 'main'], env);
    const cmd = 'git merge feature && git -c pull.rebase=false pull';
    const out = sh(bob, cmd, env);
    expect(out).toMatch(/Already up to date[^]*Updating /);
    expect(mergedRefs(cmd, out)).toBeUndefined();
    expect(trailOf(cmd, out).filter((t) => t.includes('merged feature'))).toEqual([]);
  });
});
