// A line of work continued in the other agent: Claude Code loads CLAUDE.md and not AGENTS.md, Codex
// AGENTS.md and not CLAUDE.md. The SessionStart prompt names the earlier agent's rules file the new
// agent will not read by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloadAgent } from '../../src/hooks/payload.js';
import { otherAgentsRules } from '../../src/resume/other-rules.js';
import { claudeAssistant, cli, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const folder = (files: Record<string, string>): string => {
  const dir = tempDir('gs-rules-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

describe("the other agent's rules", () => {
  it('are named for Claude Code after Codex, and for Codex after Claude Code', () => {
    expect(otherAgentsRules(folder({ 'AGENTS.md': '- Run make check before a commit.' }), 'codex', 'claude-code')).toBe(
      "The earlier session was Codex's, which loads AGENTS.md by itself; Claude Code does not: read AGENTS.md for the project's rules before you start.",
    );
    expect(otherAgentsRules(folder({ 'CLAUDE.md': 'Use pnpm.', '.claude/CLAUDE.md': 'No force pushes.' }), 'claude-code', 'codex')).toBe(
      "The earlier session was Claude Code's, which loads CLAUDE.md and .claude/CLAUDE.md by itself; Codex does not: read CLAUDE.md and .claude/CLAUDE.md for the project's rules before you start.",
    );
  });

  it('are not named when the new agent loads them anyway, the agent is the same, or there are none', () => {
    // CLAUDE.md imports AGENTS.md (`@AGENTS.md`), or says to read it.
    expect(otherAgentsRules(folder({ 'AGENTS.md': 'rules', 'CLAUDE.md': '@AGENTS.md' }), 'codex', 'claude-code')).toBeUndefined();
    expect(otherAgentsRules(folder({ 'CLAUDE.md': 'rules', 'AGENTS.md': 'See CLAUDE.md for everything.' }), 'claude-code', 'codex')).toBeUndefined();
    expect(otherAgentsRules(folder({ 'AGENTS.md': 'rules' }), 'codex', 'codex')).toBeUndefined();
    expect(otherAgentsRules(folder({ 'README.md': 'hi' }), 'codex', 'claude-code')).toBeUndefined();
    // The new agent unknown (`git session resume` typed by a person): nothing said.
    expect(otherAgentsRules(folder({ 'AGENTS.md': 'rules' }), 'codex', undefined)).toBeUndefined();
  });

  it("an agent is known by the log its payload names, else by the payload's model", () => {
    expect(payloadAgent({ transcript_path: '/home/u/.codex/sessions/2026/12/06/rollout-2026-12-06T01-33-25-01a2.jsonl' })).toBe('codex');
    expect(payloadAgent({ transcript_path: '/home/u/.claude/projects/-home-u-app/00893aaf-1b2c.jsonl' })).toBe('claude-code');
    expect(payloadAgent({ transcript_path: null, model: 'gpt-5.5' })).toBe('codex');
    expect(payloadAgent({ model: 'claude-sonnet-4-6' })).toBe('claude-code');
    expect(payloadAgent({ transcript_path: '/tmp/notes.jsonl' })).toBeUndefined();
  });

  it("are in the prompt Claude Code's SessionStart hook gives after a Codex session", () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, 'AGENTS.md'), '# Rules\n- Never edit generated files under gen/.\n');
    git(repo, ['add', 'AGENTS.md'], env);
    git(repo, ['commit', '-q', '-m', 'rules'], env);
    const rollout = writeJsonl(join(env.CODEX_HOME!, 'sessions/2026/12/06/rollout-2026-12-06T08-00-00-cx-9.jsonl'), [
      { timestamp: new Date().toISOString(), type: 'session_meta', payload: { id: 'cx-9', cwd: repo, cli_version: '0.171.0' } },
      { timestamp: new Date().toISOString(), type: 'turn_context', payload: { model: 'gpt-5.5', cwd: repo } },
      // Codex gives the session the file before its first prompt: its rules are in the trail.
      {
        timestamp: new Date().toISOString(),
        type: 'response_item',
        payload: {
          type: 'message',
          role: 'user',
          content: [
            {
              type: 'input_text',
              text: `# AGENTS.md instructions for ${repo}\n\n<INSTRUCTIONS>\n# Rules\n- Never edit generated files under gen/.\n</INSTRUCTIONS>`,
            },
          ],
        },
      },
      { timestamp: new Date().toISOString(), type: 'event_msg', payload: { type: 'user_message', message: 'make the importer idempotent' } },
    ]);
    expect(cli(['save', '--no-llm', '-t', rollout], { cwd: repo, env }).status).toBe(0);
    const sessionId = '5b0c6f7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
    const transcript = writeJsonl(join(env.HOME!, '.claude', 'projects', 'x', `${sessionId}.jsonl`), [
      claudeAssistant({ id: 'm1', tokens: 1000, sessionId, cwd: repo, content: [{ type: 'text', text: 'Hello.' }] }),
    ]);
    const start = (payload: object) =>
      cli(['hook', 'session-start'], { cwd: repo, env, input: JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: repo, ...payload }) });
    const claude = JSON.parse(start({ session_id: sessionId, transcript_path: transcript }).stdout).hookSpecificOutput.additionalContext;
    expect(claude).toContain('read AGENTS.md for the project');
    // And the rules the session worked under, which Claude Code has not loaded.
    expect(claude).toContain('Rules of AGENTS.md the session worked under:\n- Never edit generated files under gen/.');
    // Codex itself loads AGENTS.md: nothing said.
    const codex = JSON.parse(start({ session_id: 'cx-10', transcript_path: rollout.replace('cx-9', 'cx-10') }).stdout).hookSpecificOutput.additionalContext;
    expect(codex).toContain('You are resuming');
    expect(codex).not.toContain('read AGENTS.md');
    // Nor its rules again: Codex gives the file to the new session.
    expect(codex).not.toContain('Never edit generated files');
  });
});
