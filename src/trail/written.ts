/** What a shell command wrote into a file, when the command holds it: a here-document or a PowerShell here-string. */
import { powershellFiles } from '../extract/powershell.js';

/** `cat > f <<'EOF'` … `EOF` (the redirection before or after the `<<`, or `tee f`). */
const HEREDOC = /^(.*)<<-?[ \t]*(['"]?)([A-Za-z_][\w.-]*)\2(.*)\n([^]*?)\n[ \t]*\3[ \t]*$/gm;
/** `@'` … `'@ | Set-Content f` (also `Add-Content`, `Out-File`). */
const HERE_STRING = /@(['"])[ \t]*\r?\n([^]*?)\r?\n\1@([^\n]*)/g;

/**
 * The text a command wrote into `path` (as the command names it) from a here-document or a
 * here-string; undefined when the command wrote it otherwise (`sed -i`, a program's output).
 */
export function writtenBody(command: string, path: string): string | undefined {
  if (command.includes('<<'))
    for (const m of command.matchAll(HEREDOC)) {
      const line = `${m[1]} ${m[4]}`;
      if (!/^\s*(?:cat|tee)\b/.test(line)) continue;
      const to = /(?:^|[^<>&\d])>>?\s*(["']?)([^\s;&|<>()'"]+)\1/.exec(line)?.[2] ?? /\btee\s+(?:-a\s+)?(["']?)([^\s;&|<>'"]+)\1/.exec(line)?.[2];
      if (to === path) return m[5];
    }
  if (command.includes("@'") || command.includes('@"'))
    for (const m of command.matchAll(HERE_STRING)) {
      const into = /^\s*\|(.*)$/.exec(m[3]!)?.[1];
      if (into && powershellFiles(into).written.includes(path)) return m[2];
    }
  return undefined;
}
