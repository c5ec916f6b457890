/** What a git command in the session did, as git reported it: a push, a merge, a line echoed into a file. */
import { segments } from '../extract/files.js';
import { segments as shellSegments, unwrap } from '../extract/shell-words.js';

/**
 * A push as a reader says it, from git's report: "pushed spotter-fum to origin (new branch)",
 * "pushed main to origin (331f337..af81c43)"; undefined when the command is no push or git
 * reported no ref.
 */
export function pushedRefs(command: string, output: string): string | undefined {
  // Its own arguments: up to a pipe, a list or a redirection (2>&1 joins the streams, it is no argument).
  const push = /\bgit\s+(?:-C\s+\S+\s+)?push\b([^|;&>]*)/.exec(command.replace(/\s\d*>&\d+/g, ' '));
  if (!push) return undefined;
  const args = push[1]!.trim().split(/\s+/).filter(Boolean);
  if (args.some((a) => a === '-n' || a === '--dry-run')) return undefined;
  const refs = [...output.matchAll(/^\s*([-+*=!]?)\s*(\[new branch\]|\[new tag\]|[0-9a-f]{7,40}\.\.\.?[0-9a-f]{7,40})\s+(\S+)\s+->\s+(\S+)/gm)];
  if (!refs.length) return undefined;
  // The remote is the first argument that is no option, nor an option's value.
  let remote: string | undefined;
  for (let i = 0; i < args.length && !remote; i++) {
    if (/^(?:-o|--push-option|--repo|--receive-pack|--exec)$/.test(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) remote = args[i];
  }
  return `pushed ${refs.map((m) => `${m[4]}${remote ? ` to ${remote}` : ''} (${m[2]!.replace(/^\[|\]$/g, '')}${m[1] === '+' ? ', forced' : ''})`).join(', ')}`;
}

/** What a merging step (`git pull`, `git merge`) prints of its result: up to date, a fast-forward to a tip ("Updating a..b"), or a merge made. */
const MERGE_SAID = /^(?:Already up[ -]to[ -]date|Updating [0-9a-f]{7,40}\.\.([0-9a-f]{7,40})$|Merge made by\b)/gim;
/** A merging step (git's own options before it taken off by `unwrap`), and its arguments. */
const MERGING_STEP = /^git\s+(pull|merge)(?![\w-])(.*)$/;

/**
 * Each `git merge` of a command (its arguments) with what it printed of its result, when that can
 * be told apart from another merging step's: each step prints one result, in order (`git pull &&
 * git merge x`, `git merge a && git merge b`). A merge run more often than written (a loop) has the
 * last result that merged; with fewer results than steps (an output cut short) the last is the last step's.
 */
function mergesOf(command: string, output: string): Array<{ args: string; said?: RegExpMatchArray }> {
  // The command's own steps (not "git merge" in an echo's text, a here-document or the next line's command).
  const steps = shellSegments(command).flatMap((seg) => {
    const step = MERGING_STEP.exec(unwrap(seg));
    return step ? [step] : [];
  });
  const said = [...output.matchAll(MERGE_SAID)];
  if (said.length === steps.length) return steps.flatMap((s, k) => (s[1] === 'merge' ? [{ args: s[2]!, said: said[k] }] : []));
  if (steps.length === 1 && steps[0]![1] === 'merge') return [{ args: steps[0]![2]!, said: said.findLast((m) => !/^Already/i.test(m[0])) ?? said.at(-1) }];
  const last = steps.at(-1);
  return last?.[1] === 'merge' && said.length < steps.length ? [{ args: last[2]!, said: said.at(-1) }] : [];
}

/** The merges git made: a squash or --no-commit stages one, a conflict stops it, "Already up to date" made none. */
function madeMerges(command: string, output: string): Array<{ args: string; said: RegExpMatchArray }> {
  if (/CONFLICT|Automatic merge failed/i.test(output) || mergedNothing(output)) return [];
  return mergesOf(command, output).filter((m): m is { args: string; said: RegExpMatchArray } => m.said !== undefined && !/^Already/i.test(m.said[0]));
}

/** The commit the last fast-forward merge of a command moved to ("Updating a14cc36..0d37827"), or undefined. */
export const fastForwardTip = (command: string, output: string): string | undefined => madeMerges(command, output).at(-1)?.said[1];

/** The merges of a command as a reader says them: "merged alice/x, bob/y: merge round 2" (the message when one was given). */
export function mergedRefs(command: string, output: string): string | undefined {
  const refs: string[] = [];
  let message: string | undefined;
  for (const { args: given } of madeMerges(command, output)) {
    const args = [...given.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-m' || a === '--message') message = args[++i];
      else if (/^(?:-s|-X|--strategy|--strategy-option|-F|--file|--into-name)$/.test(a)) i++;
      else if (/^\d*>/.test(a) || a === '2>&1') continue;
      else if (!a.startsWith('-')) refs.push(a);
    }
  }
  return refs.length ? `merged ${refs.join(', ')}${message ? `: ${message}` : ''}` : undefined;
}

/** The line `git commit` (and a cherry-pick, a merge's commit) prints for the commit it made: "[main abc1234] subject" (branch, hash, subject). */
export const COMMIT_MADE = /^\[([^\]\s]+)(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.+)$/m;

/** A merge that committed nothing: a squash (its "Fast-forward" notwithstanding) or --no-commit staged the work. */
export const mergedNothing = (output: string): boolean => /^Squash commit -- not updating HEAD|stopped before committing/m.test(output);

/** How a file entry says git brought it in (a merge, a cherry-pick): others' work, not the session's own change. */
export const BROUGHT = 'brought in by ';

/**
 * The files a merge or a cherry-pick brought in, as git's summary listed them ("create mode 100644
 * work/a.md", " src/x.ts | 12 ++--"): another branch's work is now in this one. Empty for any
 * other command, or a merge git did not make.
 */
export function filesGitBrought(command: string, output: string): Array<{ path: string; op: 'created' | 'modified' | 'deleted' }> {
  const made =
    mergedRefs(command, output) !== undefined ||
    // A squash staged them: they are in this branch's work tree, to be committed.
    (/\bgit\s+(?:-C\s+\S+\s+)?merge(?![\w-])/.test(command) && /^Squash commit -- not updating HEAD/m.test(output) && !/CONFLICT/.test(output)) ||
    (/\bgit\s+(?:-C\s+\S+\s+)?cherry-pick\b/.test(command) && COMMIT_MADE.test(output));
  if (!made) return [];
  const files = new Map<string, 'created' | 'modified' | 'deleted'>();
  for (const m of output.matchAll(/^ (create|delete) mode \d{6} (.+)$/gm)) files.set(m[2]!.trim(), m[1] === 'create' ? 'created' : 'deleted');
  for (const m of output.matchAll(/^ (\S.*?)\s+\|\s+(?:\d+ [+-]*|Bin .*)$/gm)) if (!files.has(m[1]!) && !m[1]!.includes('...')) files.set(m[1]!, 'modified');
  return [...files].map(([path, op]) => ({ path, op }));
}

/**
 * The files a `git checkout [<commit>] -- <paths>` or a `git restore <paths>` put back as git had
 * them, their uncommitted changes thrown away (`restore --staged` alone only unstages: none). Not
 * `.` or a pattern: those name no file.
 */
export function filesGitRestored(command: string): string[] {
  const out: string[] = [];
  for (const seg of segments(command)) {
    const co = /^\s*git\s+(?:-C\s+\S+\s+)?checkout\s+(?:(?:-f|--force|-q|--quiet)\s+)*(?:[^\s-]\S*\s+)?--\s+(.+)$/.exec(seg);
    const rs = /^\s*git\s+(?:-C\s+\S+\s+)?restore\s+(.+)$/.exec(seg);
    const args = (co?.[1] ?? rs?.[1])?.split(/\s+/) ?? [];
    if (rs && args.includes('--staged') && !args.some((a) => a === '--worktree' || a === '-W')) continue;
    let paths = co ? args : args.slice(args.includes('--') ? args.indexOf('--') + 1 : 0).filter((a) => !a.startsWith('-'));
    // `--source <tree>` / `-s <tree>` takes the next word.
    if (rs && !args.includes('--')) paths = paths.filter((a) => !['--source', '-s'].includes(args[args.indexOf(a) - 1] ?? ''));
    for (const p of paths) if (p !== '.' && !/[*?[\]'"$`]/.test(p) && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The hash a later `git log` or `git show` listed for the commit with this subject ("*---. ac1f1a4
 * merge round 2"): a merge prints none of its own. The first listing after it that names one such
 * commit, or undefined (`later` ends before a next merge with the same subject).
 */
export function loggedHash(subject: string, later: Array<{ command: string; output: string }>): string | undefined {
  for (const r of later) {
    if (!/\bgit\s+(?:-C\s+\S+\s+)?(?:log|show)\b/.test(r.command)) continue;
    const hashes = new Set<string>();
    for (const m of r.output.matchAll(/^[\s*|\\/_.-]*(?:commit\s+)?([0-9a-f]{7,40})\s+(?:\([^)\n]*\)\s+)?(.+?)\s*$/gm)) if (m[2] === subject) hashes.add(m[1]!);
    // Two commits with this subject: which one the merge made, the listing does not say.
    if (hashes.size) return hashes.size === 1 ? [...hashes][0] : undefined;
  }
  return undefined;
}

/** What `echo "x" >> path` or `printf 'x\n' > path` wrote into `path`, when the command says it. */
export function echoedInto(command: string, path: string): string | undefined {
  for (const m of command.matchAll(
    /\b(?:echo(?:\s+-[ne]+)?|printf)\s+(?:(["'])((?:(?!\1).){1,200})\1|([^\s'"<>|;&]{1,200}))\s*>>?\s*(["']?)([^\s;&|"']+)\4/g,
  )) {
    const target = m[5]!.replace(/^\.\//, '');
    const text = m[2] ?? m[3]!;
    // A printf format ('%s\n') is not what was written.
    if ((target === path || path.endsWith(`/${target}`)) && !(m[0].startsWith('printf') && text.includes('%'))) {
      // printf and `echo -e` turn `\n` and `\t` into what they stand for: the lines written, said on one line.
      const escapes = m[0].startsWith('printf') || /^echo\s+-[ne]*e/.test(m[0]);
      return escapes
        ? text
            .split(/\\n/)
            .map((l) => l.replace(/\\t/g, ' ').trim())
            .filter(Boolean)
            .join('; ')
        : text.replace(/\\n$/, '');
    }
  }
  return undefined;
}

/**
 * What `gh pr create` or `gh pr merge` did, from the command and what gh printed: "opened pull
 * request https://github.com/o/r/pull/12 (draft)", "merged pull request #12"; undefined for
 * anything else, or a create that printed no pull request's address.
 */
export function pullRequest(command: string, output: string): string | undefined {
  const m = /(?:^|[\s;&|(])gh\s+pr\s+(create|merge)\b([^\n;&|]*)/.exec(command);
  if (!m) return undefined;
  const url = /https?:\/\/\S+?\/pull\/\d+/.exec(output)?.[0];
  if (m[1] === 'create') return url ? `opened pull request ${url}${/\s--draft\b/.test(m[2]!) ? ' (draft)' : ''}` : undefined;
  const which = url ?? /(?:^|\s)#?(\d+)(?=\s|$)/.exec(m[2]!)?.[1];
  return which ? `merged pull request ${/^\d+$/.test(which) ? `#${which}` : which}` : 'merged the pull request of the branch';
}
