/**
 * `git config` and `git remote` read (a value, the list of remotes) or change the repository's
 * setup: `git config --global commit.gpgsign false`, `git remote add origin …`. Reading is looking
 * around; a change is work, kept in the trail and possibly the last thing the agent did.
 */
import { segments } from '../log/segments.js';

/** git's own options before its subcommand (`--no-pager`, `-C dir`, `--git-dir=…`): a command is read past them. */
export const GIT_OPTIONS =
  /^git\s+(?:(?:-C|-c|--git-dir|--work-tree|--namespace)\s+\S+\s+|(?:--git-dir|--work-tree|--namespace)=\S+\s+|(?:--no-pager|-P|-p|--paginate|--no-optional-locks|--literal-pathspecs|--no-replace-objects|--bare)\s+)+/;

/** Options of `git config` that take the next word as their value. */
const VALUED = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment', '--value', '--url']);
/** Options and subcommands (git 2.46: `git config set`) that write. */
const WRITES = /^(?:--(?:unset|unset-all|add|replace-all|rename-section|remove-section|edit)|-e|set|unset|rename-section|remove-section|edit)$/;
const READS = /^(?:get|list|get-all|get-regexp|get-urlmatch|get-color|get-colorbool)$/;
/** Options that make any `git config` a read, whatever words follow (`--get-urlmatch http.proxy URL`). */
const READ_OPTIONS = /^(?:--get(?:-[a-z]+)?|--list|-l|--show-origin|--show-scope|--name-only)$/;
const REMOTE_WRITES = /^(?:add|remove|rm|rename|set-url|set-head|set-branches|prune|update)$/;

/** True for a `git config` that sets, unsets or edits, or a `git remote` that adds, removes or changes a remote (a command without `-C`, wrappers unwrapped). */
export function changesGitSetup(command: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'git') return false;
  if (words[1] === 'remote') return REMOTE_WRITES.test(words.slice(2).find((w) => !w.startsWith('-')) ?? '');
  if (words[1] !== 'config') return false;
  const positional: string[] = [];
  for (let i = 2; i < words.length; i++) {
    const w = words[i]!;
    // The rest of the line: a pipe, a redirection, another command.
    if (/^(?:\||&&|\|\||;|&?\d?>)/.test(w)) break;
    if (READ_OPTIONS.test(w)) return false;
    if (WRITES.test(w) && (w.startsWith('-') || positional.length === 0)) return true;
    if (w.startsWith('-')) {
      if (VALUED.has(w)) i++;
      continue;
    }
    positional.push(w);
  }
  if (READS.test(positional[0] ?? '')) return false;
  // `git config key value`: set; `git config key`: read.
  return positional.length >= 2;
}

/** The parts of a command line that changed git's setup (`git -C x config --global commit.gpgsign false`), as written. */
export function setupChangesIn(command: string): string[] {
  if (!/\bgit\b/.test(command) || !/\b(?:config|remote)\b/.test(command)) return [];
  return segments(command).filter((s) => changesGitSetup(s.trim().replace(GIT_OPTIONS, 'git ')));
}
