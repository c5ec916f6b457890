/**
 * The instructions Claude Code gives the agent besides its prompt: a `nested_memory` attachment
 * holds the CLAUDE.md of a folder the agent read in, or a `.claude/rules/*.md` whose paths it
 * touched (`{path, content: {path, type, content}}`); a `hook_success` attachment of a SessionStart
 * hook of the user's own, what it printed for the agent (their standing preferences, loaded again
 * in every session). Each is the read of a file of instructions: the trail keeps its rules
 * (trail/instruction-files.ts) as for a CLAUDE.md the agent read itself.
 */
import { OUTPUT_CHARS, type TranscriptEvent } from '../../log/events.js';
import { obj, str, type Json } from '../../log/json.js';
import { boundInstructions, HOOK_CONTEXT, RULE_LINE } from '../../log/rules.js';

/**
 * The read of a memory file, once for each path and text (`once` is false for one given before);
 * `n` grows with each (not the events' count: a long log's older events are dropped).
 */
export function memoryRead(a: Json, at: string | undefined, sidechain: boolean, n: number, once: (key: string) => boolean): TranscriptEvent[] {
  const content = obj(a.content);
  const hook = a.type === 'hook_success' ? hookContext(a) : undefined;
  const path = hook === undefined ? (str(content?.path) ?? str(a.path)) : HOOK_CONTEXT;
  const text = hook ?? str(content?.content);
  if (!path || !text?.trim() || !once(`memory ${path}\0${text}`)) return [];
  const id = `memory-${n}`;
  return [
    { kind: 'tool', id, name: 'Read', input: { file_path: path }, at, sidechain },
    { kind: 'result', id, ok: true, output: boundInstructions(text, OUTPUT_CHARS), at, sidechain },
  ];
}

/**
 * What a SessionStart hook printed for the agent (`{"hookSpecificOutput": {"additionalContext": …}}`,
 * or plain text): not a plugin's (run from `${CLAUDE_PLUGIN_ROOT}`: the same for everyone who
 * installed it), and not git-session's own (its command carries git-session's mark; its text is
 * the snapshot it resumed from, or after a compaction what the summary dropped: "[git-session] …").
 */
function hookContext(a: Json): string | undefined {
  const command = str(a.command) ?? '';
  if (!/^SessionStart\b/.test(str(a.hookName) ?? str(a.hookEvent) ?? '') || /CLAUDE_PLUGIN_ROOT|\bgit[- ]session\b/.test(command)) return undefined;
  const stdout = str(a.stdout)?.trim() ?? '';
  let text: string | undefined = stdout;
  if (stdout.startsWith('{')) {
    try {
      text = str(obj(obj(JSON.parse(stdout) as Json)?.hookSpecificOutput)?.additionalContext);
    } catch {
      /* not JSON: the text it printed */
    }
  }
  // Instructions say so somewhere ("always", "never", "must"): a hook's status line ("Already up to date.") is none.
  return text && RULE_LINE.test(text) && !/^(?:You are resuming an earlier|\[git-session\])/.test(text) ? text : undefined;
}
