/**
 * doctor and the project's .mcp.json: the registered command is started as Claude Code starts
 * it and must complete the MCP handshake; the file must be JSON Claude Code accepts; and whether
 * the user approved the server is said, from the files Claude Code takes approvals from.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, isolatedEnv, tempRepo } from '../helpers.js';

const check = (r: { stdout: string }, name: string) => JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === name);

function repoWith(mcpJson: string | object, env = isolatedEnv()) {
  const repo = tempRepo(env);
  writeFileSync(join(repo, '.mcp.json'), typeof mcpJson === 'string' ? mcpJson : JSON.stringify(mcpJson, null, 2));
  return { env, repo };
}
const entry = (command: string, args: string[]) => ({ mcpServers: { 'git-session': { type: 'stdio', command, args } } });

describe('doctor checks the MCP server the way Claude Code starts it', () => {
  it('an entry that starts the server passes: the handshake is completed', () => {
    const { env, repo } = repoWith(entry(process.execPath, [BIN, 'mcp']));
    const r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(check(r, 'MCP server')).toMatchObject({ status: 'ok', detail: expect.stringContaining('git-session 0.1.0 answered the MCP initialize request') });
    expect(r.status).toBe(0);
  });

  const broken: Array<[string, string | object, RegExp, RegExp]> = [
    ['a command that does not exist', entry('no-such-mcp-server-xyz', ['mcp']), /"no-such-mcp-server-xyz" was not found/, /git session install --mcp/],
    [
      'the wrong subcommand (status instead of mcp)',
      entry(process.execPath, [BIN, 'status']),
      /exited \(code \d+\) before answering the MCP initialize request/,
      /git-session mcp/,
    ],
    ['invalid JSON', '{ "mcpServers": ', /is not valid JSON/, /fix the JSON syntax/],
    [
      'JSON with comments',
      `{\n  // ours\n  "mcpServers": ${JSON.stringify(entry(process.execPath, [BIN, 'mcp']).mcpServers)}\n}\n`,
      /JSON with comments or trailing commas, which Claude Code rejects/,
      /plain JSON only/,
    ],
    ['a bare git-session that is not on PATH', entry('git-session', ['mcp']), /git-session is not on your PATH/, /npm install -g|absolute path/],
  ];
  for (const [what, file, detail, fix] of broken) {
    it(`${what}: a failure with its fix, and a non-zero exit`, () => {
      const { env, repo } = repoWith(file);
      const r = cli(['doctor', '--json'], { cwd: repo, env });
      const c = check(r, 'MCP server');
      expect(c.status).toBe('fail');
      expect(c.detail).toMatch(detail);
      expect(c.fix).toMatch(fix);
      expect(r.status).toBe(1);
      const human = cli(['doctor'], { cwd: repo, env });
      expect(human.stdout).toMatch(/✗ MCP server/);
      expect(human.status).toBe(1);
    });
  }

  it('says whether the project server was approved, only from the places Claude Code takes approvals from', () => {
    const env = isolatedEnv();
    delete env.CLAUDE_CONFIG_DIR;
    const { repo } = repoWith(entry(process.execPath, [BIN, 'mcp']), env);
    const approval = () => check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server approved');
    expect(approval()).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('pending approval'),
      fix: expect.stringContaining('enabledMcpjsonServers'),
    });
    // The project's own settings do not count.
    mkdirSync(join(repo, '.claude'), { recursive: true });
    writeFileSync(join(repo, '.claude', 'settings.json'), JSON.stringify({ enabledMcpjsonServers: ['git-session'] }));
    writeFileSync(join(repo, '.claude', 'settings.local.json'), JSON.stringify({ enableAllProjectMcpServers: true }));
    expect(approval()).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/pending approval.*does not take approvals from a project's own settings/),
    });
    // ~/.claude.json, under the project.
    const state = join(env.HOME!, '.claude.json');
    writeFileSync(state, JSON.stringify({ projects: { [repo]: { enabledMcpjsonServers: ['git-session'] } } }));
    expect(approval()).toMatchObject({ status: 'ok', detail: expect.stringContaining(state) });
    writeFileSync(state, JSON.stringify({ projects: { [repo]: { disabledMcpjsonServers: ['git-session'] } } }));
    expect(approval()).toMatchObject({ status: 'fail' });
    // User settings.
    const user = join(env.HOME!, '.claude', 'settings.json');
    mkdirSync(dirname(user), { recursive: true });
    writeFileSync(user, JSON.stringify({ enableAllProjectMcpServers: true }));
    expect(approval()).toMatchObject({ status: 'ok', detail: expect.stringContaining(user) });
  });

  it('without an .mcp.json there is no MCP check and nothing is started', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['doctor', '--json'], { cwd: repo, env });
    expect(JSON.parse(r.stdout).checks.map((c: { name: string }) => c.name)).not.toContain('MCP server');
    // The same repository with an entry gets the check (so its absence above means something).
    writeFileSync(join(repo, '.mcp.json'), JSON.stringify(entry(process.execPath, [BIN, 'mcp'])));
    expect(check(cli(['doctor', '--json'], { cwd: repo, env }), 'MCP server').status).toBe('ok');
  });
});
