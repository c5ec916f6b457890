/**
 * A line of work continued in the other agent: Claude Code loads CLAUDE.md and not AGENTS.md,
 * Codex AGENTS.md and not CLAUDE.md. The project's rules the earlier session followed are then
 * in a file the new agent does not read by itself, and its prompt says so.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, posix, relative, sep } from 'node:path';
import { isCodexMemory, isHookContext } from '../log/rules.js';

type Agent = 'claude-code' | 'codex';

/** A home folder's `.claude/CLAUDE.md` or `.claude/rules/…` (macOS, Linux, Windows, or written `~`). */
const USERS_CLAUDE = /^(?:~|\/Users\/[^/]+|\/home\/[^/]+|\/root|[A-Za-z]:\/Users\/[^/]+)\/\.claude\/(?:CLAUDE\.md|rules\/.+)$/;

/** The instruction files each agent loads by itself from the repository's root (Codex: the first of its list there). */
const LOADS: Record<Agent, string[]> = {
  'claude-code': ['CLAUDE.md', 'CLAUDE.local.md', join('.claude', 'CLAUDE.md')],
  codex: ['AGENTS.override.md', 'AGENTS.md'],
};
const NAMES: Record<Agent, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

/**
 * Whether `agent`, started in `cwd`, loads the instruction file at `path` (from the repository's
 * `root`) by itself: its rules need no repeating to it. Both read the files of the folders from the
 * root to where they run (Codex one a folder: AGENTS.override.md over AGENTS.md; what it gave a
 * session in a subfolder is recorded as that folder's AGENTS.md), Claude Code also .claude/CLAUDE.md
 * and .claude/rules/; Codex its memory summary.
 */
export function loadsItself(agent: string | undefined, path: string, root: string, cwd = root): boolean {
  if (agent !== 'claude-code' && agent !== 'codex') return false;
  const rel = path.replace(/\\/g, '/').replace(/^\.\//, '');
  // Its own memory: Codex's summary of the user (given before each first prompt); Claude Code's
  // rules folder (the project's) and the user's own (~/.claude: CLAUDE.md, rules/), not another repository's;
  // its SessionStart hooks, which give the new session their context again.
  if (agent === 'codex' && isCodexMemory(rel)) return true;
  if (agent === 'claude-code' && (rel === '.claude/CLAUDE.md' || rel.startsWith('.claude/rules/') || USERS_CLAUDE.test(rel) || isHookContext(rel))) return true;
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  const here = relative(root, cwd).split(sep).join('/');
  const onTheWay = dir === '' || (!here.startsWith('..') && (here === dir || here.startsWith(`${dir}/`)));
  const name = posix.basename(rel);
  if (!onTheWay || !LOADS[agent].includes(name)) return false;
  return !(agent === 'codex' && name === 'AGENTS.md' && found(join(root, dir), 'AGENTS.override.md'));
}

/** The most of a file read to see whether it names the other file (an `@AGENTS.md` import, "see CLAUDE.md"). */
const READ_MAX = 256 * 1024;

interface Found {
  name: string;
  text: string;
  /** Device and inode: a symlink or a hard link to the same file is the same file. */
  id: string;
}

/** A regular file (through links) at `root`/`name`, its first READ_MAX bytes: never a FIFO or a device a clone can link to. */
function found(root: string, name: string): Found | undefined {
  let fd: number | undefined;
  try {
    const path = join(root, name);
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(Math.min(st.size, READ_MAX));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return { name, text: buf.toString('utf8', 0, n), id: `${st.dev}:${st.ino}` };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file names Codex's config loads where AGENTS.md is missing (its `project_doc_fallback_filenames` line). */
function codexFallbacks(env: NodeJS.ProcessEnv): string {
  const home = env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex');
  const config = found(home, 'config.toml')?.text ?? '';
  return /^\s*project_doc_fallback_filenames\s*=.*$/m.exec(config)?.[0] ?? '';
}

/**
 * For a session of `to` that continues one of `from`: the line that names the earlier agent's
 * instruction file(s) at `root` which `to` does not load, unless a file it loads is the same file,
 * holds the same text or names it.
 */
export function otherAgentsRules(root: string, from: string, to: string | undefined, env = process.env): string | undefined {
  if (to !== 'claude-code' && to !== 'codex') return undefined;
  if ((from !== 'claude-code' && from !== 'codex') || from === to) return undefined;
  const present = LOADS[from].map((f) => found(root, f)).filter((f): f is Found => f !== undefined);
  // Codex reads one file a folder: AGENTS.override.md over AGENTS.md.
  const theirs = from === 'codex' ? present.slice(0, 1) : present;
  const loaded = LOADS[to].map((f) => found(root, f)).filter((f): f is Found => f !== undefined);
  const fallbacks = to === 'codex' ? codexFallbacks(env) : '';
  const unread = theirs.filter((t) => {
    const name = basename(t.name);
    return !loaded.some((l) => l.id === t.id || l.text === t.text || l.text.includes(name)) && !fallbacks.includes(name);
  });
  if (!unread.length) return undefined;
  const files = unread.map((f) => f.name).join(' and ');
  return `The earlier session was ${NAMES[from]}'s, which loads ${files} by itself; ${NAMES[to]} does not: read ${files} for the project's rules before you start.`;
}
