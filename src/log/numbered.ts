/**
 * A file's text as a read returned it with its lines numbered (Claude Code's Read: "    38→def f("
 * or "38\tdef f("; `cat -n`, `nl -ba`): the redactor's rules read lines from their start ("KEY: v"
 * in YAML, a .netrc's "password x" on its own line), so the numbers go before it sees them.
 */

/** What the harness appends to a read (a reminder to the model): no line of the file. */
export const HARNESS_NOTE = /<system-reminder>[^]*?<\/system-reminder>/g;

/** A numbered line: the number, then the arrow or a tab. */
const NUMBERED = /^\s*(\d+)(?:→|\t)/;

/**
 * `output` without its line numbers when its lines are numbered (most of its first lines, counting
 * up); anything else as it is: a table of counts ("12\tapples", "7\tpears") is no read.
 */
export function unnumbered(output: string): string {
  if (!NUMBERED.test(output) || output.length < 4) return output;
  const lines = output.split('\n');
  // The harness's note after a read (a reminder to the model) is no line of the file.
  const head = output
    .replace(HARNESS_NOTE, '')
    .split('\n')
    .slice(0, 40)
    .filter((l) => l.trim());
  const numbers = head.map((l) => NUMBERED.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  if (numbers.length < Math.max(1, head.length * 0.8)) return output;
  // Counting up (a log its author cut short skips some: 35, then 60).
  const counts = numbers.every((n, i) => i === 0 || Number(n) > Number(numbers[i - 1]));
  if (!counts && numbers.length > 1) return output;
  return lines.map((l) => l.replace(NUMBERED, '')).join('\n');
}
