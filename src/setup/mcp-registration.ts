/**
 * The project's .mcp.json entry for git-session, checked the way Claude Code uses it: the file
 * read as strict JSON (Claude Code rejects comments), the entry's command started with its args
 * in the repository with the user's PATH, and the MCP initialize handshake completed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { mcpApproval } from '../agents/claude-code/mcp-approval.js';
import { MCP_SERVER_NAME } from './mcp.js';
import { packageVersion } from '../paths.js';
import { clip } from '../log/events.js';

export interface RegistrationCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

const REINSTALL = 'delete the "git-session" entry from .mcp.json and run `git session install --mcp`';
/** One line of at most `max` characters and the ellipsis. */
const oneLine = (s: string, max = 200): string => clip(s, max + 1);

/** `${VAR}` and `${VAR:-default}` expanded as Claude Code expands them in .mcp.json. */
const expand = (s: string, env: NodeJS.ProcessEnv): string =>
  s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt?: string) => env[name] ?? dflt ?? '');

/**
 * Starts `command args` in `cwd` and asks it to initialize, as an MCP client does; the answer
 * within `timeoutMs`, or why there was none. The server is stopped either way.
 */
export function probeServer(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<{ ok: boolean; detail: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const finish = (ok: boolean, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      done({ ok, detail });
    };
    const timer = setTimeout(() => finish(false, `started, but did not answer the MCP initialize request within ${timeoutMs / 1000}s`), timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(false, e.code === 'ENOENT' ? `${JSON.stringify(command)} was not found (cwd ${cwd}, your PATH)` : `could not be started: ${oneLine(e.message)}`),
    );
    child.stdin.on('error', () => {});
    child.stderr.on('data', (d) => (err = (err + d).slice(0, 4096)));
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-1_000_000);
      for (const line of out.split('\n').slice(0, -1)) {
        let msg: { id?: unknown; result?: { serverInfo?: { name?: string; version?: string } }; error?: { message?: string } };
        try {
          msg = JSON.parse(line);
        } catch {
          return finish(false, `wrote something other than MCP messages to stdout: ${oneLine(line, 120)}`);
        }
        if (msg.id !== 1) continue;
        const info = msg.result?.serverInfo;
        return info
          ? finish(true, `${info.name ?? 'a server'} ${info.version ?? ''} answered the MCP initialize request`.replace(/ +/g, ' '))
          : finish(false, `refused the MCP initialize request: ${oneLine(msg.error?.message ?? JSON.stringify(msg))}`);
      }
    });
    child.on('exit', (code, signal) =>
      finish(
        false,
        `exited (${signal ?? `code ${code}`}) before answering the MCP initialize request${err.trim() || out.trim() ? `: ${oneLine(err.trim() || out.trim())}` : ''}`,
      ),
    );
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'git-session-doctor', version: packageVersion() } },
    };
    child.stdin.write(`${JSON.stringify(init)}\n`);
  });
}

/** The server entries of .mcp.json text as Claude Code reads it, or why it cannot. */
function readMcpJson(text: string): { servers?: Record<string, unknown>; problem?: string; fix?: string } {
  try {
    const v = JSON.parse(text) as { mcpServers?: unknown };
    const servers = v && typeof v === 'object' ? v.mcpServers : undefined;
    if (servers !== undefined && (!servers || typeof servers !== 'object' || Array.isArray(servers)))
      return { problem: '"mcpServers" is not an object', fix: 'make "mcpServers" an object of server entries' };
    return { servers: (servers ?? {}) as Record<string, unknown> };
  } catch (e) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: true });
    if (!errors.length)
      return {
        problem: 'is JSON with comments or trailing commas, which Claude Code rejects: it loads none of its servers',
        fix: 'remove the comments and trailing commas from .mcp.json (plain JSON only)',
      };
    return {
      problem: `is not valid JSON (${oneLine((e as Error).message, 120)}): Claude Code loads none of its servers`,
      fix: 'fix the JSON syntax of .mcp.json',
    };
  }
}

/** The checks of the project's MCP registration; none when the project has no .mcp.json. */
export async function registrationChecks(root: string, env = process.env): Promise<RegistrationCheck[]> {
  const file = join(root, '.mcp.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const { servers, problem, fix } = readMcpJson(text);
  if (!servers) return [{ name: 'MCP server', status: 'fail', detail: `${file} ${problem}`, fix }];
  const entry = servers[MCP_SERVER_NAME] as { type?: unknown; command?: unknown; args?: unknown; env?: unknown } | undefined;
  if (!entry) return [{ name: 'MCP server', status: 'warn', detail: `not in ${file}`, fix: 'git session install --mcp' }];
  const checks: RegistrationCheck[] = [];
  const args = entry.args ?? [];
  if (typeof entry.command !== 'string' || !Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    checks.push({
      name: 'MCP server',
      status: 'fail',
      detail: `the "git-session" entry in ${file} has no string "command" (and "args" as a list of strings)`,
      fix: REINSTALL,
    });
  } else if (entry.type !== undefined && entry.type !== 'stdio') {
    checks.push({
      name: 'MCP server',
      status: 'fail',
      detail: `the "git-session" entry in ${file} is of type ${JSON.stringify(entry.type)}; git-session serves over stdio`,
      fix: REINSTALL,
    });
  } else {
    const extra =
      entry.env && typeof entry.env === 'object'
        ? Object.fromEntries(Object.entries(entry.env as Record<string, unknown>).map(([k, v]) => [k, expand(String(v), env)]))
        : {};
    const command = expand(entry.command, env);
    const argv = (args as string[]).map((a) => expand(a, env));
    const shown = [command, ...argv].join(' ');
    const probe = await probeServer(command, argv, root, { ...env, ...extra });
    const notOnPath = !probe.ok && command === 'git-session' && probe.detail.includes('was not found');
    checks.push({
      name: 'MCP server',
      status: probe.ok ? 'ok' : 'fail',
      detail: `${shown} (${file}): ${notOnPath ? 'git-session is not on your PATH, so Claude Code cannot start it' : probe.detail}`,
      fix: probe.ok
        ? undefined
        : notOnPath
          ? 'npm install -g in the git-session checkout, or delete the entry and run `git session install --mcp` (it registers this install by its absolute path)'
          : `make the entry run \`git-session mcp\`: ${REINSTALL}`,
    });
  }
  const approval = mcpApproval(root, MCP_SERVER_NAME, env);
  checks.push(
    approval.state === 'approved'
      ? { name: 'MCP server approved', status: 'ok', detail: `yes, in ${approval.detail}` }
      : approval.state === 'rejected'
        ? {
            name: 'MCP server approved',
            status: 'fail',
            detail: `no: Claude Code was told not to start it (disabledMcpjsonServers in ${approval.detail})`,
            fix: 'remove "git-session" from disabledMcpjsonServers there, or approve it with /mcp in Claude Code',
          }
        : {
            name: 'MCP server approved',
            status: 'warn',
            detail: `pending approval in Claude Code: ${approval.detail}`,
            fix: 'start `claude` here and approve the git-session server when it asks (or with /mcp), or add "enabledMcpjsonServers": ["git-session"] to ~/.claude/settings.json',
          },
  );
  return checks;
}
