/**
 * Where the session left its changes, for the manifest's status: edited after its last commit,
 * committed but not pushed, or pushed; and how the branch stood against its upstream when git
 * last said so ("4 commits ahead of origin/main": commits a subagent made count too).
 */
import type { TranscriptEvent } from '../transcript/index.js';
import type { CommandRun } from './commands.js';
import { withoutHeredocs } from './files.js';
import { QUOTED } from '../log/segments.js';
import { remembered } from '../memo.js';

const COMMIT = /(?:^|[\s;&|(])git\s+(?:-C\s+\S+\s+)?commit\b/g;
const PUSH = /(?:^|[\s;&|(])(?:git\s+(?:-C\s+\S+\s+)?push|gh\s+pr\s+(?:create|merge))\b/g;
/** git commands after which an earlier `git status` no longer says how the branch stands, anywhere in a command line. */
const MOVES_BRANCH =
  /(?:^|[\s;&|(])(?:git\s+(?:-C\s+\S+\s+)?(?:commit|push|pull|fetch|merge|rebase|reset|checkout|switch|cherry-pick|revert|am|branch)|gh\s+pr\s+merge)\b/g;
const STATUS = /(?:^|[\s;&|(])git\s+(?:-C\s+\S+\s+)?status\b/g;
/** What of a command line runs: without a here-document's text or quoted words (`git commit -m "… before git push"` pushes nothing). */
const bare = remembered((command: string): string => withoutHeredocs(command).replace(QUOTED, "''"));
/** Where in `command` (as it runs) the last match of `re` starts, or -1. */
const lastAt = (re: RegExp, command: string): number => Math.max(-1, ...[...bare(command).matchAll(re)].map((m) => m.index));

/** Edited after its last commit (or never committed), committed but not pushed, or pushed; undefined for a session that changed nothing. */
export function commitState(events: TranscriptEvent[], runs: CommandRun[]): string | undefined {
  const okIds = new Set(events.flatMap((e) => (e.kind === 'result' && e.ok ? [e.id] : [])));
  const lastEdit = events.findLastIndex((e) => e.kind === 'edit' && okIds.has(e.id));
  const lastCommit = runs.findLast((r) => r.outcome === 'ok' && lastAt(COMMIT, r.command) >= 0);
  const lastPush = runs.findLast((r) => r.outcome === 'ok' && lastAt(PUSH, r.command) >= 0);
  const branch = branchState(runs);
  const state =
    lastEdit < 0 && !lastCommit
      ? undefined
      : !lastCommit || lastEdit > lastCommit.index
        ? 'edits not committed in the session'
        : lastPush && (lastPush.index > lastCommit.index || (lastPush === lastCommit && lastAt(PUSH, lastPush.command) > lastAt(COMMIT, lastCommit.command)))
          ? 'committed and pushed'
          : 'committed, not pushed';
  return [state, branch].filter(Boolean).join('; ') || undefined;
}

/**
 * How the branch stood against its upstream by the last `git status` that said (long form or
 * `--branch`), unless a commit, push, pull or switch ran after it: "4 commits ahead of
 * origin/main", "2 commits behind origin/main", "diverged from origin/main (3 and 1 different commits)".
 */
export function branchState(runs: CommandRun[]): string | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    if (r.outcome !== 'ok') continue;
    // A commit, push or pull after the status it printed (`git add -A && git commit`, `git status && git pull`): what it said no longer holds.
    const moved = lastAt(MOVES_BRANCH, r.command);
    const status = lastAt(STATUS, r.command);
    if (moved > status) return undefined;
    if (status < 0) continue;
    const said = tracking(r.output);
    if (said !== undefined) return said || undefined;
  }
  return undefined;
}

const commits = (n: string): string => `${n} commit${n === '1' ? '' : 's'}`;

/** What a `git status` output says of its upstream: a phrase, '' when up to date, undefined when it says nothing of it. */
function tracking(output: string): string | undefined {
  let m = /Your branch is ahead of '([^']+)' by (\d+) commits?/.exec(output);
  if (m) return `${commits(m[2]!)} ahead of ${m[1]}`;
  m = /Your branch is behind '([^']+)' by (\d+) commits?/.exec(output);
  if (m) return `${commits(m[2]!)} behind ${m[1]}`;
  m = /Your branch and '([^']+)' have diverged,\s*and have (\d+) and (\d+) different commits each/.exec(output);
  if (m) return `diverged from ${m[1]} (${m[2]} and ${m[3]} different commits)`;
  if (/Your branch is up to date with '/.test(output)) return '';
  // `git status -sb`: "## main...origin/main [ahead 4, behind 1]".
  m = /^## \S+?\.\.\.(\S+)(?: \[(?:ahead (\d+))?(?:, )?(?:behind (\d+))?\])?/m.exec(output);
  if (!m) return undefined;
  const [, upstream, ahead, behind] = m;
  if (ahead && behind) return `diverged from ${upstream} (${ahead} and ${behind} different commits)`;
  if (ahead) return `${commits(ahead)} ahead of ${upstream}`;
  return behind ? `${commits(behind)} behind ${upstream}` : '';
}
