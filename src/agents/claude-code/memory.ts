/**
 * The instruction files Claude Code gives the agent as it works: a `nested_memory` attachment
 * holds the CLAUDE.md of a folder the agent read in, or a `.claude/rules/*.md` whose paths it
 * touched (`{path, content: {path, type, content}}`). Each is the read of that file it is: the
 * trail keeps its rules (trail/instruction-files.ts) as for a CLAUDE.md the agent read itself.
 */
import { OUTPUT_CHARS, type TranscriptEvent } from '../../log/events.js';
import { obj, str, type Json } from '../../log/json.js';
import { boundInstructions } from '../../log/rules.js';

/**
 * The read of a memory file, once for each path and text (`once` is false for one given before);
 * `n` grows with each (not the events' count: a long log's older events are dropped).
 */
export function memoryRead(a: Json, at: string | undefined, sidechain: boolean, n: number, once: (key: string) => boolean): TranscriptEvent[] {
  const content = obj(a.content);
  const path = str(content?.path) ?? str(a.path);
  const text = str(content?.content);
  if (!path || !text?.trim() || !once(`memory ${path}\0${text}`)) return [];
  const id = `memory-${n}`;
  return [
    { kind: 'tool', id, name: 'Read', input: { file_path: path }, at, sidechain },
    { kind: 'result', id, ok: true, output: boundInstructions(text, OUTPUT_CHARS), at, sidechain },
  ];
}
