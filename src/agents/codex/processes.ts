/**
 * Codex's unified exec: a command still running when its call returned (its output says "Process
 * running with session ID 4242") goes on in the background, polled with write_stdin, until a poll
 * sees it exit. What it printed comes in those polls, and how it ended in the last one: both are
 * the command's result, not the poll's (a test run that failed after 30 s failed).
 */
import { bound, OUTPUT_CHARS, type TranscriptEvent } from '../../log/events.js';

/** A command still running: the call that started it, and what its polls have printed so far (bounded). Plain data: cached with the reader. */
export interface Process {
  call: string;
  output: string;
}

/** How many events back an output's call is looked for. */
const LOOK_BACK = 256;

/**
 * A line a code-mode script printed that is nothing but the process id it left running
 * ("SESSION_ID=66977"): not a session id a command's own output mentions.
 */
export const SESSION_MARKER = /^[ \t]*session[ _]?id[ \t]*[=:][ \t]*(\d+)[ \t]*$/im;

/**
 * After the output `text` of call `id`: a command it started that still runs (`running`, its
 * process id) is followed in `processes`; a write_stdin poll adds what it printed to the
 * command's, and a poll that reports an exit code ends the process: the command's result is
 * then pushed again, with the exit code and all it printed.
 */
export function followProcess(
  processes: Map<string, Process>,
  events: TranscriptEvent[],
  id: string,
  text: string,
  running: string | undefined,
  exitCode: number | undefined,
  at: string | undefined,
): void {
  // The call is a few events back (parallel calls: a few dozen at most): looked for from the end, not
  // through the whole log for every output (an apply_patch's call is an edit, never found here).
  let call: TranscriptEvent | undefined;
  for (let i = events.length - 1; i >= Math.max(0, events.length - LOOK_BACK) && !call; i--) {
    const e = events[i]!;
    if ((e.kind === 'command' || e.kind === 'tool') && e.id === id) call = e;
  }
  if (call?.kind === 'tool' && call.name === 'write_stdin') {
    const polled = String(call.input.session_id ?? '');
    const process = processes.get(polled);
    if (!process) return;
    if (text.trim()) process.output = bound(process.output ? `${process.output}\n${text}` : text, OUTPUT_CHARS);
    if (exitCode !== undefined) endProcess(processes, events, polled, exitCode, undefined, at);
  } else if (running !== undefined && call?.kind === 'command') startProcess(processes, events, running, id, text, at);
}

/** The command `call` left process `pid` running (its first output `text`). */
export function startProcess(
  processes: Map<string, Process>,
  events: TranscriptEvent[],
  pid: string,
  call: string,
  text: string,
  at: string | undefined,
): void {
  // A process followed already stays its command's (its polls are that command's).
  if (processes.has(pid)) return;
  processes.set(pid, { call, output: bound(text, OUTPUT_CHARS) });
  events.push({ kind: 'background', shell: pid, status: 'started', call, at });
}

/**
 * Process `pid` exited with `exitCode`: its command's result again, with all it printed (`output`
 * when the log has it whole, else what the polls saw). False for a process not followed.
 */
export function endProcess(
  processes: Map<string, Process>,
  events: TranscriptEvent[],
  pid: string,
  exitCode: number,
  output: string | undefined,
  at: string | undefined,
): boolean {
  const process = processes.get(pid);
  if (!process) return false;
  processes.delete(pid);
  const ok = exitCode === 0;
  events.push({ kind: 'background', shell: pid, status: ok ? 'completed' : 'failed', at });
  events.push({ kind: 'result', id: process.call, ok, output: output?.trim() ? bound(output, OUTPUT_CHARS) : process.output, exitCode, at });
  return true;
}
