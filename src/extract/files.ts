/** Files a resumed session should know: edited, deleted, and the ones the work keeps coming back to. */
import { isAbsolute, posix, relative } from 'node:path';
import { remembered } from '../memo.js';
import { afterCd, cdOf } from '../log/cd.js';
import { QUOTED, segments } from '../log/segments.js';
import type { TranscriptEvent } from '../transcript/index.js';
import type { CommandRun } from './commands.js';
import { isMemoryFile } from './memory-notes.js';
import { HOOK_CONTEXT } from '../log/rules.js';
import { powershellFiles, withoutHereStrings } from './powershell.js';

export { segments };

type Ev<K extends TranscriptEvent['kind']> = Extract<TranscriptEvent, { kind: K }>;

export interface FileFacts {
  /** Edited and still there, most recent first. */
  modified: string[];
  /** Deleted during the session and not recreated. */
  deleted: string[];
  /** Named by the user or read again and again, never edited. */
  reference: string[];
  lastEdited?: string;
}

/**
 * Node's path functions walk a path character by character, in JavaScript: a save asks this of
 * every path its events name, mostly absolute paths with nothing to normalise. Those are taken as
 * they are; the results are the same as posix.normalize's, posix.join's and relative's.
 */
const UNNORMAL = /\/\/|(?:^|\/)\.\.?(?:\/|$)/;
const normalized = (p: string): string => (p && !UNNORMAL.test(p) ? p : posix.normalize(p));
const join = (a: string, b: string): string => (a && b ? normalized(`${a}/${b}`) : posix.join(a, b));
/** `abs` relative to `root` when it is a normalised path inside that normalised absolute folder, else undefined (ask `relative`). */
const under = (root: string, abs: string): string | undefined =>
  relative === posix.relative && abs.startsWith(`${root}/`) && !abs.endsWith('/') && isAbsolute(root) && !UNNORMAL.test(root)
    ? abs.slice(root.length + 1)
    : undefined;

/**
 * A path as the user sees it: relative to the repository root when inside it, whatever the
 * session's cwd; when the session ran elsewhere (another clone), relative to its cwd.
 */
export function repoPath(path: string, root: string, cwd?: string, dir?: string): string {
  // A session on Windows (`D:\work\app`): its paths (and git's root, `D:/work/app`) by forward slashes, the drive in capitals.
  if (cwd && WINDOWS.test(cwd)) [path, cwd, dir, root] = [windows(path), windows(cwd), dir && windows(dir), WINDOWS.test(root) ? windows(root) : root];
  const absolute = (p: string): boolean => isAbsolute(p) || WINDOWS.test(p);
  const base = dir ? (absolute(dir) ? dir : cwd ? join(cwd, dir) : dir) : cwd;
  const abs = absolute(path) ? normalized(path) : base ? join(base, path) : normalized(path);
  const rel = WINDOWS.test(abs) ? (abs.startsWith(`${root}/`) ? abs.slice(root.length + 1) : '') : (under(root, abs) ?? relative(root, abs));
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  if (cwd && abs.startsWith(`${cwd}/`)) return abs.slice(cwd.length + 1);
  return path;
}

/** A Windows path from a drive's root. */
const WINDOWS = /^[A-Za-z]:[\\/]/;
/** A Windows path as the others: forward slashes, Git Bash's `/d/` as `D:/`, the drive in capitals, no slash at its end. */
const windows = (p: string): string =>
  p
    .replace(/\\/g, '/')
    .replace(/^\/([A-Za-z])\//, '$1:/')
    .replace(/^[a-z](?=:\/)/, (d) => d.toUpperCase())
    .replace(/(?<=.)\/+$/, '');

const PATH_TOKEN = /(?:^|[\s`'"(\[])((?:\.{0,2}\/)?(?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z][\w]{0,7})(?=$|[\s`'"),:;\]]|\.(?:\s|$))/g;
const READ_CMD = /^(?:cat|less|more|head|tail|bat|nl|sed\s+-n\s+(?:'[^']*'|"[^"]*"|\S+)|view)\s+(?:-\S+\s+)*(?:\d+\s+)?([^\s|;&<>]+)\s*$/;
const RM_CMD = /^(?:git\s+rm|rm)\s+((?:-\S+\s+)*)(.+)$/;
/** Files a shell command writes: redirections, `tee`, `sed -i`, `touch`, the target of `cp`/`mv`. */
const REDIRECT = /(?:^|[^<>&\d])(?:>>?|&>)\s*([^\s;&|<>()]+)/g;
/** Commands and the paths a match of each names. */
type PathTable = Array<[RegExp, (m: RegExpExecArray) => string[]]>;
const WRITERS: PathTable = [
  [/^tee\s+(?:-a\s+)?(.+)$/, (m) => m[1]!.split(/\s+/)],
  [/^sed\s+(?:-\S+\s+)*-i\S*\s+(?:-e\s+)?(?:'[^']*'|"[^"]*"|\S+)\s+(.+)$/, (m) => m[1]!.split(/\s+/)],
  [/^touch\s+(?:-\S+\s+)*(.+)$/, (m) => m[1]!.split(/\s+/)],
  [/^(?:cp|mv)\s+(?:-\S+\s+)*\S+\s+(\S+)\s*$/, (m) => [m[1]!]],
  // A dependency added or removed by name is written into the project's manifest (not with -g, --no-save).
  [/^(?!.*\s(?:-g|--global|--no-save)(?:\s|$))(?:npm|pnpm|yarn|bun)\s+(?:install|i|add|uninstall|remove|rm|un)\s+(?:-\S+\s+)*[^-\s]/, () => ['package.json']],
  [/^(?:uv|poetry)\s+(?:add|remove)\s+(?:-\S+\s+)*[^-\s]/, () => ['pyproject.toml']],
  [/^cargo\s+(?:add|remove)\s+(?:-\S+\s+)*[^-\s]/, () => ['Cargo.toml']],
  [/^go\s+get\s+(?:-\S+\s+)*[^-\s]/, () => ['go.mod']],
];
/** Commands that make a file or folder that was not there: said to be created. */
const CREATORS: PathTable = [[/^git\s+submodule\s+add\s+(.+)$/, (m) => submodulePath(m[1]!)]];

/** The folder `git submodule add [options] <url> [<path>]` makes: its path, else the url's last name. */
function submodulePath(args: string): string[] {
  const words = args.trim().split(/\s+/);
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (/^(?:-b|--branch|--name|--reference|--depth)$/.test(words[i]!)) i++;
    else if (!words[i]!.startsWith('-')) positional.push(words[i]!);
  }
  const [url, path] = positional;
  const name =
    path ??
    url
      ?.replace(/\/+$/, '')
      .split(/[/:]/)
      .pop()
      ?.replace(/\.git$/, '');
  return name ? [name] : [];
}
/** The paths the commands of a table that match `body` name. */
const namedBy = (table: PathTable, body: string): string[] =>
  table.flatMap(([re, files]) => {
    const m = re.exec(body);
    return m ? files(m).filter(isPathArg) : [];
  });
const isPathArg = (p: string): boolean =>
  Boolean(p) && !p.startsWith('-') && !/[*?$`'"\\]/.test(p) && !/^\/dev\//.test(p) && !/^&\d$/.test(p) && !/(?:^|\/)\.git(?:\/|$)/.test(p);

/** The files a command line wrote or deleted, as it names them (redirections, tee, sed -i, touch, cp/mv targets, rm). */
export const commandFiles = remembered(
  (cmd: string): { readonly written: readonly string[]; readonly deleted: readonly string[]; readonly created: readonly string[] } => {
    const { written, deleted, created } = writtenAndDeleted(cmd);
    return Object.freeze({ written: Object.freeze(written), deleted: Object.freeze(deleted), created: Object.freeze(created) });
  },
);

/** A here-document's start on a line (`<<'EOF'`, `<<-EOF`): a word (`$((1<<2))` and `1 << 3` are shifts), not a here-string (`<<<`). */
export const HEREDOC_START = /(?<!<)<<-?[ \t]*(['"]?)([A-Za-z_][\w.-]*)\1/;

/**
 * A command without the bodies of its here-documents (`cat > f <<'EOF'` … `EOF`, a patch fed to
 * `apply_patch`) and PowerShell's here-strings (`@'` … `'@`): what they hold is text, and its `=>` and `a > b` are no redirections.
 */
export function withoutHeredocs(command: string): string {
  const cmd = withoutHereStrings(command);
  if (!cmd.includes('<<')) return cmd;
  const lines = cmd.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    // A body fed to a shell runs.
    const m = HEREDOC_START.exec(line);
    if (!m || /\b(?:ba|z|da|k)?sh(?:\s+-\S+)*\s*<<-?[ \t]*['"]?\w/.test(line)) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === m[2]);
    // Never closed: no here-document after all (a `<<` in quoted text), so the lines after it are read.
    if (end > i) i = end;
  }
  return out.join('\n');
}

function writtenAndDeleted(cmd: string): { written: string[]; deleted: string[]; created: string[] } {
  const written: string[] = [];
  const deleted: string[] = [];
  const created: string[] = [];
  // Not a here-document's text (a doc or a commit message that names Remove-Item is no command).
  const line = afterCd(withoutHeredocs(cmd));
  const ps = powershellFiles(line);
  written.push(...ps.written.filter(isPathArg));
  created.push(...ps.created.filter(isPathArg));
  deleted.push(...ps.deleted.filter(isPathArg));
  for (const seg of segments(line)) {
    // Quoted text is an argument, not redirections: a double-quoted one may hold escaped quotes (`python -c "print(\"a > b\")"`).
    const unquoted = seg.replace(QUOTED, (q) => (/^['"][^\s'"\\]*['"]$/.test(q) ? q.slice(1, -1) : "''"));
    for (const m of unquoted.matchAll(REDIRECT)) if (isPathArg(m[1]!)) written.push(m[1]!);
    const body = unquoted
      .split('|')[0]!
      .replace(/\s*(?:\d?>>?|&>)\s*\S+/g, '')
      .trim();
    const rm = RM_CMD.exec(body);
    if (rm) deleted.push(...rm[2]!.split(/\s+/).filter(isPathArg));
    written.push(...namedBy(WRITERS, body));
    created.push(...namedBy(CREATORS, body));
    if (/^mv\s/.test(body)) {
      const src = /^mv\s+(?:-\S+\s+)*(\S+)\s+\S+\s*$/.exec(body)?.[1];
      if (src && isPathArg(src)) deleted.push(src);
    }
  }
  return { written, deleted, created };
}

/**
 * The folder a command's relative paths are relative to: the folder it ran in (the log's, else
 * the session's), then the `cd` it starts with.
 */
export function commandDir(e: { command: string; dir?: string }, cwd?: string): string | undefined {
  const cd = cdOf(e.command);
  const ran = e.dir ?? cwd;
  if (!cd) return ran;
  return isAbsolute(cd) || WINDOWS.test(cd) ? cd : ran ? posix.join(ran, cd) : cd;
}

/** The file a command line shows whole or in part (`cat f`, `sed -n '1,80p' f`, `head -50 f`, `nl -ba f | sed -n …`), if that is all it does. */
export const commandRead = remembered((cmd: string): string | undefined => {
  const body = afterCd(cmd).trim();
  const first = body.split('|')[0]!.trim();
  const m = READ_CMD.exec(first) ?? /^nl\s+(?:-\S+\s+)*([^\s|;&<>]+)\s*$/.exec(first);
  const path = m?.[1]?.replace(/^["']|["']$/g, '');
  return path && isPathArg(path) && !/[;&]/.test(body) ? path : undefined;
});

/** Paths-looking tokens in a user's message: `docs/DESIGN.md`, `src/app.ts`. */
export function namedPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PATH_TOKEN)) {
    const p = m[1]!;
    if (/^\d+(?:\.\d+)+$/.test(p) || /^(?:e\.g|i\.e|etc)\./i.test(p) || /^https?:/i.test(p)) continue;
    out.add(p.replace(/^\.\//, ''));
  }
  return [...out];
}

/** The user saying they deleted or removed a file themselves: "I deleted config.ru", "I've removed `old.py`". */
const USER_DELETED =
  /\bI(?:['’]ve| have)?\s+(?:just\s+|already\s+)?(?:deleted|removed)\s+((?:the\s+)?[`'"]?[\w@./-]+\.[A-Za-z]\w{0,7}(?![\w.@/-])[`'"]?)(?!\s+(?:from|in|out of|of)\b)/gi;

/**
 * A scratch file outside the project, loose in the temporary folder (`/tmp/verify.mjs`, macOS's
 * `/var/folders/xy/…/T/notes.md`, Windows' `C:/Users/x/AppData/Local/Temp/x`): gone by the next
 * session, no work to hand on. Not a file of a clone or a worktree made there
 * (`/tmp/bench/scripts/run.mjs`).
 */
export const isScratch = (p: string): boolean =>
  /^(?:\/(?:private\/)?(?:tmp|var\/tmp|var\/folders\/[^/]+\/[^/]+\/T)|[A-Za-z]:\/Users\/[^/]+\/AppData\/Local\/Temp)\/[^/]+$/i.test(p);

/**
 * An agent's own data outside the project (`~/.claude/history.jsonl`, a session's log under
 * `~/.claude/projects/` or `~/.codex/sessions/`): the work may be about it, but it is no file to
 * read before starting.
 */
export const isAgentData = (p: string): boolean => /^(?:~|\/)(?:[^/]*\/)*\.(?:claude|codex)\//.test(p);

export function fileFacts(events: TranscriptEvent[], runs: CommandRun[], root: string, cwd?: string): FileFacts {
  const results = new Map<string, Ev<'result'>>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);
  const edited: string[] = [];
  const deleted = new Set<string>();
  const reads = new Map<string, number>();
  const named = new Set<string>();
  const read = (p: string): void => void reads.set(p, (reads.get(p) ?? 0) + 1);
  const commandAt = new Map(runs.map((r) => [r.index, r]));
  events.forEach((e, i) => {
    if (e.kind === 'edit') {
      if (results.get(e.id)?.ok === false) return;
      for (const p of e.paths) {
        const rp = repoPath(p, root, cwd);
        edited.push(rp);
        deleted.delete(rp);
      }
      for (const p of e.deleted ?? []) deleted.add(repoPath(p, root, cwd));
    } else if (
      e.kind === 'tool' &&
      (e.name === 'Read' || e.name === 'NotebookRead') &&
      typeof e.input.file_path === 'string' &&
      e.input.file_path !== HOOK_CONTEXT
    ) {
      // A read that failed (a file too big to read whole, one not there) read nothing; one that worked found the file there.
      if (results.get(e.id)?.ok !== false) {
        read(repoPath(e.input.file_path, root, cwd));
        deleted.delete(repoPath(e.input.file_path, root, cwd));
      }
    } else if (e.kind === 'ask') {
      for (const p of namedPaths(e.text)) named.add(repoPath(p, root, cwd));
      // "Also, I deleted config.ru": gone, though no call of the session's deleted it.
      for (const m of e.text.matchAll(USER_DELETED)) for (const p of namedPaths(m[1]!)) deleted.add(repoPath(p, root, cwd));
    } else if (e.kind === 'command') {
      const run = commandAt.get(i);
      const dir = commandDir(e, cwd);
      const shown = commandRead(e.command);
      if (shown) read(repoPath(shown, root, cwd, dir));
      if (run?.outcome === 'ok') {
        const { written, deleted: gone, created } = commandFiles(e.command);
        for (const p of [...written, ...created]) {
          const rp = repoPath(p, root, cwd, dir);
          edited.push(rp);
          deleted.delete(rp);
        }
        for (const p of gone) deleted.add(repoPath(p, root, cwd, dir));
      }
    }
  });
  const modified: string[] = [];
  // Not a scratch file in /tmp, nor the agent's memory: no work of the project's to hand on.
  for (let i = edited.length - 1; i >= 0; i--) {
    const p = edited[i]!;
    if (!modified.includes(p) && !deleted.has(p) && !isScratch(p) && !isMemoryFile(p)) modified.push(p);
  }
  const reference = [
    ...new Set([...named].filter((p) => !modified.includes(p) && !deleted.has(p) && (reads.get(p) ?? 0) >= 1)),
    ...[...reads]
      .filter(([p, n]) => n >= 3 && !modified.includes(p) && !deleted.has(p))
      .sort((a, b) => b[1] - a[1])
      .map(([p]) => p),
  ];
  return { modified, deleted: [...deleted], reference: [...new Set(reference)], lastEdited: modified[0] };
}
