/**
 * What the agent saved to its own memory for the user's guidance: Claude Code's memory files
 * (`~/.claude/projects/<project>/memory/<name>.md`, a frontmatter with `type: feedback` and a
 * description, then the rule, **Why:** and **How to apply:**). Claude Code loads them in its next
 * session of the project on that machine only; the resume prompt carries them to any agent.
 */
import type { TranscriptEvent } from '../transcript/index.js';

/**
 * A memory file of Claude Code's, or its MEMORY.md index, in the user's home (its config folder may
 * be renamed: `.claude-personal`); not a project's fixture of the same shape (`test/fixtures/.claude/…`).
 */
const MEMORY_FILE =
  /^(?:~|\/(?:Users|home)\/[^/\\]+|\/root|[A-Za-z]:[\\/]Users[\\/][^/\\]+)[\\/]\.claude[\w.-]*[\\/]projects[\\/][^/\\]+[\\/]memory[\\/][^/\\]+\.md$/;

const MAX_CHARS = 300;

/** A memory file's path: the agent's own data, never a file of the work. */
export const isMemoryFile = (path: string): boolean => MEMORY_FILE.test(path);

/** The user's guidance the agent saved (type feedback), each as its description and how to apply it; the last write of each file. */
export function memoryNotes(events: TranscriptEvent[]): string[] {
  const failed = new Set(events.flatMap((e) => (e.kind === 'result' && !e.ok ? [e.id] : [])));
  const notes = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== 'edit' || e.paths.length !== 1 || !e.change || failed.has(e.id) || !isMemoryFile(e.paths[0]!)) continue;
    // An edit of its body alone leaves the note as it was; one of its description or type without
    // the rest (an Edit) drops it: what the note says now is not known whole.
    const front = /^---\n([^]*?)\n---/.exec(e.change)?.[1] ?? (/^\s*(?:description|type):/m.test(e.change) ? '' : undefined);
    if (front === undefined) continue;
    const description = /^description:\s*(.+)$/m
      .exec(front)?.[1]
      ?.trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    if (!/^\s*type:\s*feedback\s*$/m.test(front) || !description) {
      notes.delete(e.paths[0]!);
      continue;
    }
    // Its examples in parentheses are the first to go: the rule is what a next session follows.
    const apply = /^\*\*How to apply:\*\*\s*(.+)$/m
      .exec(e.change)?.[1]
      // Cut short where the log's digest clipped it: to its last whole clause.
      ?.replace(/[,;:]?\s[^,;:.]*…$/, '')
      .replace(/\s*\([^()]*\)/g, '')
      .trim();
    const text = `Saved to memory: ${description.replace(/[.\s]+$/, '')}${apply ? `. How to apply: ${apply}` : ''}`;
    notes.set(e.paths[0]!, text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1).replace(/\s+\S*$/, '')}…` : text);
  }
  return [...notes.values()];
}
