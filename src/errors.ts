/** Exit codes every command shares: scripts may switch on them. */
export const EXIT = { ok: 0, error: 1, usage: 2, nothingFound: 3 } as const;

/**
 * Every error code git-session reports (`err.code`, and `code` in `--json` errors and MCP tool
 * errors): one list, so a script or a client can switch on them and a new one is added here.
 */
export const ERROR_CODES = {
  EAMBIGUOUS: 'a session prefix several sessions share',
  EBADCONFIG: 'a git config value git-session cannot use',
  EBADHOOK: 'a hook payload that is not what the agent sends',
  EBADMANIFEST: 'a manifest that fails the schema',
  EBADPROBES: 'a probe file that is not one',
  EBADSETTINGS: "an agent's settings file that is not valid JSON",
  ECONFLICT: 'the snapshot ref moved under a save, every retry',
  EFETCH: 'a fetch from a remote failed',
  EGIT: 'a git command failed',
  EINSTALL: 'an install step failed and was rolled back',
  ELOCKED: 'the snapshot ref is locked by another process',
  ENOENT: 'a file named on the command line is not there',
  ENOGIT: 'git is not installed or not on PATH',
  ENOREMOTE: 'the remote named does not exist',
  ENOSNAPSHOT: 'no snapshot matches',
  ENOTE: 'a git note could not be written',
  ENOTRANSCRIPT: 'no agent transcript for this repository',
  ENOTREPO: 'not inside a git repository',
  EPUSH: 'a push to a remote failed',
  EUNREADABLE: 'a transcript that cannot be read',
  EUNSAFESTATE: 'a file in .git/agentflow that is not a regular file',
  EUNTRUSTED: 'a path outside what git-session may read',
  EUSAGE: 'arguments that do not fit the command',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** Base of every error git-session reports to a user: a message that says what to do next. */
export class GitSessionError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, exitCode: number = EXIT.error) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

export class NotAGitRepoError extends GitSessionError {
  constructor(dir: string) {
    super('ENOTREPO', `${dir} is not inside a git repository. Run git-session from your project, or create one with \`git init\`.`);
  }
}

export class TranscriptNotFoundError extends GitSessionError {
  constructor(searched: string[], cwd: string) {
    super(
      'ENOTRANSCRIPT',
      `No agent transcript found for ${cwd}.\nSearched:\n${searched.map((s) => `  ${s}`).join('\n')}\nPass one with --transcript PATH.`,
      EXIT.nothingFound,
    );
  }
}

export class TranscriptUnreadableError extends GitSessionError {
  constructor(path: string, reason: string) {
    // A transcript that is not there is "nothing found" (exit 3), as the README's table says.
    super(
      'EUNREADABLE',
      `Cannot read transcript ${path}: ${reason}. Check the path, or pass another with --transcript PATH.`,
      reason === 'no such file' ? EXIT.nothingFound : EXIT.error,
    );
  }
}

export class NoSnapshotError extends GitSessionError {
  constructor(detail = '') {
    super('ENOSNAPSHOT', `No session snapshot ${detail || 'in this repository yet'}. Make one with \`git session save\`.`, EXIT.nothingFound);
  }
}

export class InvalidManifestError extends GitSessionError {
  constructor(
    where: string,
    /** What is wrong with it, in a few words. */
    readonly reason: string,
  ) {
    super('EBADMANIFEST', `The manifest at ${where} is not valid (${reason}). It was not used; save a new one with \`git session save\`.`);
  }
}

export class ConfigError extends GitSessionError {
  constructor(key: string, value: string, expected: string) {
    super(
      'EBADCONFIG',
      `git config ${key}=${JSON.stringify(value)} is not valid: expected ${expected}. Fix it with \`git config ${key} <value>\` or remove it with \`git config --unset ${key}\`.`,
      EXIT.usage,
    );
  }
}

export class UsageError extends GitSessionError {
  constructor(message: string) {
    super('EUSAGE', message, EXIT.usage);
  }
}

export class InstallFailedError extends GitSessionError {
  constructor(reason: string) {
    super('EINSTALL', `Install failed (${reason}); everything it had changed was put back. Fix the cause and run \`git session install\` again.`);
  }
}

/** A file in .git/agentflow that is not a regular file in a real folder (a link, a FIFO): never followed. */
export class UnsafeStateError extends GitSessionError {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(
      'EUNSAFESTATE',
      `${path} is ${what}; git-session keeps its files in .git/agentflow only as regular files in real folders. Remove it (rm ${JSON.stringify(path)}) and run the command again.`,
    );
  }
}

/** Sessions an ambiguous prefix lists at most. */
const LISTED_CANDIDATES = 10;

/** A session prefix several sessions share: refused with the candidates, never the newest picked. */
export class AmbiguousSessionError extends GitSessionError {
  constructor(
    given: string,
    /** The sessions the prefix matches, newest first: one snapshot each. */
    readonly candidates: Array<{ sessionId: string; date: string; branch?: string }>,
  ) {
    const shown = given.length > 80 ? `${JSON.stringify(given.slice(0, 80))}…` : JSON.stringify(given);
    const lines = candidates.slice(0, LISTED_CANDIDATES).map((s) => `  ${s.sessionId}  (${s.date}${s.branch ? `, ${s.branch}` : ''})`);
    const more = candidates.length > LISTED_CANDIDATES ? `\n  … and ${candidates.length - LISTED_CANDIDATES} more` : '';
    super(
      'EAMBIGUOUS',
      `Session ${shown} is ambiguous: ${candidates.length} sessions start with it:\n${lines.join('\n')}${more}\nGive more characters of the session id.`,
      EXIT.usage,
    );
  }
}

/** A ref whose lock file stays in place (a killed git's): the message says how to remove it. */
export class RefLockedError extends GitSessionError {
  constructor(
    readonly ref: string,
    readonly lockFile: string,
    /** Where the manifest that could not be stored was kept. */
    readonly kept?: string,
  ) {
    super(
      'ELOCKED',
      `${ref} is locked by ${lockFile}. If no git command is running in this repository, a killed git left it behind: remove it with \`rm '${lockFile.replace(/'/g, `'\\''`)}'\` and run the command again.${kept ? ` The manifest was kept in ${kept} and is stored with the next save.` : ''}`,
    );
  }
}

export class GitCommandError extends GitSessionError {
  constructor(args: string[], result: { status: number; stdout: string; stderr: string }) {
    super('EGIT', `git ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

/** The snapshot ref moved under a save on every retry. */
export class ConcurrentUpdateError extends GitSessionError {
  constructor(ref: string, attempts: number) {
    super('ECONFLICT', `Could not update ${ref} after ${attempts} attempts: other saves kept winning. Run \`git session save\` again.`);
  }
}
