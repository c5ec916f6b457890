/**
 * Codex's code mode: the model writes JavaScript for one freeform tool, `exec`, and calls the
 * other tools inside it (`await tools.exec_command({cmd: "make check", workdir: "/repo"})`,
 * `tools.apply_patch("*** Begin Patch …")`). The shell commands are read out of the script, and
 * their results out of what the script printed: each result object (`{"exit_code":0,"output":…}`)
 * it printed whole, in order; a command whose script printed only its output has no exit code.
 */
import { obj, type Json } from '../../log/json.js';

/** The tool that runs the script. */
export const CODE_MODE_TOOL = 'exec';

/** A shell command called in a script: its command line and folder. */
export interface ScriptCommand {
  cmd: string;
  workdir?: string;
}

/** What a script's output says of one of its commands. */
export interface ScriptResult {
  output: string;
  exitCode?: number;
}

/** The end of a string literal that starts at `at` (its quote), or -1. */
function literalEnd(js: string, at: number): number {
  const q = js[at]!;
  for (let i = at + 1; i < js.length; i++) {
    if (js[i] === '\\') i++;
    else if (js[i] === q) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0', '\n': '' };

/** The value of the string literal at `at` ("…", '…', or `…` without `${}`), or undefined. */
function literal(js: string, at: number): string | undefined {
  const q = js[at];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  const end = literalEnd(js, at);
  if (end < 0) return undefined;
  const body = js.slice(at + 1, end);
  if (q === '`' && body.includes('${')) return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const c = body[++i] ?? '';
    const hex =
      c === 'u' ? /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(body.slice(i + 1)) : c === 'x' ? /^([0-9a-fA-F]{2})/.exec(body.slice(i + 1)) : null;
    if (hex) {
      const cp = parseInt(hex[1] ?? hex[2] ?? hex[0], 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      i += hex[0].length;
    } else out += ESCAPES[c] ?? c;
  }
  return out;
}

/** The text of a call's arguments: from after `(` at `open` to its closing `)`, strings skipped. */
function argsText(js: string, open: number): string {
  let depth = 0;
  for (let i = open; i < js.length; i++) {
    const c = js[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = literalEnd(js, i);
      if (end < 0) return js.slice(open + 1);
      i = end;
    } else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (--depth === 0) return js.slice(open + 1, i);
    }
  }
  return js.slice(open + 1);
}

/** The string value of `key` in an object literal's text, when it is a literal. */
function field(args: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|[{,\\s])["']?${key}["']?\\s*:\\s*`).exec(args);
  return m ? literal(args, m.index + m[0].length) : undefined;
}

/** The shell commands a script calls, in the order written; a command built at run time is left out. */
export function scriptCommands(js: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  for (const m of js.matchAll(/\btools\.exec_command\s*\(/g)) {
    const args = argsText(js, m.index + m[0].length - 1);
    const cmd = field(args, 'cmd');
    if (cmd === undefined) continue;
    const workdir = field(args, 'workdir');
    out.push({ cmd, ...(workdir ? { workdir } : {}) });
  }
  return out;
}

/** The text blocks of a script's output, without its header ("Script completed\nWall time 0.1 seconds\nOutput:\n"). */
export function scriptOutput(raw: unknown): { done: boolean; blocks: string[] } {
  const texts = (Array.isArray(raw) ? raw : [raw]).map((b) => (typeof b === 'string' ? b : typeof obj(b)?.text === 'string' ? (obj(b)!.text as string) : ''));
  const head = texts[0] ?? '';
  const body = head.indexOf('\nOutput:\n');
  const blocks = [body >= 0 ? head.slice(body + 9) : head, ...texts.slice(1)].filter((t) => t.trim());
  return { done: /^Script completed\b/.test(head), blocks };
}

/**
 * The results of a script's `count` commands, in order: the result objects it printed when there is
 * one for each; else, for a script of one command, all it printed (an exit code only when it says one).
 */
export function scriptResults(raw: unknown, count: number): ScriptResult[] | undefined {
  const { done, blocks } = scriptOutput(raw);
  const objects = blocks.flatMap((b): Json[] => {
    if (!b.trimStart().startsWith('{')) return [];
    try {
      const o = obj(JSON.parse(b));
      return o && ('exit_code' in o || 'output' in o) ? [o] : [];
    } catch {
      return [];
    }
  });
  if (objects.length === count)
    return objects.map((o) => ({
      output: typeof o.output === 'string' ? o.output : '',
      ...(typeof o.exit_code === 'number' ? { exitCode: o.exit_code } : {}),
    }));
  if (count === 1 && done) return [{ output: blocks.join('\n') }];
  return undefined;
}
