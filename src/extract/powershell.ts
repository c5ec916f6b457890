/**
 * Files a PowerShell command writes or deletes (Codex and Claude Code on Windows run PowerShell):
 * `… | Set-Content code\app.py`, `Out-File -FilePath log.txt`, `New-Item -ItemType File a.py`,
 * `Remove-Item old.py`, the target of `Copy-Item` / `Move-Item`.
 */

import { splitUnquoted } from '../log/segments.js';

/**
 * The here-strings of a command (`@'` at a line's end … `'@` at a line's start): where each starts
 * and ends, its text, and what follows its end on that line. An `@'` never closed is text. Found
 * by indexOf, in linear time (a lazy pattern rescans to the end from every unclosed `@'`).
 */
export function hereStrings(cmd: string): Array<{ start: number; end: number; text: string; after: string }> {
  const out: Array<{ start: number; end: number; text: string; after: string }> = [];
  if (!cmd.includes("@'") && !cmd.includes('@"')) return out;
  const open = /@(['"])[ \t]*\r?\n/g;
  const unclosed = new Set<string>();
  for (let m = open.exec(cmd); m; m = open.exec(cmd)) {
    const q = m[1]!;
    const close = unclosed.has(q) ? -1 : cmd.indexOf(`\n${q}@`, m.index + m[0].length - 1);
    if (close < 0) {
      // None closes it: none after it can be closed by the same quote either.
      unclosed.add(q);
      continue;
    }
    const lineEnd = cmd.indexOf('\n', close + 3);
    const end = close + 3;
    out.push({
      start: m.index,
      end,
      text: cmd.slice(m.index + m[0].length, close).replace(/\r$/, ''),
      after: cmd.slice(end, lineEnd < 0 ? cmd.length : lineEnd),
    });
    open.lastIndex = end;
  }
  return out;
}

/** A command without the bodies of its here-strings: text, whose `>` and `|` are no redirections or pipes. */
export const withoutHereStrings = (cmd: string): string => {
  const found = hereStrings(cmd);
  if (!found.length) return cmd;
  let out = '';
  let from = 0;
  for (const h of found) {
    out += `${cmd.slice(from, h.start)}@'…'@`;
    from = h.end;
  }
  return out + cmd.slice(from);
};

/** Each cmdlet (by its full name: agents write them so) and what it does to the paths it names. */
const CMDLETS: Array<[RegExp, 'written' | 'created' | 'deleted' | 'target']> = [
  [/^(?:set-content|add-content|out-file)$/i, 'written'],
  [/^new-item$/i, 'created'],
  [/^remove-item$/i, 'deleted'],
  [/^(?:copy-item|move-item)$/i, 'target'],
];

/** Parameters that name the path, and switches that take no value. */
const PATH_PARAMS = /^-(?:path|literalpath|filepath|destination|lp|pspath)$/i;
const SWITCHES = /^-(?:force|append|noclobber|nonewline|passthru|whatif|confirm|recurse|raw|asbytestream|container)$/i;

/** The arguments of one PowerShell command: quoted words whole, quotes removed; a list (`a.py, b.py`) one argument `a.py,b.py`. */
const words = (part: string): string[] => [...part.replace(/\s*,\s*/g, ',').matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);

/** A cmdlet's arguments: the values of its path parameters (`-Path a`, `-Path:a`; `-Destination` apart), and its positional ones. */
function pathsOf(args: string[]): { named: string[]; destination?: string; positional: string[] } {
  const named: string[] = [];
  const positional: string[] = [];
  let destination: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [param, value] = /^(-\w+):(.+)$/.exec(a)?.slice(1) ?? [a, undefined];
    if (PATH_PARAMS.test(param!)) {
      const v = value?.replace(/^(['"])(.*)\1$/, '$2') ?? args[++i] ?? '';
      if (/^-destination$/i.test(param!)) destination = v;
      else named.push(v);
    } else if (a.startsWith('-')) {
      if (value === undefined && !SWITCHES.test(a)) i++;
    } else positional.push(a);
  }
  return { named, destination, positional };
}

/** A command line's commands: split at `|`, `;` and line ends outside quotes. */
const commands = (cmd: string): string[] => splitUnquoted(cmd, '`', (c) => (c === '|' || c === ';' || c === '\n' || c === '\r' ? 1 : 0));

/** A PowerShell path as the log's other paths: `code\app.py` → `code/app.py`; a variable or wildcard is none. */
const asPath = (p: string): string | undefined => (p && !/[$*?`()]/.test(p) ? p.replace(/\\/g, '/') : undefined);

/** The files one command line's PowerShell cmdlets write, create and delete (each command of a pipeline, each line). */
export function powershellFiles(cmd: string): { written: string[]; created: string[]; deleted: string[] } {
  const out = { written: [] as string[], created: [] as string[], deleted: [] as string[] };
  if (!/\b(?:set-content|add-content|out-file|new-item|remove-item|copy-item|move-item)\b/i.test(cmd)) return out;
  for (const part of commands(withoutHereStrings(cmd))) {
    const [name = '', ...args] = words(part);
    const does = CMDLETS.find(([re]) => re.test(name))?.[1];
    // New-Item makes a folder unless told it is a file.
    if (!does || (does === 'created' && !/-itemtype\s+['"]?file\b/i.test(part))) continue;
    const { named, destination, positional } = pathsOf(args);
    const source = named[0] ?? positional[0];
    // New-Item's -Name is the file made inside -Path.
    const within = does === 'created' ? /(?:^|\s)-name(?::|\s+)['"]?([^\s'"]+)/i.exec(part)?.[1] : undefined;
    const add = (to: 'written' | 'created' | 'deleted', p: string | undefined): void => {
      for (const one of (p ?? '').split(',')) {
        const path = asPath(within ? (one && one !== '.' ? `${one.replace(/[\\/]+$/, '')}/${within}` : within) : one);
        if (path) out[to].push(path);
      }
    };
    if (does !== 'target') for (const p of named.length ? named : positional.length ? positional.slice(0, 1) : [within ? '' : undefined]) add(does, p);
    else {
      // Copy-Item / Move-Item: the destination is written; a move leaves no source.
      add('written', destination ?? (named.length ? positional[0] : positional[1]));
      if (/^move-item$/i.test(name)) add('deleted', source);
    }
  }
  return out;
}
