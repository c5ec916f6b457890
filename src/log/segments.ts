/**
 * A command line's commands, split where the shell runs one after another (`;`, `&&`, `||`):
 * not inside quotes (`sed -n '1,5p;9p'`), not at an escaped `\;` (`find … -exec grep {} \;`).
 * No imports: the hooks' bundle takes it without the file parsing.
 */
export function segments(cmd: string): string[] {
  return splitUnquoted(cmd, '\\', (c, next) => (c === ';' ? 1 : (c === '&' || c === '|') && next === c ? 2 : 0));
}

/**
 * `cmd` split at the separators `at` finds outside quotes (it says how many characters one takes,
 * 0 for none), the shell's `escape` character (`\` in sh, a backtick in PowerShell) taking the next
 * one as it is: outside quotes in sh, inside double quotes in both. Each part trimmed; none empty.
 */
export function splitUnquoted(cmd: string, escape: '\\' | '`', at: (c: string, next: string | undefined) => number): string[] {
  const out: string[] = [];
  let quote = '';
  let from = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote) {
      if (c === escape && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '\\' && escape === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else {
      const width = at(c, cmd[i + 1]);
      if (width) {
        out.push(cmd.slice(from, i));
        i += width - 1;
        from = i + 1;
      }
    }
  }
  out.push(cmd.slice(from));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** A quoted word of a shell command line: `'…'` as it is, `"…"` with its escapes (its text in group 1 or 2). */
export const QUOTED = /'([^']*)'|"((?:[^"\\]|\\.)*)"/g;
