/**
 * The repository around a folder, and where its HEAD points, without a git process — for the
 * plain case only. Every hook and most commands start by asking git (`rev-parse`, 3–5 ms): the
 * Stop hook that finds nothing to save is little else. What git does here is read files: find
 * `.git` walking up, follow a worktree's `gitdir:` file and `commondir`, read HEAD and the
 * branch's ref (loose, else in packed-refs). Anything this does not reproduce exactly goes to git
 * instead (undefined): an environment that steers git (GIT_DIR, GIT_CEILING_DIRECTORIES, …), a
 * repository owned by another user (git's safe.directory check), a bare one, `core.worktree`,
 * `[extensions]` (reftable refs), config includes, a folder inside `.git`, another file system
 * on the way up, a HEAD or ref in a form it does not know (symlinked, blank-led, packed twice), a
 * config line git would not parse, a branch name git rejects or that names another ref too.
 */
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

export interface Discovered {
  root: string;
  gitDir: string;
  commonDir: string;
  /** HEAD's commit; undefined on a branch with no commit yet. */
  head?: string;
  /** HEAD's branch; undefined when detached. */
  branch?: string;
}

/**
 * GIT_* variables that change nothing of where the repository is or what HEAD names; among them
 * those git sets for the hooks it runs (GIT_INDEX_FILE, GIT_PREFIX, GIT_EXEC_PATH), so the
 * post-commit hook is found without git too.
 */
const HARMLESS_ENV =
  /^GIT_(?:SESSION_|TRACE|TERMINAL_PROMPT$|ASKPASS$|EDITOR$|SEQUENCE_EDITOR$|PAGER$|SSH|AUTHOR_|COMMITTER_|HTTP_|SSL_|PROTOCOL_FROM_USER$|CONFIG_NOSYSTEM$|CONFIG_GLOBAL$|CONFIG_SYSTEM$|INDEX_FILE$|PREFIX$|EXEC_PATH$|REFLOG_ACTION$)/;
/**
 * What in a config file takes git to read: a bare repository (core.bare other than `false`: git
 * also takes yes, on, 1, "true", a bare key), a work tree set elsewhere, includes, a repository
 * format other than 0 or 1 (git refuses); extensions below.
 */
const NOT_PLAIN =
  /^[ \t]*bare\b(?![ \t]*=[ \t]*false[ \t]*\r?$)|^[ \t]*worktree\b|\[\s*include|^[ \t]*repositoryformatversion\b(?![ \t]*=[ \t]*[01][ \t]*\r?$)/im;
/**
 * Extensions that change nothing of where the repository is or how HEAD and its refs are read
 * (their config files are read here anyway); any other (reftable refs, SHA-256 objects, one
 * this does not know) takes git.
 */
const PLAIN_EXTENSIONS = /^(?:worktreeconfig|partialclone|preciousobjects|noop|objectformat[ \t]*=[ \t]*sha1|refstorage[ \t]*=[ \t]*files)\b/i;

/** Every key of every [extensions] section is one of PLAIN_EXTENSIONS. */
function plainExtensions(text: string): boolean {
  let inside = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(line);
    if (header) {
      inside = /^\s*extensions\s*$/i.test(header[1]!);
      if (
        inside &&
        line
          .slice(header[0].length)
          .replace(/[#;].*$/, '')
          .trim()
      )
        return false;
      continue;
    }
    if (inside && !PLAIN_EXTENSIONS.test(line)) return false;
  }
  return true;
}
/** A config line read as git reads it: blank, a comment, `[section]` or `[section "sub"]`, `key` or `key = value` (quotes closed, git's escapes only, no continued line). Git stops at a line it cannot parse. */
const CONFIG_LINE =
  /^[ \t]*(?:[#;].*|\[[A-Za-z0-9.-]+(?:[ \t]+"(?:[^"\\\r\n]|\\.)*")?\][ \t]*(?:[#;].*)?|[A-Za-z][A-Za-z0-9-]*[ \t]*(?:=(?:[^"\\#;\r\n]|\\[\\"ntb]|"(?:[^"\\\r\n]|\\[\\"ntb])*")*(?:[#;].*)?)?)?\r?$/;
const plainConfig = (text: string): boolean => !NOT_PLAIN.test(text) && text.split('\n').every((line) => CONFIG_LINE.test(line)) && plainExtensions(text);
/** A SHA-1 object id (a SHA-256 repository has [extensions]); git takes an id of another length as a broken ref. */
const OBJECT_ID = /^[0-9a-f]{40}$/;
/** A branch name git rejects (check_refname_format): git cannot resolve HEAD then. */
const BAD_BRANCH = /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|(?:^|\/)\.|\.lock(?:\/|$)/;
/** A short file read whole (HEAD, a ref, a gitdir file): anything longer is not one. */
const SMALL = 4096;
/** A config file read whole; a longer one is git's to read. */
const CONFIG_MAX = 256 * 1024;

function small(path: string, max = SMALL): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(max + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return n > max ? undefined : buf.toString('utf8', 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
const ownedHere = (path: string): boolean => uid === undefined || statSync(path).uid === uid;

/** Where git would find the repository around `cwd`, or undefined when that takes git itself. */
export function discoverRepo(cwd: string, env: NodeJS.ProcessEnv = process.env): Discovered | undefined {
  try {
    if (uid === undefined) return undefined;
    for (const key of Object.keys(env)) if (key.startsWith('GIT_') && !HARMLESS_ENV.test(key)) return undefined;
    const start = realpathSync(cwd);
    const device = statSync(start).dev;
    for (let dir = start; ; dir = dirname(dir)) {
      // git stops at another file system (unless told otherwise, which is git's to do).
      if (dir !== start && statSync(dir).dev !== device) return undefined;
      const dotGit = join(dir, '.git');
      let st;
      try {
        st = lstatSync(dotGit);
      } catch {
        st = undefined;
      }
      if (st) return st.isDirectory() || st.isFile() ? opened(dir, dotGit, st.isFile(), start, env) : undefined;
      // A folder that is itself a repository (bare, or inside .git) is git's to judge.
      if (isGitDir(dir)) return undefined;
      if (dirname(dir) === dir) return undefined;
    }
  } catch {
    return undefined;
  }
}

const existsQuiet = (path: string): boolean => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * The user's and the system's config files git reads, whether they exist or not (a relative
 * GIT_CONFIG_GLOBAL or GIT_CONFIG_SYSTEM taken from `base`). config-cache.ts stamps the same.
 */
export function userConfigFiles(env: NodeJS.ProcessEnv, base = process.cwd()): string[] {
  const home = env.HOME ?? homedir();
  const files =
    env.GIT_CONFIG_GLOBAL !== undefined
      ? [resolve(base, env.GIT_CONFIG_GLOBAL)]
      : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'git', 'config'), join(home, '.gitconfig')];
  if (!env.GIT_CONFIG_NOSYSTEM) files.push(env.GIT_CONFIG_SYSTEM ? resolve(base, env.GIT_CONFIG_SYSTEM) : '/etc/gitconfig');
  return files;
}

const isKind = (path: string, kind: 'file' | 'dir'): boolean => {
  try {
    const st = statSync(path);
    return kind === 'file' ? st.isFile() : st.isDirectory();
  } catch {
    return false;
  }
};

/** A git directory: its HEAD, and its objects (or, a worktree's, the commondir that leads to them). */
const isGitDir = (dir: string): boolean => isKind(join(dir, 'HEAD'), 'file') && (isKind(join(dir, 'objects'), 'dir') || isKind(join(dir, 'commondir'), 'file'));

function opened(root: string, dotGit: string, isFile: boolean, start: string, env: NodeJS.ProcessEnv): Discovered | undefined {
  let gitDir = dotGit;
  if (isFile) {
    const m = /^gitdir: (.+)\n?$/.exec(small(dotGit) ?? '');
    // git's ownership check covers the .git file too.
    if (!m || !ownedHere(dotGit)) return undefined;
    gitDir = resolve(root, m[1]!);
  }
  gitDir = realpathSync(gitDir);
  if (!isGitDir(gitDir)) return undefined;
  // A folder inside the repository's own git directory (its hooks, a worktree's admin folder).
  const inside = relative(gitDir, start);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return undefined;
  // git strips only line ends from commondir (blanks are part of the path); an empty one it cannot read.
  const common = small(join(gitDir, 'commondir'))?.replace(/[\r\n]+$/, '');
  if (common === '') return undefined;
  const commonDir = realpathSync(common === undefined ? gitDir : resolve(gitDir, common));
  // git takes a git directory for one only with its common dir's objects and refs (else it looks further up).
  if (!isKind(join(commonDir, 'objects'), 'dir') || !isKind(join(commonDir, 'refs'), 'dir')) return undefined;
  if (!ownedHere(root) || !ownedHere(gitDir) || !ownedHere(commonDir)) return undefined;
  // The repository's config must be there and plain; a worktree's own, and the user's and the
  // system's, when there, too (core.worktree or core.bare could be set in any; includes could hold them).
  const repoConfig = small(join(commonDir, 'config'), CONFIG_MAX);
  if (repoConfig === undefined || !plainConfig(repoConfig)) return undefined;
  for (const config of [join(gitDir, 'config.worktree'), ...userConfigFiles(env)]) {
    if (!existsQuiet(config)) continue;
    const text = small(config, CONFIG_MAX);
    if (text === undefined || !plainConfig(text)) return undefined;
  }
  // A symlinked HEAD is a symbolic ref to git; a leading blank makes HEAD, and the folder, no repository to git.
  if (!lstatSync(join(gitDir, 'HEAD')).isFile()) return undefined;
  const headFile = small(join(gitDir, 'HEAD'))?.trimEnd();
  if (!headFile) return undefined;
  if (OBJECT_ID.test(headFile)) return { root, gitDir, commonDir, head: headFile };
  const branchRef = /^ref: (refs\/heads\/[^\s]+)$/.exec(headFile)?.[1];
  const branch = branchRef?.slice('refs/heads/'.length);
  const packed = packedRefs(commonDir);
  if (!branch || packed === null || BAD_BRANCH.test(branch) || shadowed(gitDir, commonDir, branch, packed)) return undefined;
  const tip = refTip(commonDir, branchRef!, packed);
  if (tip === null) return undefined;
  return { root, gitDir, commonDir, head: tip, branch };
}

/** A branch's commit: its loose ref, else packed-refs; undefined when it has none (unborn); null when it is not plain. */
function refTip(commonDir: string, ref: string, packed: string | undefined): string | undefined | null {
  const path = join(commonDir, ...ref.split('/'));
  let st;
  try {
    st = lstatSync(path);
  } catch {
    st = undefined;
  }
  // A symlinked ref is a symbolic ref to git; a ref with a leading blank is broken.
  if (st?.isSymbolicLink()) return null;
  if (st?.isFile()) {
    const id = small(path)?.trimEnd();
    return id !== undefined && OBJECT_ID.test(id) ? id : null;
  }
  // A ref packed twice (packed-refs edited by hand) is git's to settle.
  let found: string | undefined | null;
  for (const line of packed?.split('\n') ?? []) {
    if (line.length > 41 && line.endsWith(` ${ref}`)) {
      const id = line.slice(0, line.indexOf(' '));
      if (found !== undefined || !OBJECT_ID.test(id)) return null;
      found = id;
    }
  }
  return found;
}

/** packed-refs' text; undefined when there is none, null when it is too long to read here. */
function packedRefs(commonDir: string): string | undefined | null {
  try {
    const path = join(commonDir, 'packed-refs');
    if (statSync(path).size > 32 << 20) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether the branch's short name names another ref too (a tag, a remote-tracking ref, a remote's
 * HEAD, a file in the git directory): `rev-parse --abbrev-ref` then says `heads/<name>`.
 */
function shadowed(gitDir: string, commonDir: string, name: string, packed: string | undefined): boolean {
  const refs = [name, `refs/${name}`, `refs/tags/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
  if (refs.some((ref) => existsQuiet(join(gitDir, ...ref.split('/'))) || existsQuiet(join(commonDir, ...ref.split('/'))))) return true;
  return packed !== undefined && refs.some((ref) => packed.includes(` ${ref}\n`) || packed.endsWith(` ${ref}`));
}
