// Review of a104d96/ef9b582: the SessionStart prompt names the earlier agent's rules file that the
// new agent does not load. Cases where the line is false, and a rules "file" that stops the hook.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherAgentsRules } from '../../src/resume/other-rules.js';
import { BIN, claudeAssistant, cli, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const folder = (files: Record<string, string>): string => {
  const dir = tempDir('gs-rules-review-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

describe("the other agent's rules (review)", () => {
  it('are not named when the file the new agent loads is the same file (a symlink, a hard link)', () => {
    // `ln -s AGENTS.md CLAUDE.md`: the usual way to give both agents one set of rules.
    const a = folder({ 'AGENTS.md': '- Run make check before a commit.\n' });
    symlinkSync('AGENTS.md', join(a, 'CLAUDE.md'));
    expect(otherAgentsRules(a, 'codex', 'claude-code')).toBeUndefined();
    const b = folder({ 'CLAUDE.md': 'Use pnpm.\n' });
    symlinkSync('CLAUDE.md', join(b, 'AGENTS.md'));
    expect(otherAgentsRules(b, 'claude-code', 'codex')).toBeUndefined();
    const c = folder({ 'AGENTS.md': 'Use pnpm.\n' });
    linkSync(join(c, 'AGENTS.md'), join(c, 'CLAUDE.md'));
    expect(otherAgentsRules(c, 'codex', 'claude-code')).toBeUndefined();
  });

  it('say Codex loads only the file it loads: AGENTS.override.md wins over AGENTS.md in one folder', () => {
    const line = otherAgentsRules(folder({ 'AGENTS.override.md': 'Release freeze: no merges.', 'AGENTS.md': 'Use pnpm.' }), 'codex', 'claude-code');
    expect(line).not.toContain('AGENTS.override.md and AGENTS.md');
  });

  it("are not said to be unread by Codex when Codex's config loads CLAUDE.md (project_doc_fallback_filenames)", () => {
    const env = isolatedEnv();
    mkdirSync(env.CODEX_HOME!, { recursive: true });
    writeFileSync(join(env.CODEX_HOME!, 'config.toml'), 'project_doc_fallback_filenames = ["CLAUDE.md"]\n');
    const saved = { ...process.env };
    Object.assign(process.env, { CODEX_HOME: env.CODEX_HOME, HOME: env.HOME });
    try {
      expect(otherAgentsRules(folder({ 'CLAUDE.md': 'Use pnpm.' }), 'claude-code', 'codex')).toBeUndefined();
    } finally {
      process.env = saved;
    }
  });

  it('a rules file that is not a regular file (a FIFO) does not stop the SessionStart hook', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const rollout = writeJsonl(join(env.CODEX_HOME!, 'sessions/2026/12/06/rollout-2026-12-06T08-00-00-cx-9.jsonl'), [
      { timestamp: new Date().toISOString(), type: 'session_meta', payload: { id: 'cx-9', cwd: repo, cli_version: '0.171.0' } },
      { timestamp: new Date().toISOString(), type: 'turn_context', payload: { model: 'gpt-5.5', cwd: repo } },
      { timestamp: new Date().toISOString(), type: 'event_msg', payload: { type: 'user_message', message: 'make the importer idempotent' } },
    ]);
    expect(cli(['save', '--no-llm', '-t', rollout], { cwd: repo, env }).status).toBe(0);
    // A checkout can hold AGENTS.md -> /dev/zero (a symlink git stores); a FIFO blocks the same way without eating memory.
    expect(spawnSync('mkfifo', [join(repo, 'AGENTS.md')]).status).toBe(0);
    const sessionId = '5b0c6f7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
    const transcript = writeJsonl(join(env.HOME!, '.claude', 'projects', 'x', `${sessionId}.jsonl`), [
      claudeAssistant({ id: 'm1', tokens: 1000, sessionId, cwd: repo, content: [{ type: 'text', text: 'Hello.' }] }),
    ]);
    const input = JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: repo, session_id: sessionId, transcript_path: transcript });
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'hook', 'session-start'], { cwd: repo, env, input, encoding: 'utf8', timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.additionalContext).toContain('You are resuming');
  }, 30_000);
});
