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
  const block = removed
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // Read line by line only when the read holds the first line at all.
  if (!block.length || block[0]!.length < 6 || !read.includes(block[0]!)) return change;
  const lines = readLines(read);
  const trimmed = lines.map((l) => l.trim());
  // Where the whole removed block is (an edit's old text is unique as a whole, its first line need not be); once, or nothing is said.
  const starts: number[] = [];
  for (let i = trimmed.indexOf(block[0]!); i !== -1 && starts.length < 2; i = trimmed.indexOf(block[0]!, i + 1)) {
    let j = i;
    let k = 0;
    while (k < block.length && j < trimmed.length) {
      if (!trimmed[j]) j++;
      else if (trimmed[j] === block[k]) (j++, k++);
      else break;
    }
    if (k === block.length) starts.push(i);
  }
  if (starts.length !== 1) return change;
  const at = starts[0]!;
  for (let i = at - 1; at > 0 && i >= 0 && i >= at - LOOK_UP; i--) {
    const l = lines[i]!;
    // A definition at a shallower indent than the edited line: the one it is in.
    if (definedNames(l).length && l.search(/\S/) < lines[at]!.search(/\S/)) return `@@ ${l.trim()}\n${change}`;
  }
  return change;
}
