/**
 * A command line's commands, split where the shell runs one after another (`;`, `&&`, `||`):
 * not inside quotes (`sed -n '1,5p;9p'`), not at an escaped `\;` (`find … -exec grep {} \;`).
 * No imports: the hooks' bundle takes it without the file parsing.
 */
export function segments(cmd: string): string[] {
  const out: string[] = [];
  let quote = '';
  let from = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === ';' || ((c === '&' || c === '|') && cmd[i + 1] === c)) {
      out.push(cmd.slice(from, i));
      if (c !== ';') i++;
      from = i + 1;
    }
  }
  out.push(cmd.slice(from));
  return out.map((s) => s.trim()).filter(Boolean);
}
