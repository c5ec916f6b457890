/**
 * Commands the user ran themselves in Claude Code's bash mode ("!" before a prompt): a user line
 * `<bash-input>uv run ty check</bash-input>`, then one with `<bash-stdout>…</bash-stdout>` and
 * `<bash-stderr>…</bash-stderr>`. They ran, in the session's folder, and what they printed is
 * what the user showed the agent ("Please fix these lint errors"): a command and its result like
 * the agent's own, its exit code unknown.
 */
import type { TranscriptEvent } from '../../log/events.js';

const tag = (text: string, name: string): string | undefined => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)(?:</${name}>|$)`).exec(text);
  return m?.[1];
};

/**
 * What a failing run prints, when no exit code says so: an error line of its own, or a count of
 * failures (not "Found 2 errors (2 fixed, 0 remaining)"). Output on stderr alone is no failure: git,
 * uv and npm write their progress there.
 */
const FAILED = /^(?:error|fatal)\b|^Traceback\b|\berror\[|\b[1-9]\d* failed\b|\b[1-9]\d* errors?\b(?! \(\d+ fixed, 0 remaining\))/im;

/**
 * The shell's own complaint that it could not run the line at all (zsh's `(eval):1: unmatched '`,
 * `command not found: Image`, bash's syntax error): nothing ran.
 */
const NOT_A_COMMAND =
  /^(?:\(eval\):\d+: |(?:-?(?:ba|z|da|k)?sh)(?::(?: line)? \d+)?: (?:parse error|syntax error|unexpected EOF|command not found|bad pattern|unmatched|[^:\n]+: (?:command )?not found))/;
/**
 * Words, not a command: a first word capitalised as a word is ("Yes please", "Image updated. Do a
 * handoff doc", "Això no funciona") or in capitals ("OK go ahead"), not a program's name (`R`,
 * `Rscript`); a short line names no file, path or option (`Rscript analysis.R`), a sentence may.
 */
const isWords = (text: string): boolean => {
  const words = text.trim().split(/\s+/);
  const first = words[0]!.replace(/[,.!?:]$/, '');
  if (!/^\p{Lu}[\p{Ll}']+$|^\p{Lu}{2,}$/u.test(first) || words[1]?.startsWith('-')) return false;
  return words.length >= 4 || !words.some((w) => /^-|[/\\=]|^\.+$|\w\.\w{1,4}$/.test(w));
};

/** What is read so far: the command still waiting for its output. Plain data: the reader's state is cached (v8-serialized) between saves. */
export interface UserShell {
  pending?: string;
  /** The pending command's text. */
  command?: string;
  count: number;
}

/** The events of one user line: a command, its result, or none. */
export function readUserShell(
  state: UserShell,
  text: string,
  at: string | undefined,
  sidechain: boolean,
  once: (key: string) => boolean = () => true,
  /** The events read so far: a command read on a line before, taken back when its output shows it was words. */
  read: TranscriptEvent[] = [],
): TranscriptEvent[] {
  const t = text.trimStart();
  const out: TranscriptEvent[] = [];
  if (t.startsWith('<bash-input>')) {
    const command = tag(t, 'bash-input')?.trim();
    // Read before (a conversation Claude Code wrote again): neither it nor its output again.
    if (!command || (at && !once(`shell ${at} ${command}`))) return [];
    state.pending = `user-shell-${++state.count}`;
    state.command = command;
    out.push({ kind: 'command', id: state.pending, command, at, sidechain, byUser: true });
  }
  // The output comes in the next user line, or (some versions) in the same one.
  if (!state.pending || !/<bash-(?:stdout|stderr)>/.test(t)) return out;
  const id = state.pending;
  state.pending = undefined;
  const stdout = tag(t, 'bash-stdout') ?? '';
  const stderr = tag(t, 'bash-stderr') ?? '';
  const exit = /(?:^|\n)Exit code (\d+)\s*$/.exec(stderr.trimEnd());
  const exitCode = exit ? Number(exit[1]) : undefined;
  const output = [stdout, exit ? stderr.slice(0, exit.index) : stderr].filter((x) => x.trim()).join('\n');
  // Words typed in bash mode by mistake, which the shell could not run: the agent reads them as the user's request.
  if (!stdout.trim() && NOT_A_COMMAND.test(stderr.trimStart()) && isWords(state.command ?? '')) {
    // Its command, read on a line before (as every real log has it), is taken back.
    if (!out.length) takeBack(read, id);
    return [{ kind: 'ask', text: state.command!, at, sidechain }];
  }
  const ok = exitCode !== undefined ? exitCode === 0 : !FAILED.test(stdout);
  out.push({ kind: 'result', id, ok, output, at, sidechain, ...(exitCode !== undefined ? { exitCode } : {}) });
  return out;
}

/** Takes back the command event `id` (words the shell could not run, read as a command on the line before). */
function takeBack(events: TranscriptEvent[], id: string): void {
  const i = events.findLastIndex((e) => e.kind === 'command' && e.id === id);
  if (i >= 0) events.splice(i, 1);
}
