/** Claude Code's background shells (`run_in_background`): where each stands, from the results and notices that say so. */
import type { TranscriptEvent } from '../../log/events.js';
import { str } from '../../log/json.js';

/** What a background command's shell is said to be doing: `started` by the call `call`, or a later status. */
export interface ShellStatus {
  shell: string;
  status: string;
  call?: string;
}

/**
 * What a tool result says of a background shell: a Bash call started one ("Command running in
 * background with ID: 01910a"), a check of it (BashOutput, TaskOutput: `<status>running</status>`),
 * a stop (KillShell: "Successfully killed shell: 01910a", or "… is not running … (status: killed)").
 * `callOf` gives the call the result answers, looked up only when the result says a status.
 */
export function backgroundSaid(output: string, callOf: () => TranscriptEvent | undefined, callId: string): ShellStatus | undefined {
  const started = /^Command running in background with ID: (\w+)/.exec(output);
  if (started) return { shell: started[1]!, status: 'started', call: callId };
  const killed = /^\{?.{0,20}Successfully killed shell: (\w+)/.exec(output);
  if (killed) return { shell: killed[1]!, status: 'killed' };
  // Checks begin with their tags (`<status>`, `<retrieval_status>`), a stop of a shell gone with "Shell": no other output is searched.
  const status = output.startsWith('<')
    ? /^[\s\S]{0,200}?<status>(\w+)<\/status>/.exec(output)
    : output.startsWith('Shell ')
      ? /^Shell \w+ is not running, so cannot be killed \(status: (\w+)\)/.exec(output)
      : null;
  if (!status) return undefined;
  // Only a check or a stop of a shell says where it stands (not a page a command fetched that holds such tags).
  const call = callOf();
  if (call?.kind !== 'tool' || !/^(?:BashOutput|TaskOutput|KillShell|KillBash|TaskStop)$/.test(call.name)) return undefined;
  const input = call.input;
  const shell = str(input.bash_id) ?? str(input.shell_id) ?? str(input.task_id) ?? /<task_id>(\w+)<\/task_id>/.exec(output)?.[1];
  return shell ? { shell, status: status[1]! } : undefined;
}

/** What Claude Code's notices of background tasks say (`<task-notification>…<task-id>…<status>completed</status>`). */
export function taskNotices(text: string): ShellStatus[] {
  if (!text.includes('<task-notification>')) return [];
  // Each notice on its own, up to its closing tag: a search from each opening to the text's end would be quadratic.
  return text
    .split('<task-notification>')
    .slice(1)
    .flatMap((part) => {
      const end = part.indexOf('</task-notification>');
      const notice = end < 0 ? part : part.slice(0, end);
      const shell = /<task-id>(\w+)<\/task-id>/.exec(notice)?.[1];
      const status = /<status>(\w+)<\/status>/.exec(notice)?.[1];
      return shell && status ? [{ shell, status }] : [];
    });
}
