/**
 * Commands the user's hooks ran (a Stop hook's `uv run pytest`, a PostToolUse hook's formatter),
 * and what they printed: checks of the work the harness ran, not the agent. Claude Code 1.0.x
 * writes a system line, "\u001b[1mStop\u001b[22m [uv run pytest 2>&1] completed successfully: …";
 * 2.1.x an attachment, `{type: "hook_success" | "hook_non_blocking_error" | …, hookName, command,
 * stdout, stderr, exitCode}`. Which of them count (checks, not a status ping) is for the extractor.
 */
import { bound, OUTPUT_CHARS, TEXT_CHARS, type TranscriptEvent } from '../../log/events.js';
import { num, obj, str, type Json } from '../../log/json.js';

/** The head of a 1.0.x hook line, up to its output: bounded, so a long line costs no backtracking. */
const SYSTEM_RUN = /^\u001b\[1m([\w:.-]{1,80})\u001b\[22m \[([\s\S]{1,2000}?)\] (completed successfully|failed[^:\n]{0,200})(?::\s?|$)/;

/** A hook's run, or none; `once` is false for a run read before (a conversation Claude Code wrote again). */
export function hookRun(line: Json, at: string | undefined, sidechain: boolean, once: (key: string) => boolean = () => true): TranscriptEvent[] {
  let run: { hook: string; command: string; ok: boolean; output: string; exitCode?: number } | undefined;
  if (line.type === 'system') {
    const content = str(line.content) ?? '';
    const m = SYSTEM_RUN.exec(content.slice(0, 2400));
    if (m)
      run = {
        hook: m[1]!,
        command: m[2]!,
        ok: m[3] === 'completed successfully',
        output: content.slice(m[0].length),
        exitCode: Number(/status code (\d+)/.exec(m[3]!)?.[1]) || undefined,
      };
  } else if (line.type === 'attachment') {
    const a = obj(line.attachment);
    const command = str(a?.command);
    if (a && command && /^hook_(?:success|non_blocking_error|blocking_error|error)$/.test(str(a.type) ?? ''))
      run = {
        hook: str(a.hookName) ?? str(a.hookEvent) ?? 'hook',
        command,
        ok: a.type === 'hook_success',
        output: [str(a.stdout), str(a.stderr)].filter((s) => s?.trim()).join('\n'),
        exitCode: num(a.exitCode),
      };
  }
  if (run && at && !once(`hook ${at} ${run.command}`)) return [];
  return run ? [{ kind: 'hook', ...run, command: bound(run.command, TEXT_CHARS), output: bound(run.output, OUTPUT_CHARS), at, sidechain }] : [];
}
