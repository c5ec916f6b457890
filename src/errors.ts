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
    super('EUNREADABLE', `Cannot read transcript ${path}: ${reason}. Check the path, or pass another with --transcript PATH.`, reason === 'no such file' ? EXIT.nothingFound : EXIT.error);
  }
}

export class NoSnapshotError extends GitSessionError {
  constructor(detail = '') {
    super(
      'ENOSNAPSHOT',
      `No session snapshot ${detail || 'in this repository yet'}. Make one with \`git session save\`.`,
      EXIT.nothingFound,
    );
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
    super('EBADCONFIG', `git config ${key}=${JSON.stringify(value)} is not valid: expected ${expected}. Fix it with \`git config ${key} <value>\` or remove it with \`git config --unset ${key}\`.`, EXIT.usage);
  }
}

export class UsageError extends GitSessionError {
  constructor(message: string) {
    super('EUSAGE', message, EXIT.usage);
  }
}
