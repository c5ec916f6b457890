/** How git-session's installed hooks and servers are recognised and started. */
import { spawnSync } from 'node:child_process';
import { cliPath } from '../paths.js';

/** Ends every hook command git-session installs: how install, uninstall and doctor recognise them. */
export const MARK = '# git-session';

export const shq = (s: string): string => (/^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** How agent hooks call git-session: the bare name when it is on PATH, else this install's absolute path. */
export function cliCommand(env = process.env): string {
  const onPath = spawnSync('sh', ['-c', 'command -v git-session'], { env, encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return 'git-session';
  return `${shq(process.execPath)} ${shq(cliPath())}`;
}
