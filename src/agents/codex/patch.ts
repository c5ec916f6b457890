/**
 * An apply_patch envelope as an edit event: the tool of that name, or the same patch run through
 * the shell (`apply_patch <<'PATCH'` … `PATCH`, as Codex 0.5x's `shell` tool did it).
 */
import { posix } from 'node:path';
import { changeDigest, removedDigest } from '../../log/change.js';
import { afterCd, cdOf } from '../../log/cd.js';
import { definesSomething } from '../../log/definitions.js';
import { OUTPUT_CHARS, type TranscriptEvent } from '../../log/events.js';
import { boundInstructions } from '../../log/rules.js';
import { obj, str, type Json } from '../../log/json.js';
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
  // A file moved (`*** Update File: a` then `*** Move to: b`) is a gone and b made.
  const moves = [...patch.matchAll(/^\*\*\* Update File: (.+)\n\*\*\* Move to: (.+)$/gm)].map((m) => [inDir(m[1]!.trim()), inDir(m[2]!.trim())] as const);
  const deleted = [...[...patch.matchAll(/^\*\*\* Delete File: (.+)$/gm)].map((m) => inDir(m[1]!.trim())), ...moves.map(([from]) => from)];
  const created = [...[...patch.matchAll(/^\*\*\* Add File: (.+)$/gm)].map((m) => inDir(m[1]!.trim())), ...moves.map(([, to]) => to)];
  const { added, removed } = written(patch.split('\n'));
  // A patch of several files: what it wrote to each, for the trail's entry of that file.
  const sections = patch.split(/^(?=\*\*\* (?:Add|Update|Delete) File: )/m).slice(1);
  const files =
    sections.length > 1
      ? sections.flatMap((text) => {
          const lines = text.split('\n');
          const path = inDir((/^\*\*\* Move to: (.+)$/m.exec(text)?.[1] ?? lines[0]!.replace(/^\*\*\* \w+ File: /, '')).trim());
          const w = written(lines.slice(1));
          return deleted.includes(path) || (!w.added && !w.removed)
            ? []
            : [{ path, ...(w.added ? { change: changeDigest(w.added, path) } : {}), ...(w.removed ? { removed: w.removed } : {}) }];
        })
      : [];
  return {
    kind: 'edit',
    id,
    paths: paths.filter((p) => !deleted.includes(p)),
    deleted: deleted.length ? deleted : undefined,
    ...(created.length ? { created } : {}),
    change: added ? changeDigest(added, paths[0] ?? '') : undefined,
    ...(removed ? { removed } : {}),
    ...(files.length ? { files } : {}),
    tool: 'apply_patch',
    at,
  };
}

/**
 * What a patch's lines wrote (the added lines, each hunk's after its header when it names where)
 * and took out (less what it wrote again).
 */
function written(lines: string[]): { added: string; removed?: string } {
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
  const removed = removedDigest(
    lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1)),
    kept,
  );
  return { added: kept.join('\n'), ...(removed ? { removed } : {}) };
}

/**
 * A patch_apply_end's `changes` (by absolute path: `{type:"add",content}`, `{type:"update",
 * unified_diff}`, `{type:"delete"}`) as the apply_patch envelope they came from, for patchEdit:
 * a patch a code-mode script applied is read like one the tool applied, what it wrote included.
 */
export function changesPatch(changes: Json): string {
  const out = ['*** Begin Patch'];
  const lines = (text: string): string[] => text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  for (const [path, raw] of Object.entries(changes)) {
    const c = obj(raw);
    const type = str(c?.type);
    if (type === 'add') out.push(`*** Add File: ${path}`, ...lines(str(c?.content) ?? '').map((l) => `+${l}`));
    else if (type === 'delete') out.push(`*** Delete File: ${path}`);
    else {
      const moved = str(c?.move_path);
      out.push(`*** Update File: ${path}`, ...(moved ? [`*** Move to: ${moved}`] : []));
      // The diff's own file headers (before its first hunk) are no lines of it; a hunk's line numbers say no place.
      let inHunk = false;
      for (const l of lines(str(c?.unified_diff) ?? '')) {
        if (l.startsWith('@@')) {
          inHunk = true;
          out.push(l.replace(/^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?/, '@@ ').trimEnd());
        } else if (inHunk || !/^(?:---|\+\+\+) /.test(l)) out.push(l);
      }
    }
  }
  return [...out, '*** End Patch'].join('\n');
}

/**
 * The project instructions Codex puts before the first prompt ("# AGENTS.md instructions for
 * /repo" and the file between `<INSTRUCTIONS>` tags): the folder and the file's text.
 */
export function agentsInstructions(text: string): { directory: string; text: string } | undefined {
  const m = /^# AGENTS\.md instructions for (\S.*)\n+<INSTRUCTIONS>\n?([^]*?)\n?<\/INSTRUCTIONS>/.exec(text.trimStart());
  return m ? { directory: m[1]!.trim(), text: m[2]! } : undefined;
}

/**
 * The memory summary Codex gives the agent in a developer message before the first prompt (what
 * it learnt of the user in earlier sessions), between its `MEMORY_SUMMARY BEGINS` and `ENDS`
 * lines, and the file it is (named in the message's list of the memory folder): of
 * `<codex home>/memories/memory_summary.md`, the user's standing preferences ("## User
 * preferences": "Commit and push means narrow Conventional Commits …"). Its tips and its index of
 * earlier work are notes on all the user's projects, not this one's rules. Read line by line: every
 * developer message comes here, and one may be megabytes.
 */
export function memorySummary(text: string): { file: string; text: string } | undefined {
  if (!text.includes('MEMORY_SUMMARY BEGINS')) return undefined;
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const begins = lines.findIndex((l) => /^=+ MEMORY_SUMMARY BEGINS =+$/.test(l));
  const ends = lines.findIndex((l, i) => i > begins && /^=+ MEMORY_SUMMARY ENDS =+$/.test(l));
  if (begins < 0 || ends < 0) return undefined;
  let file = '~/.codex/memories/memory_summary.md';
  for (const l of lines.slice(0, begins)) file = /^[ \t]*-[ \t]+(\S.*[\\/]memories[\\/]memory_summary\.md)\b/.exec(l)?.[1] ?? file;
  const summary = lines.slice(begins + 1, ends);
  const level = (l: string): number => /^(#+)[ \t]/.exec(l)?.[1]!.length ?? 0;
  const from = summary.findIndex((l) => level(l) > 0 && /^#+[ \t]*(?:user[ \t]+)?preferences\b/i.test(l));
  // Up to its next heading as high, or where Codex cut a long summary short ("…1058 tokens truncated…").
  const to = summary.findIndex((l, i) => i > from && ((level(l) > 0 && level(l) <= level(summary[from]!)) || /…\d+ tokens truncated…/.test(l)));
  const section = from < 0 ? [] : summary.slice(from, to < 0 ? undefined : to);
  // A heading alone says nothing.
  return section.slice(1).some((l) => l.trim()) ? { file, text: section.join('\n') } : undefined;
}

/**
 * The AGENTS.md of `directory` Codex gave the agent (before the first prompt, or in 0.146's
 * `world_state`), or another file of instructions it gave (`file`: the memory summary), as the
 * read of that file it is: the trail keeps its rule lines (instruction-files.ts) as it does for a
 * CLAUDE.md the agent read.
 */
export function agentsMdRead(directory: string, instructions: string, at: string | undefined, id: string, file?: string): TranscriptEvent[] {
  const path = file ?? posix.join(directory, 'AGENTS.md');
  return [
    { kind: 'tool', id, name: 'Read', input: { file_path: path }, at },
    // A long one by its rules, not its edges (the rules sit between).
    { kind: 'result', id, ok: true, output: boundInstructions(instructions, OUTPUT_CHARS), at },
  ];
}
