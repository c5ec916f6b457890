// Review s45: `mergedRefs` (src/trail/git-said.ts) and the fast-forward's hash (src/trail/commits.ts)
// on the output of real `git pull && git merge …` runs, where the pull's own "Updating a..b" is not the merge's.
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

describe('review s45: a merge after a pull', () => {
  it('a pull that fast-forwards, then a merge already up to date: no merge of the branch', () => {
    const { env, clones } = clonesOfOneRemote('alice', 'bob');
    const { alice, bob } = clones;
    // bob's local branch `feature` is already in main (merged earlier): the merge will be up to date.
    git(bob, ['branch', 'feature'], env);
    // alice pushes a commit to main: bob's pull fast-forwards.
    commitFile(alice, env, 'a.txt', 'a\n', 'alice: add a');
    git(alice, ['push', '-q', 'origin', 'main'], env);
    const cmd = 'git pull --no-rebase && git merge feature';
    const out = sh(bob, cmd, { ...env, GIT_MERGE_AUTOEDIT: 'no' });
    expect(out).toMatch(/^Updating [0-9a-f]+\.\.[0-9a-f]+$/m);
    expect(out).toMatch(/Already up to date/);
    // The merge of `feature` made nothing: git said so. It is not a merge, nor a commit line.
    expect(mergedRefs(cmd, out)).toBeUndefined();
    expect(trailOf(cmd, out).filter((t) => t.includes('merged feature'))).toEqual([]);
  });

  it("a pull that fast-forwards, then a merge that fast-forwards: named by the merge's tip, not the pull's", () => {
    const { env, clones } = clonesOfOneRemote('alice', 'bob');
    const { alice, bob } = clones;
    commitFile(alice, env, 'a.txt', 'a\n', 'alice: add a');
    git(alice, ['push', '-q', 'origin', 'main'], env);
    // bob's branch `feature` starts where main will be after the pull, one commit ahead.
    git(bob, ['fetch', '-q', 'origin'], env);
    git(bob, ['checkout', '-q', '-b', 'feature', 'origin/main'], env);
    commitFile(bob, env, 'f.txt', 'f\n', 'bob: feature work');
    const featureTip = git(bob, ['rev-parse', '--short', 'HEAD'], env);
    const pulledTip = git(bob, ['rev-parse', '--short', 'origin/main'], env);
    git(bob, ['checkout', '-q', 'main'], env);
    const cmd = 'git pull --no-rebase && git merge feature';
    const out = sh(bob, cmd, env);
    expect(out.match(/^Updating /gm)).toHaveLength(2);
    const merges = trailOf(cmd, out).filter((t) => t.includes('merged feature'));
    expect(merges).toHaveLength(1);
    // The commit merged is feature's tip; the pull's tip is another commit.
    expect(merges[0]).not.toContain(pulledTip);
    expect(merges[0]!.startsWith(featureTip)).toBe(true);
  });
});

// Review s45b (/work/review-s45b/findings.md, 8 to 10): every `git merge` of a command, git's options before it.
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
