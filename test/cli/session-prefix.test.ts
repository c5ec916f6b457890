/** A session prefix that several sessions share names none of them: refused, with the candidates. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentLogDir, claudeAssistant, cli, isolatedEnv, tempRepo, writeJsonl } from '../helpers.js';

const ONE = 'feat-one-2b1e-4c2a-9a0f-000000000001';
const TWO = 'feat-two-2b1e-4c2a-9a0f-000000000002';

function twoSessions() {
  const env = isolatedEnv();
  const repo = tempRepo(env);
  for (const [id, ask] of [
    [ONE, 'Port the parser to streams'],
    [TWO, 'Write the release notes'],
  ] as const) {
    const transcript = writeJsonl(join(agentLogDir(env), `${id}.jsonl`), [
      { type: 'user', sessionId: id, cwd: repo, uuid: 'u1', timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content: ask } },
      claudeAssistant({ id: `m-${id}`, tokens: 60_000, sessionId: id, cwd: repo }),
    ]);
    expect(cli(['save', '--transcript', transcript], { cwd: repo, env }).status).toBe(0);
  }
  return { env, repo };
}

describe('ambiguous session prefixes', () => {
  it('resume -s, show and log --chain --session refuse a shared prefix and list both sessions; a unique prefix works', () => {
    const { env, repo } = twoSessions();
    for (const args of [
      ['resume', '-s', 'f'],
      ['resume', '-s', 'feat-'],
      ['show', 'feat'],
      ['show', '--session', 'f'],
      ['log', '--chain', '--session', 'f'],
    ]) {
      const r = cli(args, { cwd: repo, env });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/is ambiguous: 2 sessions start with it/);
      expect(r.stderr).toContain(ONE);
      expect(r.stderr).toContain(TWO);
      expect(r.stdout).toBe('');
    }
    expect(JSON.parse(cli(['resume', '-s', 'feat-o', '--json'], { cwd: repo, env }).stdout).session_id).toBe(ONE);
    expect(JSON.parse(cli(['show', '--json', 'feat-t'], { cwd: repo, env }).stdout).session_id).toBe(TWO);
  });
});
