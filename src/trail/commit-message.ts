/**
 * What a commit or pull request command said of its change below the subject or title: the
 * agent's own account of what changed and why, which a question about the change asks for. Read
 * from the command's own words (its `-m` values by position, its `--body`, the here-document it
 * gives `-F -` or `--body-file -`), one pass, never from the rest of a compound command.
 */

/** Where the command that commits or opens (merges) a pull request starts: its program's words, git's own options between. */
const STARTS = /(?:^|[\s;&|(])(?:git(?:\s+(?:-[Cc]\s+\S+|--?[a-z][\w-]*(?:=\S*)?))*\s+commit|gh\s+pr\s+(?:create|merge))(?![\w-])/;
/** A value that is a here-document's text, `$(cat <<'EOF' … EOF)`: its header. */
const HEREDOC_VALUE = /^\$\(\s*cat\s*<<-?\s*(['"]?)([\w.-]+)\1[ \t]*\n/;
/** What a backslash and a character stand for in `$'…'`. */
const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** A here-document the command was given (`<<'EOF'`): its end word, and where the operator was. */
interface Heredoc {
  word: string;
  at: number;
}

/** Where the line that ends a here-document (its end word alone) starts, searching from `start` (a line's start); -1 when none does. */
function heredocEnd(command: string, start: number, word: string): number {
  for (let at = start; at <= command.length;) {
    const next = command.indexOf('\n', at);
    if (command.slice(at, next < 0 ? command.length : next).trim() === word) return at;
    if (next < 0) break;
    at = next + 1;
  }
  return -1;
}

/** The words of the simple command from `from` to an unquoted `;`, `&`, `|`, `#` or line end, and its here-documents. */
function wordsFrom(command: string, from: number): { words: string[]; heredocs: Heredoc[] } {
  const words: string[] = [];
  const heredocs: Heredoc[] = [];
  let word: string | undefined;
  let unended = false;
  const push = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = from; i < command.length; i++) {
    const c = command[i]!;
    if (c === '\\' && command[i + 1] === '\n') i++;
    else if (c === ' ' || c === '\t') push();
    else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === ')' || (c === '#' && word === undefined)) break;
    else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) break;
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      // `"$(cat <<'EOF' … EOF)"`: the here-document's text is literal, quotes too; the word ends after its `)`.
      // (A search that found no end is not made again: many unended ones would each scan to the end.)
      const doc: RegExpExecArray | null = unended ? null : HEREDOC_VALUE.exec(command.slice(i + 1, i + 201));
      const end: number = doc ? heredocEnd(command, i + 1 + doc[0].length, doc[2]!) : -1;
      unended ||= Boolean(doc) && end < 0;
      const close = end < 0 ? -1 : command.indexOf(')', end);
      if (close >= 0) {
        word = (word ?? '') + command.slice(i + 1, close + 1);
        i = command.indexOf('"', close);
        if (i < 0) break;
        continue;
      }
      let text = '';
      for (i++; i < command.length && command[i] !== '"'; i++)
        text += command[i] === '\\' && '"\\$`'.includes(command[i + 1] ?? '') ? command[++i] : command[i];
      word = (word ?? '') + text;
    } else if (c === '$' && command[i + 1] === "'") {
      // ANSI-C quoting: `$'Fix\n\nBody'`.
      let text = '';
      for (i += 2; i < command.length && command[i] !== "'"; i++) {
        const escaped = command[i] === '\\' ? (command[++i] ?? '') : undefined;
        text += escaped === undefined ? command[i] : (ANSI_C[escaped] ?? escaped);
      }
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
  const end = start === 0 ? -1 : heredocEnd(command, start, doc.word);
  return end < 0 ? '' : command.slice(start, Math.max(start, end - 1));
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

/** An option of `names` (`m|-message`) with its value glued on (`-mx`, `--message=x`; '' when the value is the next word), or null. */
function option(w: string, short: string, long: string): string | null {
  if (w === `-${short}` || w === `--${long}`) return '';
  if (w.startsWith(`--${long}=`)) return w.slice(long.length + 3);
  return w.startsWith(`-${short}`) && w.length > 2 ? w.slice(2) : null;
}

/** The values a commit's `-m`/`-F -` or a pull request's `--body`/`--body-file -` gave, in order (undefined: one only the shell knows), and whether it is git's. */
function messageValues(command: string): { git: boolean; values: Array<string | undefined> } | undefined {
  const start = STARTS.exec(command);
  if (!start) return undefined;
  const git = !/gh\s+pr\s/.test(start[0]);
  const { words, heredocs } = wordsFrom(command, start.index + start[0].length);
  const values: Array<string | undefined> = [];
  // Standard input's here-document, read once however many options name it.
  let stdin: string | undefined;
  const given = (w: string | undefined): string | undefined => (w === '-' && heredocs.length ? (stdin ??= heredocText(command, heredocs[0]!)) : undefined);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // `-m x`, `-mx`, `--message=x`, `-am x`; `-F -`, `-F-`, `--file=-`.
    const m = git ? (/^-[a-zA-Z]+m$/.test(w) ? '' : option(w, 'm', 'message')) : option(w, 'b', 'body');
    const f = m === null ? (git ? option(w, 'F', 'file') : option(w, 'F', 'body-file')) : null;
    if (m !== null) values.push(valueText(m || (words[++i] ?? '')));
    else if (f !== null) values.push(given(f || words[++i]));
  }
  return { git, values };
}

/** The message a commit command wrote below its subject, or the description a pull request command gave; '' when none. */
export function messageOf(command: string): string {
  const read = messageValues(command);
  if (!read) return '';
  const { git, values } = read;
  // git's first paragraph is the subject: the message is what follows it (a subject only the shell knows leaves the rest).
  if (!git || values[0] === undefined) return values.flatMap((v) => v?.trim() || []).join('\n\n');
  const [subject, ...rest] = values.map((v) => v?.trim() ?? '');
  const below = subject!.includes('\n') ? subject!.slice(subject!.indexOf('\n') + 1).trim() : '';
  return [below, ...rest].filter(Boolean).join('\n\n');
}

/** A commit command's subject (its message's first line), or undefined: a pull request's, or one only the shell knows. */
export function subjectOf(command: string): string | undefined {
  const read = messageValues(command);
  return read?.git ? read.values[0]?.trim().split('\n', 1)[0] || undefined : undefined;
}
