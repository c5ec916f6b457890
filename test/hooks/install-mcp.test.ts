import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { cli, isolatedEnv, tempRepo } from '../helpers.js';

const THEIRS = `{
  // the team's servers
  "mcpServers": {
    "github": { "command": "github-mcp-server", "args": ["stdio"] }, // read-only token
  },
}
`;

describe('install --mcp', () => {
  it('creates .mcp.json when there is none, registers a command that starts the server, and uninstall removes the file', async () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const r = cli(['install', '--mcp', '--json'], { cwd: repo, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).actions.join('\n')).toContain('registered the git-session MCP server');
    const entry = JSON.parse(readFileSync(join(repo, '.mcp.json'), 'utf8')).mcpServers['git-session'];
    expect(entry).toMatchObject({ type: 'stdio', args: expect.arrayContaining(['mcp']) });
    // Only .mcp.json: no hooks, no Claude settings.
    expect(existsSync(join(repo, '.claude'))).toBe(false);
    // The registered command really serves.
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: entry.command, args: entry.args, cwd: repo, env: env as Record<string, string>, stderr: 'ignore' }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('session_recall');
    await client.close();
    expect(cli(['install', '--mcp'], { cwd: repo, env }).stdout).toContain('already registered');
    expect(cli(['uninstall'], { cwd: repo, env }).stdout).toContain('removed the git-session MCP server');
    expect(existsSync(join(repo, '.mcp.json'))).toBe(false);
  });

  it('merges with the servers there, comments kept, and uninstall restores the file byte for byte', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, '.mcp.json'), THEIRS);
    expect(cli(['install', '--mcp'], { cwd: repo, env }).status).toBe(0);
    const text = readFileSync(join(repo, '.mcp.json'), 'utf8');
    expect(text).toContain("// the team's servers");
    expect(text).toContain('// read-only token');
    expect(Object.keys(parse(text).mcpServers)).toEqual(['github', 'git-session']);
    expect(cli(['uninstall'], { cwd: repo, env }).status).toBe(0);
    expect(readFileSync(join(repo, '.mcp.json'), 'utf8')).toBe(THEIRS);
  });

  it('install --mcp says that Claude Code rejects a .mcp.json with comments, and is quiet about a plain one', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, '.mcp.json'), THEIRS);
    const r = cli(['install', '--mcp'], { cwd: repo, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/has comments or trailing commas .* Claude Code rejects such a file/);
    cli(['uninstall'], { cwd: repo, env });
    writeFileSync(join(repo, '.mcp.json'), JSON.stringify(parse(THEIRS), null, 2));
    const plain = cli(['install', '--mcp'], { cwd: repo, env });
    expect(plain.stdout).toContain('registered the git-session MCP server');
    expect(plain.stdout).not.toContain('Claude Code rejects');
  });

  it('after the user edited the file, uninstall takes out only its own entry', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, '.mcp.json'), THEIRS);
    cli(['install', '--mcp'], { cwd: repo, env });
    const edited = readFileSync(join(repo, '.mcp.json'), 'utf8').replace('"github":', '"docs": { "command": "docs-mcp" },\n    "github":');
    writeFileSync(join(repo, '.mcp.json'), edited);
    cli(['uninstall'], { cwd: repo, env });
    const after = readFileSync(join(repo, '.mcp.json'), 'utf8');
    expect(Object.keys(parse(after).mcpServers)).toEqual(['docs', 'github']);
    expect(after).toContain('// read-only token');
  });

  it('uninstall leaves a git-session entry the user changed, and says so', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, '.mcp.json'), THEIRS);
    cli(['install', '--mcp'], { cwd: repo, env });
    const edited = readFileSync(join(repo, '.mcp.json'), 'utf8').replace('"type": "stdio",', '"type": "stdio",\n      "env": { "GIT_SESSION_DEBUG": "1" },');
    expect(edited).toContain('GIT_SESSION_DEBUG');
    writeFileSync(join(repo, '.mcp.json'), edited);
    const r = cli(['uninstall'], { cwd: repo, env });
    expect(r.stdout).toContain('left the "git-session" entry');
    expect(r.stdout).not.toContain('removed the git-session MCP server');
    expect(readFileSync(join(repo, '.mcp.json'), 'utf8')).toBe(edited);
  });

  it('uninstall deletes the .mcp.json install created even after the user reformatted it, instead of leaving {}', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    cli(['install', '--mcp'], { cwd: repo, env });
    const path = join(repo, '.mcp.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))));
    const r = cli(['uninstall'], { cwd: repo, env });
    expect(r.stdout).toContain('removed the git-session MCP server');
    expect(existsSync(path)).toBe(false);
  });

  it('uninstall after the user deleted .mcp.json says it is gone, not that it removed anything', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    cli(['install', '--mcp'], { cwd: repo, env });
    rmSync(join(repo, '.mcp.json'));
    const r = cli(['uninstall', '--json'], { cwd: repo, env });
    expect(r.status).toBe(0);
    const actions = JSON.parse(r.stdout).actions.join('\n');
    expect(actions).toContain('.mcp.json is already gone');
    expect(actions).not.toMatch(/removed the git-session MCP server/);
    expect(existsSync(join(repo, '.mcp.json'))).toBe(false);
    // The record is done with: a second uninstall has nothing to do.
    expect(cli(['uninstall'], { cwd: repo, env }).stdout).toContain('nothing to uninstall');
  });

  it('leaves a file that is not JSON alone and says how to fix it', () => {
    const env = isolatedEnv();
    const repo = tempRepo(env);
    writeFileSync(join(repo, '.mcp.json'), '{ "mcpServers": ');
    const r = cli(['install', '--mcp'], { cwd: repo, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not valid JSON');
    expect(r.stderr).toContain('install --mcp');
    expect(readFileSync(join(repo, '.mcp.json'), 'utf8')).toBe('{ "mcpServers": ');
  });
});
