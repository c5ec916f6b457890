/**
 * The names a piece of code defines, read from the start of its lines: `def x`, `function x`,
 * `class X`, `fn x`, `func x`, `interface X`, `type X`, `struct X`, `enum X`, `defmodule X`,
 * `trait X`, `impl X` (with `export`, `pub`, `async` in front, indented for a method), and a
 * module's own `const x =` (at the line start: a function's locals are not what a file defines).
 * Prose that happens to say "a type and" is not a definition.
 */
const DEFINITION =
  /^(?:[ \t]*(?:export[ \t]+)?(?:pub(?:\([^)]*\))?[ \t]+)?(?:async[ \t]+)?(?:def|defp|function|class|fn|func|interface|type|struct|enum|defmodule|trait|impl)[ \t]+([A-Za-z_$][\w$.]*)|(?:export[ \t]+)?(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*=)/gm;

/** Whether a line defines something (see definedNames). */
const ONE = new RegExp(DEFINITION.source, 'm');
export const definesSomething = (line: string): boolean => ONE.test(line);

/** The names `code` defines, in order, each once. */
export function definedNames(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(DEFINITION)) {
    const name = (m[1] ?? m[2])!;
    if (name.length > 2 && !out.includes(name)) out.push(name);
  }
  return out;
}

/** A file of prose (Markdown, reStructuredText, AsciiDoc, text): its outline is its headings, and code it quotes defines nothing of the project. */
export const isDocument = (path: string): boolean => /\.(?:md|mdx|markdown|rst|adoc|txt)$/i.test(path);

/** A settings file in tables (`pyproject.toml`, `setup.cfg`, `tox.ini`): what an edit defines is its tables. */
const TABLED = /\.(?:toml|ini|cfg)$/i;
const TABLE = /^[ \t]*(\[\[?[\w.\-"' ]+\]\]?)[ \t]*$/gm;

/** The names an edit of the file at `path` defines: none for a document, whatever code it quotes; a settings file's tables (`[tool.hatch.build.targets.wheel.force-include]`). */
export const namesDefinedIn = (path: string, change: string): string[] =>
  isDocument(path) ? [] : TABLED.test(path) ? [...new Set([...change.matchAll(TABLE)].map((m) => m[1]!))] : definedNames(change);

/** The definitions an edit's lines went into, from its hunk headers (`@@ class ManifestEntry: › def __init__(`), in order, each once. */
export function enclosingNames(change: string): string[] {
  const out: string[] = [];
  for (const m of change.matchAll(/^@@ (.+)$/gm)) for (const name of definedNames(m[1]!.split(' › ').join('\n'))) if (!out.includes(name)) out.push(name);
  return out;
}
