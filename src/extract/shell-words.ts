/**
 * How a shell command line reads: the segments that run something (one line after another, a
 * loop's or a condition's body, a here-document's program), and a segment without its wrappers
 * (`sudo`, `npx`, `VAR=1`, git's own options).
 */
import { GIT_OPTIONS } from './git-setup.js';
import { withoutHeredocs } from './files.js';
import { splitUnquoted } from '../log/segments.js';
import { withoutCd } from './signals.js';

/** Wrappers that run another command: the purpose is the command they run. */
const WRAPPERS =
  /^(?:sudo|time|env|nice|nohup|timeout\s+\S+|npx|pnpx|bunx|uv\s+run|poetry\s+run|pipenv\s+run|bundle\s+exec|pnpm\s+exec|yarn\s+exec|dotenv\s+--|command)\s+/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|\S*)\s+/;

/** A line that runs nothing: a comment, or only variables set (`d=$(go list -m …)`, `OUT=/tmp/o.txt`). */
const RUNS_NOTHING = /^(?:#.*|(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\$\([^)]*(?:\)|$)|\$[^(\s]\S*|[^\s"'$]\S*|)(?:\s+|$))+)$/;
/** The shell's words that open a loop's or a condition's command (`if ! npm test`, `do git log …`, `time for …`): what runs is after them. */
const CONTROL = /^(?:(?:if|elif|then|else|while|until|do|!|time(?:\s+-p)?)\s+)+/;
/** A C-style loop's head (`for ((i=0; i<$((n*2)); i++))`), whose `;` separate no commands: read as a loop's head of one word. */
function withoutArithmeticFor(text: string): string {
  const head = /\bfor\s*\(\(/g;
  let out = '';
  let from = 0;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    // Its closing `))`: the parentheses counted, those of an expansion inside (`$((n*2))`) too.
    let depth = 0;
    let end = -1;
    for (let i = m.index + m[0].length - 2; i < text.length && end < 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) end = i;
    }
    if (end < 0) break;
    out += `${text.slice(from, m.index)}for i`;
    from = head.lastIndex = end + 1;
  }
  return out + text.slice(from);
}
/** A line of a loop or a condition that runs nothing itself: its head (`for b in a c`, `while read -r f`), its end (`done`, `done < files.txt`, `fi`, fish's `end`), a test (`[ $s -eq 0 ]`). */
const CONTROL_ONLY = /^(?:for\s+\w+(?:\s+in\b.*)?|case\s.*\sin|(?:\w+=\S*\s+)*read\b.*|(?:fi|done|esac|end)(?:\s*<.*)?|then|do|else|\{|\})$|^(?:\[\[?|test)\s/;
/** A shell or a here-document written out: `bash <<'EOF'` (its lines are what runs), `cat <<'EOF'` (to a file, its redirection gone), or the delimiter that closes one. */
const HEREDOC_ONLY = /^(?:(?:(?:ba|z|da|k)?sh|cat)(?:\s+-\S+)*\s*<<-?\s*(['"]?)[\w.-]+\1|['"]?[A-Z][A-Z0-9_]*['"]?)$/;

/**
 * The segments of a command line that run something (not `cd`, `export`, `echo`, `source`): one
 * line after another too (`cat > body.md <<'EOF'` … `EOF` then `gh pr create --body-file body.md`),
 * a here-document's text being no command (unless a shell runs it), nor a comment line or a line
 * that only sets variables. A here-document piped into a program (`cat <<'EOF' | python3 -`) is that program.
 */
export function segments(cmd: string): string[] {
  const heredoc = cmd.includes('<<');
  const lines = withoutArithmeticFor(
    withoutHeredocs(cmd)
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n'),
  );
  return splitUnquoted(withoutCd(lines), '\\', (c, next) => (c === ';' || c === '\n' ? 1 : (c === '&' || c === '|') && next === c ? 2 : 0))
    .map((s) => {
      const [first, ...piped] = s.split(/\s+\|\s+/);
      const runs = heredoc && piped.length && /^cat\s*<<-?\s*(['"]?)[\w.-]+\1$/.test(first!.trim()) ? piped[0]! : first!;
      // The loop's or condition's word first: a subshell in its body (`do (cd "$d" && npm test)`) is what runs.
      return runs
        .replace(/(?:^|\s+)\d?>&?\s*\S+/g, '')
        .replace(CONTROL, '')
        .replace(/^[({]\s*|\s*[)}]$/g, '')
        .trim();
    })
    .filter(
      (s) =>
        s &&
        !/^(?:cd|export|source|\.|echo|printf|set|unset|true|false|sleep|clear|break|continue|:)(?:\s|$)/.test(s) &&
        !RUNS_NOTHING.test(s) &&
        !CONTROL_ONLY.test(s) &&
        !(heredoc && HEREDOC_ONLY.test(s)),
    );
}

export function unwrap(segment: string): string {
  let s = segment.trim();
  for (let i = 0; i < 6; i++) {
    const next = s.replace(ASSIGNMENT, '').replace(WRAPPERS, '');
    if (next === s) break;
    s = next;
  }
  // `git -C dir status` (`--no-pager`, `--git-dir=…`) is `git status`; `python -m pytest` is pytest.
  return s.replace(/^python3?\s+-m\s+/, '').replace(GIT_OPTIONS, 'git ');
}
