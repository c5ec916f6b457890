/** Commands rendered in process through the injected output (cli/output.ts), no node spawned. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as config } from '../../src/cli/commands/config.js';
import { run as log } from '../../src/cli/commands/log.js';
import { run as show } from '../../src/cli/commands/show.js';
import { PROJECT, cli, git, isolatedEnv, runInProcess, tempRepo } from '../helpers.js';

const SAMPLE = join(PROJECT, 'examples', 'sample-session.jsonl');

describe('a command writes through the output it is handed', () => {
  it('log and show print to the double, not to the process; colour only on a terminal', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect(cli(['save', '-q', '-t', SAMPLE], { cwd: repo, env }).status).toBe(0);
    const snapshot = git(repo, ['rev-parse', 'refs/agentflow/sessions'], env);

    const plain = await runInProcess(log, {}, [], repo);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(snapshot.slice(0, 10));
    expect(plain.stdout).not.toContain('\u001b[');
    const previous = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      expect((await runInProcess(log, {}, [], repo, true)).stdout).toContain(`\u001b[33m${snapshot.slice(0, 10)}\u001b[39m`);
    } finally {
      if (previous !== undefined) process.env.NO_COLOR = previous;
    }

    const json = await runInProcess(show, { json: true }, [], repo);
    expect(JSON.parse(json.stdout)).toMatchObject({ snapshot, manifest: { session_metadata: { agent: 'claude-code' } } });
  });

  it('errors and warnings go to the double’s stderr with the exit code the CLI would give', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    expect((await runInProcess(show, {}, ['no-such-snapshot'], repo)).stderr).toMatch(/^git-session: /);
    git(repo, ['config', 'agentflow.threshold', 'banana'], env);
    const r = await runInProcess(config, { json: true }, [], repo);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('git-session: warning:');
    expect(JSON.parse(r.stdout).problems.length).toBeGreaterThan(0);
  });
});
