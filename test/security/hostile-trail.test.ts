// A trail written by someone who can push: whatever its chunks hold, recall prints nothing raw,
// stays within its byte budget and reads a bounded amount.
import { describe, expect, it } from 'vitest';
import { clonesOfOneRemote, cli, git } from '../helpers.js';
import { manifestPath } from '../../src/store/session-store.js';
import { SAMPLE, forge, fsckProblems, manifestTemplate } from './forge.js';

describe('a pushed trail', () => {
  it('with escape sequences, junk lines and a 100 KB entry: recall of that session is clean, bounded and does not fail', () => {
    const { env, clones } = clonesOfOneRemote('victim', 'mallory');
    const { victim, mallory } = clones;
    expect(cli(['save', '-t', SAMPLE], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: victim, env }).status).toBe(0);
    expect(cli(['sync'], { cwd: mallory, env }).status).toBe(0);
    const m = manifestTemplate(mallory, env);
    m.session_metadata.session_id = 'mallory-1';
    m.session_metadata.timestamp = new Date(Date.now() - 60_000).toISOString();
    const dir = manifestPath('mallory-1').replace(/manifest\.json$/, '');
    const nasty = {
      text: 'npm test \u001b[2J\u001b]0;pwned\u0007 failed \u202eevil',
      at: '2026-01-01T00:00:00Z',
      outcome: 'failed',
      error: 'Error: \u001b[31mboom\u001b[0m \u0000\u0008',
    };
    forge(
      mallory,
      env,
      {
        [`${dir}manifest.json`]: JSON.stringify(m),
        [`${dir}trail/commands/0000.jsonl`]: [
          JSON.stringify(nasty),
          'not json {',
          '{"text": 42}',
          JSON.stringify({ text: 'x'.repeat(100_000), outcome: 'ok' }),
          '',
        ].join('\n'),
      },
      { message: 'session mallory-1: snapshot\n\nSession-Id: mallory-1\n' },
    );

    const s = cli(['sync', '--json'], { cwd: victim, env });
    expect(s.status, s.stderr).toBe(0);
    expect(fsckProblems(victim, env)).toBe('');

    const r = cli(['recall', 'what', 'failed', 'in', 'npm', 'test', '-s', 'mallory-1'], { cwd: victim, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(2048 + 256);
    const json = JSON.parse(cli(['recall', 'npm', 'test', '-s', 'mallory-1', '--json'], { cwd: victim, env }).stdout);
    expect(JSON.stringify(json)).not.toMatch(/\\u001b|\\u0007|\\u202e/);
    // The victim's own session is untouched.
    expect(git(victim, ['cat-file', '-t', 'refs/agentflow/sessions'], env)).toBe('commit');
  });
});
