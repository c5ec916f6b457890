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

/** What a failing run prints: an error line of its own, or a count of failures. */
const FAILED = /^(?:error|fatal)\b|^Traceback\b|\berror\[|\b[1-9]\d* (?:failed|errors?)\b/im;

/** What is read so far: the command still waiting for its output. Plain data: the reader's state is cached (v8-serialized) between saves. */
export interface UserShell {
  pending?: string;
  count: number;
}

/** The events of one user line: a command, its result, or none. */
export function readUserShell(state: UserShell, text: string, at: string | undefined, sidechain: boolean): TranscriptEvent[] {
  const t = text.trimStart();
  if (t.startsWith('<bash-input>')) {
    const command = tag(t, 'bash-input')?.trim();
    if (!command) return [];
    state.pending = `user-shell-${++state.count}`;
    return [{ kind: 'command', id: state.pending, command, at, sidechain, byUser: true }];
  }
  if (!state.pending || !(t.startsWith('<bash-stdout>') || t.startsWith('<bash-stderr>'))) return [];
  const id = state.pending;
  state.pending = undefined;
  const stdout = tag(t, 'bash-stdout') ?? '';
  const stderr = tag(t, 'bash-stderr') ?? '';
  const output = [stdout, stderr].filter((x) => x.trim()).join('\n');
  return [{ kind: 'result', id, ok: !stderr.trim() && !FAILED.test(stdout), output, at, sidechain }];
}
