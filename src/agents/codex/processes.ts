/**
 * Codex's unified exec: a command still running when its call returned (its output says "Process
 * running with session ID 4242") goes on in the background, polled with write_stdin, until its
 * exec_command_end or a poll that saw it exit.
 */
import type { TranscriptEvent } from '../../log/events.js';

/**
 * After the output of call `id`: a command it started that still runs (`running`, its process id)
 * is followed in `running`; a write_stdin poll that reports an exit code ends the process it polled.
 */
export function followProcess(
  processes: Set<string>,
  events: TranscriptEvent[],
  id: string,
  running: string | undefined,
  exitCode: number | undefined,
  at: string | undefined,
): void {
  // The call is a few events back: looked for from the end.
  const call = events.findLast((e) => (e.kind === 'command' || e.kind === 'tool') && e.id === id);
  const polled = call?.kind === 'tool' && call.name === 'write_stdin' ? String(call.input.session_id ?? '') : '';
  if (exitCode !== undefined && processes.delete(polled))
    events.push({ kind: 'background', shell: polled, status: exitCode === 0 ? 'completed' : 'failed', at });
  if (running !== undefined && call?.kind === 'command') {
    processes.add(running);
    events.push({ kind: 'background', shell: running, status: 'started', call: id, at });
  }
}
