/**
 * Files a PowerShell command writes or deletes (Codex and Claude Code on Windows run PowerShell):
 * `… | Set-Content code\app.py`, `Out-File -FilePath log.txt`, `New-Item -ItemType File a.py`,
 * `Remove-Item old.py`, the target of `Copy-Item` / `Move-Item`.
 */

import { splitUnquoted } from '../log/segments.js';

/** A here-string (`@'` … `'@` at a line's start): text, whose `>` and `|` are no redirections or pipes. */
const HERE_STRING = /@(['"])[ \t]*\r?\n[^]*?\r?\n\1@/g;

/** A command without the bodies of its here-strings. */
export const withoutHereStrings = (cmd: string): string => (cmd.includes("@'") || cmd.includes('@"') ? cmd.replace(HERE_STRING, "@'…'@") : cmd);

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

/** The arguments of one PowerShell command: quoted words whole, quotes removed. */
const words = (part: string): string[] => [...part.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);

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
    const add = (to: 'written' | 'created' | 'deleted', p: string | undefined): void => {
      const path = asPath(p ?? '');
      if (path) out[to].push(path);
    };
    if (does !== 'target') for (const p of named.length ? named : positional.slice(0, 1)) add(does, p);
    else {
      // Copy-Item / Move-Item: the destination is written; a move leaves no source.
      add('written', destination ?? (named.length ? positional[0] : positional[1]));
      if (/^move-item$/i.test(name)) add('deleted', source);
    }
  }
  return out;
}
