import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, claudeAssistant, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

describe('git session watch', () => {
  it('prints level changes, saves at the threshold and on a level rise, once each, and stops with a summary on Ctrl-C', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const transcript = writeJsonl(join(tempDir('gs-watch-'), 'watch.jsonl'), [claudeAssistant({ id: 'm1', tokens: 50_000, sessionId: 'w1', cwd: repo })]);
    const child = spawn(process.execPath, [BIN, 'watch', '--json', '--interval', '0.2s', '-t', transcript], { cwd: repo, env });
    const events: any[] = [];
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) events.push(JSON.parse(l));
    });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 100));
      return pred();
    };
    expect(await until(() => events.some((e) => e.event === 'level' && e.level === 'NORMAL'))).toBe(true);
    appendFileSync(transcript, `${JSON.stringify(claudeAssistant({ id: 'm2', tokens: 165_000, sessionId: 'w1', cwd: repo }))}\n`);
    expect(await until(() => events.some((e) => e.event === 'saved'))).toBe(true);
    appendFileSync(transcript, `${JSON.stringify(claudeAssistant({ id: 'm3', tokens: 182_000, sessionId: 'w1', cwd: repo }))}\n`);
    expect(await until(() => events.some((e) => e.level === 'EMERGENCY'))).toBe(true);
    expect(await until(() => events.filter((e) => e.event === 'saved').length === 2)).toBe(true);
    const exit = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    // Saved at the threshold crossing and again on the rise to EMERGENCY, once each.
    expect(events.filter((e) => e.event === 'saved').map((e) => e.reason)).toEqual(['threshold', 'level EMERGENCY']);
    expect(events.at(-1)).toMatchObject({ event: 'stopped', saved: 2 });
    expect(git(repo, ['rev-list', '--count', 'refs/agentflow/sessions'], env)).toBe('2');

    // Watching again an unchanged transcript saves nothing more.
    const again = spawn(process.execPath, [BIN, 'watch', '--json', '--interval', '0.2s', '-t', transcript], { cwd: repo, env });
    let out = '';
    again.stdout.on('data', (d) => (out += d));
    // Its first reading decides (as the run above, which saved on the same kind of reading).
    expect(await until(() => out.includes('"event":"level"'))).toBe(true);
    const exit2 = new Promise<number | null>((r) => again.on('exit', r));
    again.kill('SIGINT');
    expect(await exit2).toBe(0);
    expect(out).not.toContain('"event":"saved"');
    expect(out).toMatch(/"event":"stopped".*"saved":0/);
    expect(git(repo, ['rev-list', '--count', 'refs/agentflow/sessions'], env)).toBe('2');
  }, 30_000);

  it('saves on the time trigger even for a session never saved before', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    git(repo, ['config', 'agentflow.interval', '1s'], env);
    const transcript = writeJsonl(join(tempDir('gs-watch-'), 'watch-t.jsonl'), [claudeAssistant({ id: 'm1', tokens: 20_000, sessionId: 'w2', cwd: repo })]);
    const child = spawn(process.execPath, [BIN, 'watch', '--json', '--interval', '0.3s', '-t', transcript], { cwd: repo, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 60 && !out.includes('"saved"'); i++) await new Promise((r) => setTimeout(r, 100));
    const exit = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out).toMatch(/"event":"saved","at":"[^"]+","reason":"interval"/);
  }, 30_000);
});

describe('watch stopped during its first check', () => {
  it('stops cleanly on Ctrl-C at any time, and a save in progress finishes first', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const transcript = writeJsonl(join(tempDir('gs-watch-'), 'watch-i.jsonl'), [claudeAssistant({ id: 'm1', tokens: 170_000, sessionId: 'w3', cwd: repo })]);
    const child = spawn(process.execPath, [BIN, 'watch', '--json', '--interval', '5s', '-t', transcript], { cwd: repo, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Up to 5 s for the first line: a loaded CI machine starts node slowly.
    for (let i = 0; i < 100 && !out.includes('"event":"watching"'); i++) await new Promise((r) => setTimeout(r, 50));
    const exit = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; saved?: number });
    expect(events.at(-1)).toMatchObject({ event: 'stopped' });
    // Whatever the first check had started is finished and counted.
    expect(events.filter((e) => e.event === 'saved').length).toBe(events.at(-1)!.saved);
  }, 30_000);
});
