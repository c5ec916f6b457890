/** What a shell command wrote into a file, when the command holds it: a here-document or a PowerShell here-string. */
import { commandFiles, HEREDOC_START } from '../extract/files.js';
import { hereStrings, powershellFiles } from '../extract/powershell.js';

/**
 * The text a command wrote into `path` (as the command names it) from a here-document
 * (`cat > f <<'EOF'` … `EOF`, the redirection before or after the `<<`, or `tee f`) or a
 * here-string (`@'` … `'@ | Set-Content f`); undefined when the command wrote it otherwise
 * (`sed -i`, a program's output). Line by line, in linear time.
 */
export function writtenBody(command: string, path: string): string | undefined {
  if (command.includes('<<')) {
    const lines = command.split('\n');
    // Where each line stands (trimmed), to find a delimiter's line without rescanning.
    let at: Map<string, number[]> | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const m = line.includes('<<') ? HEREDOC_START.exec(line) : null;
      if (!m) continue;
      if (!at) {
        at = new Map();
        for (const [k, l] of lines.entries()) at.get(l.trim())?.push(k) ?? at.set(l.trim(), [k]);
      }
      const end = at.get(m[2]!)?.find((k) => k > i);
      if (end === undefined) continue;
      const rest = `${line.slice(0, m.index)} ${line.slice(m.index + m[0].length)}`;
      // `cat` or `tee` writing the file, as the command's files name it (its redirection, tee's file).
      if (/^\s*(?:cat|tee)\b/.test(rest) && commandFiles(rest).written.includes(path)) return lines.slice(i + 1, end).join('\n');
      i = end;
    }
  }
  for (const h of hereStrings(command)) {
    const into = /^\s*\|(.*)$/.exec(h.after)?.[1];
    if (into && powershellFiles(into).written.includes(path)) return h.text;
  }
  return undefined;
}
