/**
 * Codex's code mode: the model writes JavaScript for one freeform tool, `exec`, and calls the
 * other tools inside it (`await tools.exec_command({cmd: "make check", workdir: "/repo"})`,
 * `tools.apply_patch("*** Begin Patch …")`). The shell commands are read out of the script, and
 * their results out of what the script printed: each result object (`{"exit_code":0,"output":…}`)
 * it printed whole, in order; a command whose script printed only its output has no exit code.
 */
import { obj, type Json } from '../../log/json.js';
import { bound, type TranscriptEvent } from '../../log/events.js';
import { isProbeCommand, isVerifyCommand, testCounts } from '../../extract/signals.js';
import { SESSION_MARKER } from './processes.js';

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
  /** The process it left running, to be polled (a result's `session_id`, or "SESSION_ID=66977" printed). */
  running?: string;
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

/** Where the comment or literal at `at` ends (its last character), or -1 when none starts there. */
function skipped(js: string, at: number): number {
  const c = js[at];
  if (c === '"' || c === "'" || c === '`') {
    const end = literalEnd(js, at);
    return end < 0 ? js.length : end;
  }
  if (c === '/' && js[at + 1] === '/') {
    const end = js.indexOf('\n', at);
    return end < 0 ? js.length : end;
  }
  if (c === '/' && js[at + 1] === '*') {
    const end = js.indexOf('*/', at + 2);
    return end < 0 ? js.length : end + 1;
  }
  return -1;
}

/** A call's arguments (from after `(` at `open` to its `)`), and where they end; strings and comments skipped. */
function argsText(js: string, open: number): { text: string; end: number } {
  let depth = 0;
  for (let i = open; i < js.length; i++) {
    const skip = skipped(js, i);
    if (skip >= 0) i = skip;
    else if (js[i] === '(' || js[i] === '{' || js[i] === '[') depth++;
    else if ((js[i] === ')' || js[i] === '}' || js[i] === ']') && --depth === 0) return { text: js.slice(open + 1, i), end: i };
  }
  return { text: js.slice(open + 1), end: js.length };
}

/** The string value of a top-level `key` of the object literal in `args`, when it is a literal. */
function field(args: string, key: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    // A key quoted or not, at the object's own level, then `:`.
    const quoted = c === '"' || c === "'";
    const name = quoted ? literal(args, i) : /[A-Za-z_$]/.test(c) && !/[\w$]/.test(args[i - 1] ?? '') ? /^[\w$]+/.exec(args.slice(i, i + 64))?.[0] : undefined;
    const after = quoted ? literalEnd(args, i) + 1 : i + (name?.length ?? 0);
    if (depth === 1 && name === key) {
      const colon = /^\s*:\s*/.exec(args.slice(after, after + 64));
      if (colon) return literal(args, after + colon[0].length);
    }
    const skip = skipped(args, i);
    if (skip >= 0) i = skip;
    else if (name) i = after - 1;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return undefined;
}

/** The shell commands a script calls, in the order written (not in its comments or strings); a command built at run time is left out. */
export function scriptCommands(js: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  const CALL = 'tools.exec_command';
  for (let i = 0; i < js.length; i++) {
    const skip = skipped(js, i);
    if (skip >= 0) {
      i = skip;
      continue;
    }
    if (!js.startsWith(CALL, i) || /[\w$.]/.test(js[i - 1] ?? '')) continue;
    const open = /^\s*\(/.exec(js.slice(i + CALL.length, i + CALL.length + 16));
    if (!open) continue;
    const { text, end } = argsText(js, i + CALL.length + open[0].length - 1);
    i = end;
    const cmd = field(text.trim(), 'cmd');
    if (cmd === undefined) continue;
    const workdir = field(text.trim(), 'workdir');
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
  // Each result object, with the number of the label before it (`RESULT_1`, `---RESULT 2---`), on its own line or block:
  // a script that prints each result as its command finishes labels them out of order.
  const objects: Array<{ o: Json; n?: number }> = [];
  let label: number | undefined;
  // A label and nothing else ("RESULT_1", "---RESULT 2---", "Result 3:", "#4"): not "exit 1" or "$ git log -2" printed above a result.
  const numberOf = (line: string | undefined): number | undefined => {
    const m = line ? /^[\s=#*-]*(?:results?|outputs?|commands?|cmd|calls?|steps?|r)?[\s_#-]*(\d+)[\s:.)=*-]*$/i.exec(line) : null;
    return m ? Number(m[1]) : undefined;
  };
  for (const b of blocks) {
    const at = b.trimStart().startsWith('{') ? 0 : b.search(/^\{/m);
    const head = at < 0 ? b.trim().split('\n') : b.slice(0, at).trim().split('\n').filter(Boolean);
    // Before the object, a label and a warning or two ("Warning: truncated output"); not prose.
    if (at < 0 || head.length > 3 || head.some((l) => l.length > 160)) {
      label = head.length === 1 ? numberOf(head[0]) : undefined;
      continue;
    }
    try {
      const o = obj(JSON.parse(b.slice(at)));
      if (o && ('exit_code' in o || 'output' in o)) objects.push({ o, n: numberOf(head.at(-1)) ?? label });
    } catch {
      // Not an object: no result.
    }
    label = undefined;
  }
  // Labelled 0…count-1 or 1…count, each once: in the order of the labels.
  const ns = objects.map((x) => x.n);
  const from = Math.min(...ns.map((n) => n ?? Infinity));
  if ((from === 0 || from === 1) && new Set(ns).size === count && ns.every((n) => n !== undefined && n - from < count)) objects.sort((x, y) => x.n! - y.n!);
  if (objects.length === count)
    return objects.map(({ o }) => {
      const running = typeof o.exit_code === 'number' ? undefined : o.session_id;
      return {
        output: typeof o.output === 'string' ? o.output : '',
        ...(typeof o.exit_code === 'number' ? { exitCode: o.exit_code } : {}),
        ...(typeof running === 'number' || typeof running === 'string' ? { running: String(running) } : {}),
      };
    });
  if (count === 1 && done) {
    const output = blocks.join('\n');
    const running = /exit[ _]?code\W{1,3}-?\d/i.test(output) ? undefined : SESSION_MARKER.exec(output)?.[1];
    return [{ output, ...(running ? { running } : {}) }];
  }
  return undefined;
}

/** An output that says its command failed: a failed test, an error line, a compiler's or npm's error, a make failure. */
const FAILED =
  /^[ \t]*(?:FAIL\b|npm ERR!|npm error\b|error(?:\[\w+\])?:|fatal:|Traceback \(most recent call last\)|make: \*\*\*|ERROR\b|(?:\w*Error|Exception):)|\berror TS\d+\b|\b[1-9]\d* (?:errors?|failures?|failed)\b|\bcommand not found\b|\bError \d+\b|\bexited with (?:code|status) [1-9]/m;
/** What a read-only command says of itself when it failed: a missing file or program. */
const READ_FAILED = /\b(?:No such file or directory|command not found|Permission denied|not a git repository)\b/;
/** An output that says its check passed: a count or summary line, go's `ok  pkg`. */
const PASSED = /\b(?:\d+ (?:passed|passing)|all checks passed|all tests passed|no (?:errors|issues|problems) found|0 errors|0 failures)\b|^ok\s+\S/im;

/**
 * Whether a command whose exit code the script did not print passed, from what it printed: failed
 * when it says so (a read-only command only by its own errors: what it read may say anything); a
 * check that shows no count or summary of passing is not known (no result); another command passed.
 */
export function verdict(command: string, output: string): boolean | undefined {
  if (isProbeCommand(command)) return !READ_FAILED.test(output);
  const counts = testCounts(output);
  if ((counts.failed ?? 0) > 0 || FAILED.test(output)) return false;
  if (isVerifyCommand(command) && !counts.passed && !PASSED.test(output)) return undefined;
  return true;
}

/**
 * The result events of a script's commands (`<call id>#<k>`), from what it printed; none for one
 * that cannot be told. A command it left running is `running` (its process id): its outcome is
 * what the polls of that process will say.
 */
export function scriptResultEvents(
  id: string,
  commands: string[],
  raw: unknown,
  at: string | undefined,
  max: number,
): { id: string; result?: Extract<TranscriptEvent, { kind: 'result' }>; running?: string; output: string }[] {
  return (scriptResults(raw, commands.length) ?? []).map((r, k) => {
    const ok = r.exitCode === undefined ? verdict(commands[k]!, r.output) : r.exitCode === 0;
    const output = bound(r.output, max);
    const result =
      ok === undefined && !r.running
        ? undefined
        : { kind: 'result' as const, id: `${id}#${k}`, ok: ok ?? true, output, exitCode: r.exitCode, at, ...(r.running ? { running: true as const } : {}) };
    return { id: `${id}#${k}`, output, ...(result ? { result } : {}), ...(r.running ? { running: r.running } : {}) };
  });
}
