/**
 * What a commit or pull request command said of its change below the subject or title: the
 * agent's own account of what changed and why, which a question about the change asks for. Read
 * from the command's own words (its `-m` values by position, its `--body`, the here-document it
 * gives `-F -` or `--body-file -`), one pass, never from the rest of a compound command.
 */

/** Where the command that commits or opens (merges) a pull request starts: its program's words. */
const STARTS = /(?:^|[\s;&|(])(?:git\s+(?:-C\s+\S+\s+)?commit|gh\s+pr\s+(?:create|merge))(?![\w-])/;
/** A value that is a here-document's text, `$(cat <<'EOF' … EOF)`: its header. */
const HEREDOC_VALUE = /^\$\(\s*cat\s*<<-?\s*(['"]?)([\w.-]+)\1[ \t]*\n/;

/** A here-document the command was given (`<<'EOF'`): its end word, and where the operator was. */
interface Heredoc {
  word: string;
  at: number;
}

/** The words of the simple command from `from` to an unquoted `;`, `&`, `|` or line end, and its here-documents. */
function wordsFrom(command: string, from: number): { words: string[]; heredocs: Heredoc[] } {
  const words: string[] = [];
  const heredocs: Heredoc[] = [];
  let word: string | undefined;
  const push = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = from; i < command.length; i++) {
    const c = command[i]!;
    if (c === '\\' && command[i + 1] === '\n') i++;
    else if (c === ' ' || c === '\t') push();
    else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === ')') break;
    else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) break;
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = '';
      for (i++; i < command.length && command[i] !== '"'; i++)
        text += command[i] === '\\' && '"\\$`'.includes(command[i + 1] ?? '') ? command[++i] : command[i];
      word = (word ?? '') + text;
    } else if (c === '<' && command[i + 1] === '<' && command[i + 2] !== '<') {
      push();
      const m = /^<<-?[ \t]*(['"]?)([\w.-]+)\1/.exec(command.slice(i, i + 200));
      if (m) heredocs.push({ word: m[2]!, at: i });
      i += (m?.[0].length ?? 2) - 1;
    } else word = (word ?? '') + c;
  }
  push();
  return { words, heredocs };
}

/** The text of the here-document whose operator is at `doc.at`: the lines after that line, up to its end word. */
function heredocText(command: string, doc: Heredoc): string {
  const start = command.indexOf('\n', doc.at) + 1;
  if (start === 0) return '';
  for (let at = start; at <= command.length;) {
    const next = command.indexOf('\n', at);
    const line = command.slice(at, next < 0 ? command.length : next);
    if (line.trim() === doc.word) return command.slice(start, Math.max(start, at - 1));
    if (next < 0) break;
    at = next + 1;
  }
  return '';
}

/** A value as the shell gives it: a here-document's text for `$(cat <<'EOF' … EOF)`; nothing for what only the shell knows (`$MSG`, `$(git log …)`). */
function valueText(value: string): string | undefined {
  const head = HEREDOC_VALUE.exec(value);
  if (head) {
    const end = value.lastIndexOf(`\n${head[2]}`);
    return end > head[0].length - 1 ? value.slice(head[0].length, end) : undefined;
  }
  return /^\$(?:\w+|\{[^}]*\}|\(.*\))$/s.test(value.trim()) ? undefined : value;
}

/** The message a commit command wrote below its subject, or the description a pull request command gave; '' when none. */
export function messageOf(command: string): string {
  const start = STARTS.exec(command);
  if (!start) return '';
  const git = start[0].includes('git');
  const { words, heredocs } = wordsFrom(command, start.index + start[0].length);
  const values: Array<string | undefined> = [];
  const given = (w: string | undefined): string | undefined => (w === '-' && heredocs.length ? heredocText(command, heredocs[0]!) : undefined);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const long = /^--(message|body)=([^]*)$/.exec(w);
    if (long && (git ? long[1] === 'message' : long[1] === 'body')) values.push(valueText(long[2]!));
    else if (git ? /^(?:-[a-zA-Z]*m|--message)$/.test(w) : /^(?:-b|--body)$/.test(w)) values.push(valueText(words[++i] ?? ''));
    else if (git ? /^(?:-F|--file)$/.test(w) : /^(?:-F|--body-file)$/.test(w)) values.push(given(words[++i]));
  }
  // git's first paragraph is the subject: the message is what follows it.
  const text = values.map((v) => v?.trim() ?? '').filter(Boolean);
  if (!git) return text.join('\n\n');
  if (values[0] === undefined) return text.join('\n\n');
  const [subject, ...rest] = values.map((v) => v?.trim() ?? '');
  const below = subject!.includes('\n') ? subject!.slice(subject!.indexOf('\n') + 1).trim() : '';
  return [below, ...rest].filter(Boolean).join('\n\n');
}
