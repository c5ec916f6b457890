/**
 * The commits, pushes, merges, pull requests and hard resets a session's commands made, each as
 * git or gh reported it ("abc1234 subject (on main)", "pushed main to origin (new branch)").
 */
import { posix } from 'node:path';
import type { CommandRun } from '../extract/commands.js';
import { isCommitCommand } from '../extract/completion.js';
import { commandDir } from '../extract/files.js';
import { clip } from '../log/events.js';
import type { TranscriptEvent } from '../transcript/index.js';
import type { TrailEntry } from './build.js';
import { messageOf, subjectOf } from './commit-message.js';
import { COMMIT_MADE, fastForwardTip, loggedHash, mergedNothing, mergedRefs, pullRequest, pushedRefs } from './git-said.js';

const line = (s: string, max: number): string => clip(s, max);
/** A commit message's body or a pull request's description, at most. */
const MESSAGE_CHARS = 2000;

/** git's word that a commit made nothing (`|| true`, `| tail` hide its exit). */
const NOTHING_COMMITTED = /^(?:nothing (?:added )?to commit|no changes added to commit)\b/m;

/** A reset that moves the branch and throws away what followed (`git reset --hard HEAD~1`). */
const HARD_RESET = /(?:^|[\s;&|(])git\s+(?:-C\s+\S+\s+)?reset\s+(?:-\S+\s+)*--hard\b/;

/** The folder a command ran git in when it is outside the repository (`cd ../lib && …`, `git -C ../lib …`), relative to it; else undefined. */
function otherRepo(e: TranscriptEvent | undefined, root: string, cwd?: string): string | undefined {
  if (e?.kind !== 'command' || !posix.isAbsolute(root)) return undefined;
  const minusC = /\bgit\s+-C\s+("[^"]*"|'[^']*'|\S+)/.exec(e.command)?.[1]?.replace(/^["']|["']$/g, '');
  const ran = commandDir(e, cwd);
  const dir = minusC ? (posix.isAbsolute(minusC) ? minusC : ran ? posix.join(ran, minusC) : undefined) : ran;
  if (!dir) return undefined;
  const rel = posix.relative(root, posix.normalize(dir));
  return rel.startsWith('..') || posix.isAbsolute(rel) ? rel : undefined;
}

/** The commits and other history a session's successful runs made, in order. */
export function commitsOf(runs: CommandRun[], ev: TranscriptEvent[], root: string, cwd: string | undefined): TrailEntry[] {
  return (
    runs
      // A squash or a --no-commit merge made no commit (its work is staged), unless a commit followed in the same command.
      .filter(
        (r) => r.outcome === 'ok' && (HARD_RESET.test(r.command) || (isCommitCommand(r.command) && !(mergedNothing(r.output) && !COMMIT_MADE.test(r.output)))),
      )
      .map((r): TrailEntry => {
        const at = (ev[r.index] as { at?: string } | undefined)?.at;
        // A hard reset moves the branch back: what was committed or merged before it may be undone.
        if (HARD_RESET.test(r.command)) {
          const now = /^HEAD is now at ([0-9a-f]{7,40}) (.*)$/m.exec(r.output);
          return { at, text: line(now ? `reset --hard: HEAD is now at ${now[1]} ${now[2]}` : `\`${r.command}\``, 600) };
        }
        // Made in another repository (`cd ../lib && git commit …`): said so, it is not this one's.
        const elsewhere = otherRepo(ev[r.index], root, cwd);
        // git commit prints "[branch abc1234] subject": the commit as a reader names it, then the command.
        const made = COMMIT_MADE.exec(r.output);
        const message = messageOf(r.command);
        const said = message ? { output: clip(message, MESSAGE_CHARS, false) } : {};
        if (made) return { at, text: line(`${made[2]} ${made[3]} (on ${made[1]}${elsewhere ? ` in ${elsewhere}` : ''})`, 600), ...said };
        const pushed = pushedRefs(r.command, r.output);
        if (pushed) return { at, text: line(`${pushed}${elsewhere ? ` (in ${elsewhere})` : ''}`, 600) };
        const pr = pullRequest(r.command, r.output);
        if (pr) return { at, text: line(`${pr}${elsewhere ? ` (in ${elsewhere})` : ''}`, 600), ...said };
        const merged = mergedRefs(r.command, r.output);
        if (merged) {
          const subject = merged.slice(merged.indexOf(': ') + 2).split('\n')[0]!;
          // Listings up to a next merge with this subject (a merge redone after a reset): a later one names that merge's commit.
          const redone = runs.find((x) => x.index > r.index && x.outcome === 'ok' && mergedRefs(x.command, x.output)?.endsWith(`: ${subject}`));
          // A fast-forward's commit is the tip git moved to ("Updating a14cc36..0d37827").
          const hash = merged.includes(': ')
            ? loggedHash(
                subject,
                runs.filter((x) => x.index > r.index && x.outcome === 'ok' && (!redone || x.index < redone.index)),
              )
            : fastForwardTip(r.command, r.output);
          return { at, text: line(hash ? `${hash} ${merged}` : merged, 600) };
        }
        const hash = /\b([0-9a-f]{7,40})\b/.exec(r.output)?.[1];
        // A quiet commit (`git commit -q -F - <<'MSG'`) printed no summary: its message's subject names it, not the command around it,
        // with the hash a listing in the same command printed beside that subject (not a hook's stash); unless git said it made none.
        const subject = NOTHING_COMMITTED.test(r.output) ? undefined : subjectOf(r.command);
        if (subject) {
          const logged = r.output.split('\n').find((l) => l.includes(subject.slice(0, 60)));
          const own = logged && /^\W*([0-9a-f]{7,40})\b/.exec(logged)?.[1];
          return {
            at,
            text: line(`${own ? `${own} ` : ''}${subject} (committed${elsewhere ? ` in ${elsewhere}` : ''}; git printed no summary)`, 600),
            ...said,
          };
        }
        return { at, text: line(`${r.command}${hash ? ` → ${hash}` : ''}`, 600) };
      })
  );
}
