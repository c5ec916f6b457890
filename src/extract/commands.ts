/** Shell commands and their outcomes: which mattered, which failed, which a later run settled. */
import { changesGitSetup } from './git-setup.js';
import { failedThroughPipe, selectsLines } from './piped.js';
import { remembered } from '../memo.js';
import { clip } from '../log/events.js';
import { segments, unwrap } from './shell-words.js';
import { withoutHeredocs } from './files.js';
import type { TranscriptEvent } from '../transcript/index.js';
import {
  firstErrorLine,
  isProbeCommand,
  isRejection,
  isTestCommand,
  isPermissionDenial,
  isUserRejection,
  isVerifyCommand,
  testCounts,
  verifyKind,
} from './signals.js';

type Ev<K extends TranscriptEvent['kind']> = Extract<TranscriptEvent, { kind: K }>;

export interface CommandRun {
  command: string;
  outcome: 'ok' | 'failed' | 'unknown';
  exitCode?: number;
  output: string;
  /** Position in the event stream, for ordering against asks and todo updates. */
  index: number;
  /** The user rejected it: it never ran. */
  rejected?: true;
  /** The agent's permission settings refused it: it never ran. */
  denied?: true;
  /** The user ran it themselves (bash mode). */
  byUser?: true;
  /** The user's hook of this name ran it (a Stop hook's test run). */
  byHook?: string;
}

/** Every shell command of the main conversation with the result it got. */
export function commandRuns(events: TranscriptEvent[]): CommandRun[] {
  const results = new Map<string, Ev<'result'>>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);
  const runs: CommandRun[] = [];
  events.forEach((e, index) => {
    // A hook's run counts when it checks the work (a Stop hook's tests), not a status ping or a formatter.
    if (e.kind === 'hook' && isVerifyCommand(e.command))
      runs.push({ command: e.command, outcome: e.ok ? 'ok' : 'failed', exitCode: e.exitCode, output: e.output, index, byHook: e.hook });
    if (e.kind !== 'command') return;
    const r = results.get(e.id);
    // A call the user rejected never ran: no outcome, no exit code, no output.
    if (r && isUserRejection(r.output)) runs.push({ command: e.command, outcome: 'unknown', output: '', index, rejected: true });
    else if (r && isPermissionDenial(r)) runs.push({ command: e.command, outcome: 'unknown', output: '', index, denied: true });
    else {
      // A check piped into `tail` exits as `tail` does: what it printed says how it ended.
      const piped = r?.ok === true && failedThroughPipe(e.command, r.output);
      runs.push({
        command: e.command,
        // A command still running when its call returned has the outcome a later result gives it; one interrupted (SIGINT: 130) none, unless it printed a failure first.
        outcome: !r || r.running || isRejection(r.output) || (r.exitCode === 130 && !firstErrorLine(r.output)) ? 'unknown' : r.ok && !piped ? 'ok' : 'failed',
        exitCode: piped ? undefined : r?.exitCode,
        output: r?.output ?? '',
        index,
        ...(e.byUser ? { byUser: true as const } : {}),
      });
    }
  });
  return runs;
}

/** Tools whose first argument names what they do (`git push`, `npm test`, `cargo build`). */
const SUBCOMMAND_TOOLS = new Set(
  'git npm pnpm yarn bun cargo go dotnet mix make gradle ./gradlew mvn docker kubectl gh bd terraform helm deno poetry pip pip3 uv rails rake bundle swift flutter dart composer php fly vercel netlify wrangler supabase firebase'.split(
    ' ',
  ),
);
const RUN_ALIASES = new Set(['run', 'run-script']);

const looksLikePath = (arg: string): boolean => !arg.startsWith('-') && (arg.includes('/') || /\.[A-Za-z0-9]{1,6}$/.test(arg)) && !/^[a-z]+:\/\//i.test(arg);
/** A target that is the whole project: `go test ./...`, `ruff check .` (not named as a path: targets nothing in particular). */
const WHOLE_PROJECT = /^(?:\.\/|\.\/\.\.\.|\.\.\.)$/;
/** Go's package pattern for a folder and all below it (`./internal/...`): the folder, as a path. */
const TREE = /\/\.\.\.$/;

/**
 * True when target `t` of an earlier run is `u` of a later one, or inside it: `node assets/build.js`
 * and `cd assets && node build.js` name the same file; `./internal/...` holds `./internal/sem`.
 */
function within(t: string, u: string): boolean {
  if (t === u || t.endsWith(`/${u}`) || u.endsWith(`/${t}`)) return true;
  if (!TREE.test(u)) return false;
  const bare = (p: string): string => p.replace(TREE, '').replace(/^\.\//, '');
  return bare(t) === bare(u) || bare(t).startsWith(`${bare(u)}/`);
}

/**
 * What a command is for: its tool (with the subcommand for tools like git, npm or cargo) and the
 * paths it targets. `python -m pytest tests/unit -x` → pytest [tests/unit]; `git push -u origin x`
 * → git push [].
 */
export function commandPurpose(cmd: string): { tool: string; targets: string[] } {
  const first = segments(cmd)[0] ?? cmd.trim();
  const words = unwrap(first).split(/\s+/).filter(Boolean);
  const tool = (words[0] ?? '').replace(/^.*\/(?=[^/]+$)/, (m) => (m === './' ? m : ''));
  let rest = words.slice(1);
  let name = tool;
  if (SUBCOMMAND_TOOLS.has(tool)) {
    // `git -C dir push` and `npm --prefix x run test`: skip options before the subcommand.
    while (rest[0]?.startsWith('-')) rest = rest.slice(rest[0].includes('=') || !rest[1] || rest[1].startsWith('-') ? 1 : 2);
    let sub = rest[0] ?? '';
    rest = rest.slice(1);
    if (RUN_ALIASES.has(sub) && ['npm', 'pnpm', 'yarn', 'bun'].includes(tool)) {
      sub = rest[0] ?? '';
      rest = rest.slice(1);
    }
    name = `${tool} ${sub}`.trim();
  }
  return { tool: name, targets: rest.filter((a) => looksLikePath(a) && !WHOLE_PROJECT.test(a)) };
}

/** True when a later success of `later` settles a failure of `earlier`: a step of it with the same tool, and the same or a whole-project target. */
export function settles(earlier: string, later: string): boolean {
  const a = commandPurpose(earlier);
  // A run that shows only some lines of the check (`tsc | grep ezoic`) says nothing of the rest.
  if (!a.tool || (selectsLines(later) && !selectsLines(earlier))) return false;
  return purposesOf(later).some(
    (b) => a.tool === b.tool && (!a.targets.length || !b.targets.length || a.targets.some((t) => b.targets.some((u) => within(t, u)))),
  );
}

/** What each step of a command runs for: a later step counts too (`ruff format && pytest tests/`, `pkill -f x; pytest`). */
const purposesOf = (cmd: string): Array<{ tool: string; targets: string[] }> => {
  const steps = segments(cmd);
  return (steps.length > 1 ? steps : [cmd]).map(commandPurpose).filter((p) => p.tool);
};

/** Reading, searching and file housekeeping: never the "last command", never a blocker when it fails. */
const LOOK_AROUND =
  /^(?:pwd|tree|file|du|df|ps|env|printenv|whoami|date|uname|id|history|man|help|less|more|open|code|xdg-open|mkdir|touch|cp|mv|rm|rmdir|ln|chmod|realpath|readlink|basename|dirname|true|false|bd\s+(?:show|ready|list|search|stats|status)|gh\s+(?:issue|pr|repo|run|release|workflow)\s+(?:view|list|status|diff|checks)|gh\s+search|git\s+(?:remote|config|fetch|stash\s+list|blame|reflog|describe|tag\s*$|worktree\s+list)|(?:npm|pnpm|yarn)\s+(?:ls|list|view|info|outdated|why)|docker\s+(?:ps|images|logs|inspect)|kubectl\s+(?:get|describe|logs))\b/;

/**
 * A program telling the agent it was called wrong ("invalid argument \"all\" for \"--state\" flag",
 * "cannot specify a path with a version", its usage): a slip the agent goes past, not the work's
 * failure; unless it is a check's (the tests were then not run).
 */
const USAGE_ERROR =
  /\binvalid argument "[^"\n]*" for "[^"\n]*" flag|^(?:error: )?(?:unknown|unrecognized|unexpected|invalid|illegal) (?:flag|option|argument|shorthand flag)s?\b|^error: cannot specify\b|^usage: /i;

/** The failure is the usage error it opens with, of a command of one step that checks nothing (a script's usage after its real error is not). */
const calledWrong = (r: CommandRun): boolean =>
  USAGE_ERROR.test(r.output.trimStart().split('\n', 1)[0]!) && segments(r.command).length === 1 && !isVerifyCommand(r.command);

/** A program asked for its own help or version (`vercel help storage`, `vercel deploy --help`, `node --version`): reading, whatever it says. */
const ASKS_ITSELF = /^\S+(?:\s+[\w:.-]+){0,2}\s+(?:--help|--version)\s*$|^\S+\s+-h\s*$|^\S+\s+help\b/;

/** A command that asks a program for its help or version: kept in the trail (what a tool's options are), though it is reading. */
export const asksForHelp = (cmd: string): boolean => segments(cmd).some((s) => ASKS_ITSELF.test(unwrap(s)));

/** Every segment reads, searches or keeps house; a change of git's setup counts as reading unless `setupIsWork`. */
const reads = (cmd: string, setupIsWork: boolean): boolean =>
  segments(cmd).every((s) => {
    const u = unwrap(s);
    return isProbeCommand(u) || (LOOK_AROUND.test(u) && !(setupIsWork && changesGitSetup(u))) || ASKS_ITSELF.test(u) || /^(?:echo|printf)\b/.test(u);
  });
export const isLookAround = remembered((cmd: string): boolean => reads(cmd, true));
/** A failure that blocks nothing: reading, or a setup change whose end may hold already (`git config --unset` of a key not set exits 5). */
const blocksNothing = remembered((cmd: string): boolean => reads(cmd, false));

/** Programs whose second word is a group of commands (`gh pr merge`, `aws s3 rm`, `prisma migrate reset`): the step is three words. */
const GROUPED = /^(?:gh|aws|gcloud|az|docker|kubectl|prisma|pnpm|yarn|fly|vercel|supabase|wrangler)$/;

/** A segment's step: its program and subcommand words before any option (`git push`, `gh pr merge`, `aws s3 rm`). */
function stepOf(segment: string): string {
  const words = unwrap(segment).split(/\s+/);
  const plain = words.slice(0, words.findIndex((w) => w.startsWith('-')) >>> 0);
  return plain.slice(0, GROUPED.test(plain[0] ?? '') ? 3 : 2).join(' ');
}

/**
 * Whether a later command did what an earlier one was to do, another way: the earlier one's last
 * step of work (`git push` of `git add … && git commit … && git push origin main`) is one of its
 * steps (`git push -u origin release/v0.3.4`); not a look around (`gh pr checks` for `gh pr merge`).
 */
export function sharesWork(a: string, b: string): boolean {
  const work = segments(a)
    .filter((s) => !isLookAround(s))
    .at(-1);
  if (!work) return false;
  const step = stepOf(work);
  return segments(b).some((s) => !isLookAround(s) && stepOf(s) === step);
}

/** The last command that did something: a test, build, lint, run, deploy, install or a state-changing git command. */
export function lastMeaningful(runs: CommandRun[]): CommandRun | undefined {
  return runs.findLast((r) => !r.rejected && !r.denied && !r.byHook && !(r.byUser && r.outcome === 'unknown') && !isLookAround(r.command));
}

/**
 * Failures that no later run of the same purpose settled, oldest first. A later run of the same
 * purpose replaces an earlier failure either way: its success settles it, its failure is the one
 * to report.
 */
export function unsettledFailures(runs: CommandRun[]): CommandRun[] {
  // One pass from the end (as `settles` decides, without asking it of every later run): by tool,
  // whether a later run named no target, and the targets later runs named, by their last part
  // (a folder and all below it, `./internal/...`, under "...").
  const later = new Map<string, { any: boolean; byName: Map<string, string[]> }>();
  const last = (t: string): string => (TREE.test(t) ? '...' : t.slice(t.lastIndexOf('/') + 1));
  const out: CommandRun[] = [];
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    const { tool, targets } = commandPurpose(r.command);
    // A run that shows only some of a check's lines (`tsc | grep ezoic`) settles only such runs: keyed apart.
    const some = selectsLines(r.command);
    if (r.outcome === 'failed' && !blocksNothing(r.command) && !calledWrong(r)) {
      const settled = [tool, some ? `${tool} (some lines)` : ''].some((k) => {
        const l = k ? later.get(k) : undefined;
        return l !== undefined && (l.any || !targets.length || targets.some((t) => [last(t), '...'].some((k) => l.byName.get(k)?.some((u) => within(t, u)))));
      });
      if (!settled) out.push(r);
    }
    if (r.outcome === 'unknown') continue;
    for (const p of purposesOf(r.command)) {
      const key = some ? `${p.tool} (some lines)` : p.tool;
      let l = later.get(key);
      if (!l) later.set(key, (l = { any: false, byName: new Map() }));
      if (!p.targets.length) l.any = true;
      for (const t of p.targets) {
        const list = l.byName.get(last(t));
        if (list) list.push(t);
        else l.byName.set(last(t), [t]);
      }
    }
  }
  return out.reverse();
}

/**
 * A command as a resumed session reads it: one line, paths inside the repository `root` relative
 * to it (`tools/publish/scripts/publish.py`: two scripts of one name in different folders stay
 * two), other long absolute paths shortened to their last two parts (`…/scripts/publish.py`).
 */
export function commandLine(cmd: string, root?: string): string {
  const line = cmd.replace(/\s+/g, ' ').trim();
  const inRepo = root && root.length > 1 ? line.replace(new RegExp(`(?<![\\w.~/-])${escapeRegExp(root.replace(/\/+$/, ''))}/(?=[^\\s/'"\`*])`, 'g'), '') : line;
  return inRepo.replace(/(?<![\w.~-])(?:~|\/)(?:[^\s/'"`]+\/){3,}([^\s/'"`]+\/[^\s/'"`]+)/g, '…/$1');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `npm test` fails: 2 failed — one line a resumed session can act on. */
export function blockerLine(r: CommandRun, root?: string): string {
  const err = firstErrorLine(r.output);
  // The command without a here-document's text, and short: the error is what the line is for.
  return `\`${clip(commandLine(withoutHeredocs(r.command), root), 120)}\` fails${err ? `: ${err}` : r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''}`;
}

export { uncheckedEdits, verificationStatus } from './checks.js';
