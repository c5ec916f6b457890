/**
 * Where an edit went when its text does not say (an Edit whose old text starts inside a function,
 * not at its `def`): the file as the agent last read it, line-numbered, holds the definition above
 * the lines it replaced. The change then starts with git's hunk header for it, `@@ def name(…`,
 * as an edit whose text holds the definition does (lines.ts).
 */
import { definedNames } from '../log/definitions.js';
import { readLines } from './read-content.js';

/** How many lines above the edit a definition is looked for. */
const LOOK_UP = 200;

/** `change` with the header of the definition its removed lines were in, when the read file shows it and the change has none. */
export function withEnclosing(change: string | undefined, removed: string | undefined, read: string | undefined): string | undefined {
  if (!change || !removed || !read || change.startsWith('@@ ')) return change;
  const first = removed
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length >= 6);
  // Read line by line only when the read holds the line at all.
  if (!first || !read.includes(first)) return change;
  const lines = readLines(read);
  const at = lines.findIndex((l) => l.trim() === first);
  for (let i = at - 1; at > 0 && i >= 0 && i >= at - LOOK_UP; i--) {
    const l = lines[i]!;
    // A definition at a shallower indent than the edited line: the one it is in.
    if (definedNames(l).length && l.search(/\S/) < lines[at]!.search(/\S/)) return `@@ ${l.trim()}\n${change}`;
  }
  return change;
}
