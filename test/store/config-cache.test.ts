import { chmodSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedAgentflowConfig } from '../../src/store/config-cache.js';
import { openRepo } from '../../src/store/git.js';
import { git, isolatedEnv, tempDir, tempRepo } from '../helpers.js';

/** A repository, its environment with a `git` on PATH that counts its runs (and runs git), and the count. */
function counted() {
  const env = isolatedEnv();
  const bin = tempDir('gs-gitcount-');
  const log = join(bin, 'runs');
  writeFileSync(log, '');
  const real = (env.PATH ?? '')
    .split(':')
    .map((d) => join(d, 'git'))
    .find((f) => existsSync(f))!;
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const repo = tempRepo(env);
  const counting = { ...env, PATH: `${bin}:${env.PATH}` };
  const runs = (): number => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  return { env, counting, repo, runs };
}

/** Dates the files back past the racy window, as config written a while ago is. */
const settle = (...files: string[]): void => {
  const past = new Date(Date.now() - 60_000);
  for (const f of files) if (existsSync(f)) utimesSync(f, past, past);
};

describe('the agentflow.* values of git config, cached', () => {
  it('reads git once, then not while nothing changed; a change of the repository config is seen at once', () => {
    const { env, counting, repo, runs } = counted();
    git(repo, ['config', 'agentflow.threshold', '0.5'], env);
    settle(join(repo, '.git', 'config'), env.GIT_CONFIG_GLOBAL!);
    const r = openRepo(repo);
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBe('0.5');
    expect(runs()).toBe(1);
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBe('0.5');
    expect(runs()).toBe(1);
    git(repo, ['config', 'agentflow.threshold', '0.6'], env);
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBe('0.6');
    expect(runs()).toBe(2);
  });

  it('sees a change of a file an include names, of the global config and of the worktree config', () => {
    const { env, counting, repo, runs } = counted();
    const inc = join(tempDir(), 'team.inc');
    writeFileSync(inc, '[agentflow]\n\tthreshold = 0.7\n');
    // Named by an include but empty for now: no value of git's output comes from it.
    const later = join(tempDir(), 'later.inc');
    writeFileSync(later, '');
    git(repo, ['config', 'include.path', inc], env);
    git(repo, ['config', '--add', 'include.path', later], env);
    git(repo, ['config', 'extensions.worktreeConfig', 'true'], env);
    git(repo, ['config', '--worktree', 'agentflow.interval', '30m'], env);
    writeFileSync(env.GIT_CONFIG_GLOBAL!, '[agentflow]\n\tcontextLimit = 1M\n');
    const files = [inc, later, env.GIT_CONFIG_GLOBAL!, join(repo, '.git', 'config'), join(repo, '.git', 'config.worktree')];
    settle(...files);
    const r = openRepo(repo);
    const read = () => Object.fromEntries([...cachedAgentflowConfig(r, counting)].filter(([k]) => k.startsWith('agentflow.')));
    expect(read()).toEqual({ 'agentflow.threshold': '0.7', 'agentflow.interval': '30m', 'agentflow.contextlimit': '1M' });
    expect(read()).toEqual({ 'agentflow.threshold': '0.7', 'agentflow.interval': '30m', 'agentflow.contextlimit': '1M' });
    // The keys a commit's identity depends on are kept with them (identity.ts); no other key is.
    expect([...cachedAgentflowConfig(r, counting).keys()].filter((k) => !k.startsWith('agentflow.')).sort()).toEqual(['user.email', 'user.name']);
    expect(runs()).toBe(1);
    writeFileSync(later, '[agentflow]\n\tmodel = m\n');
    expect(read()['agentflow.model']).toBe('m');
    // The same size, written in place: the stamp still changes.
    writeFileSync(inc, '[agentflow]\n\tthreshold = 0.8\n');
    expect(read()['agentflow.threshold']).toBe('0.8');
    writeFileSync(env.GIT_CONFIG_GLOBAL!, '[agentflow]\n\tcontextLimit = 2M\n');
    expect(read()['agentflow.contextlimit']).toBe('2M');
    git(repo, ['config', '--worktree', 'agentflow.interval', '45m'], env);
    expect(read()['agentflow.interval']).toBe('45m');
    expect(runs()).toBe(5);
  });

  it('sees values given in the environment (git -c, GIT_CONFIG_COUNT)', () => {
    const { counting, repo, runs } = counted();
    settle(join(repo, '.git', 'config'));
    const r = openRepo(repo);
    const withValue = (v: string) => ({ ...counting, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'agentflow.threshold', GIT_CONFIG_VALUE_0: v });
    expect(cachedAgentflowConfig(r, withValue('0.3')).get('agentflow.threshold')).toBe('0.3');
    expect(cachedAgentflowConfig(r, withValue('0.4')).get('agentflow.threshold')).toBe('0.4');
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBeUndefined();
    expect(runs()).toBe(3);
  });

  it('asks git every time when an include depends on the branch', () => {
    const { env, counting, repo, runs } = counted();
    const inc = join(tempDir(), 'main.inc');
    writeFileSync(inc, '[agentflow]\n\tthreshold = 0.9\n');
    git(repo, ['config', 'includeIf.onbranch:main.path', inc], env);
    settle(inc, join(repo, '.git', 'config'));
    const r = openRepo(repo);
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBe('0.9');
    git(repo, ['checkout', '-q', '-b', 'topic'], env);
    expect(cachedAgentflowConfig(r, counting).get('agentflow.threshold')).toBeUndefined();
    expect(runs()).toBe(2);
  });
});
