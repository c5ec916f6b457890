/**
 * An apply_patch envelope as an edit event: the tool of that name, or the same patch run through
 * the shell (`apply_patch <<'PATCH'` … `PATCH`, as Codex 0.5x's `shell` tool did it).
 */
import { posix } from 'node:path';
import { changeDigest, removedDigest } from '../../log/change.js';
import { afterCd, cdOf } from '../../log/cd.js';
import { definesSomething } from '../../log/definitions.js';
import type { TranscriptEvent } from '../../log/events.js';
import { patchPaths } from './items.js';

/**
 * The patch a shell command feeds to apply_patch (a here-document, `"$(cat <<'EOF' …)"`, or the
 * envelope as its argument), if that is all it does, and the folder it `cd`s into first.
 */
export function shellPatch(command: string): { text: string; dir?: string } | undefined {
  const body = afterCd(command);
  const dir = cdOf(command);
  const text =
    /^apply_patch\s*<<-?\s*(['"]?)([\w.-]+)\1[ \t]*\n([^]*?)\n[ \t]*\2\s*$/.exec(body)?.[3] ??
    /^apply_patch\s+"\$\(cat\s*<<-?\s*(['"]?)([\w.-]+)\1[ \t]*\n([^]*?)\n[ \t]*\2\s*\)"\s*$/.exec(body)?.[3] ??
    /^apply_patch\s+(['"]?)(\*\*\* Begin Patch[^]*\*\*\* End Patch)\s*\1\s*$/.exec(body)?.[2];
  return text === undefined ? undefined : { text, ...(dir ? { dir } : {}) };
}

/** The edit a patch made, or undefined when it names no file. */
export function patchEdit(id: string, patch: string, at: string | undefined, dir?: string): TranscriptEvent | undefined {
  // Paths are the patch's own, from the folder it ran in.
  const inDir = (p: string): string => (dir && !posix.isAbsolute(p) ? posix.join(dir, p) : p);
  const paths = patchPaths(patch).map(inDir);
  if (!paths.length) return undefined;
  const deleted = [...patch.matchAll(/^\*\*\* Delete File: (.+)$/gm)].map((m) => inDir(m[1]!.trim()));
  const created = [...patch.matchAll(/^\*\*\* Add File: (.+)$/gm)].map((m) => inDir(m[1]!.trim()));
  const lines = patch.split('\n');
  // The added lines, each hunk's after its header when it names where ("@@ class ManifestEntry").
  const kept: string[] = [];
  let header: string | undefined;
  for (const l of lines) {
    // A hunk's header holds for its own lines: a new hunk or file starts without it.
    if (l.startsWith('@@') || l.startsWith('*** ')) header = /^@@ \S/.test(l) ? l : undefined;
    // A bare `@@` with the definition among its context lines (" export const f = async (") says where as well.
    else if (l.startsWith(' ') && definesSomething(l.slice(1))) header = `@@ ${l.trim()}`;
    else if (l.startsWith('+')) {
      // Said for the first line written, when that line is inside something (indented): a line of the top level is in nothing.
      const text = l.slice(1);
      if (header && text.trim()) {
        if (/^\s/.test(text)) kept.push(header);
        header = undefined;
      }
      kept.push(text);
    }
  }
  const added = kept.join('\n');
  const removed = removedDigest(
    lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1)),
    kept,
  );
  return {
    kind: 'edit',
    id,
    paths: paths.filter((p) => !deleted.includes(p)),
    deleted: deleted.length ? deleted : undefined,
    ...(created.length ? { created } : {}),
    change: added ? changeDigest(added, paths[0] ?? '') : undefined,
    ...(removed ? { removed } : {}),
    tool: 'apply_patch',
    at,
  };
}

/**
 * The project instructions Codex puts before the first prompt ("# AGENTS.md instructions for
 * /repo" and the file between `<INSTRUCTIONS>` tags), as the read of that file they are: the
 * trail keeps its rule lines (instruction-files.ts) as it does for a CLAUDE.md the agent read.
 */
export function agentsFileRead(text: string, at: string | undefined, id: string): TranscriptEvent[] {
  const m = /^# AGENTS\.md instructions for (\S.*)\n+<INSTRUCTIONS>\n?([^]*?)\n?<\/INSTRUCTIONS>/.exec(text.trimStart());
  if (!m) return [];
  const path = posix.join(m[1]!.trim(), 'AGENTS.md');
  return [
    { kind: 'tool', id, name: 'Read', input: { file_path: path }, at },
    { kind: 'result', id, ok: true, output: m[2]!, at },
  ];
}
