/** What the trail keeps of a command's output: the lines that say what went wrong, or the values it printed and how it ended. */
import { firstErrorLine, withoutCd } from '../extract/signals.js';
import { asksForHelp, isLookAround } from '../extract/commands.js';
import { clip } from '../log/events.js';

/** Decisive error lines kept of a failed command. */
const ERROR_LINES = 6;

const bounded = (s: string, max: number): string => clip(s, max, false);

/** The lines of a failed command's output that say what went wrong (the first error line and its neighbours). */
export function decisiveLines(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim());
  if (!lines.length) return undefined;
  const first = firstErrorLine(output);
  const i = first ? lines.findIndex((l) => first.includes(l.trim()) || l.includes(first)) : -1;
  const picked = i >= 0 ? lines.slice(Math.max(0, i - 1), i - 1 + ERROR_LINES) : lines.slice(-ERROR_LINES);
  // A test run that failed several tests: each failure's first assertion line, by test.
  const failures = testFailures(output).filter((f) => !picked.some((l) => f.endsWith(l.replace(/^E\s+/, '').trim())));
  return bounded([...picked, ...failures].join('\n'), failures.length ? 1600 : 800);
}

/** pytest's "____ TestX.test_y ____" section headers, each with the first "E   …" line under it. */
const PYTEST_FAILURE = /^_{3,} (\S[^\n]{0,200}?) _{3,}[ \t]*$/gm;

/** The failed tests of a pytest run and each one's first assertion line ("test_y: AssertionError: assert 'short' == 'long'"), eight at most. */
function testFailures(output: string): string[] {
  const heads = [...output.matchAll(PYTEST_FAILURE)];
  const out: string[] = [];
  for (let k = 0; k < heads.length && out.length < 8; k++) {
    const start = heads[k]!.index + heads[k]![0].length;
    const body = output.slice(start, Math.min(heads[k + 1]?.index ?? output.length, start + 20_000));
    const e = /^E[ \t]+(\S[^\n]*)$/m.exec(body);
    if (e) out.push(`${heads[k]![1]}: ${e[1]!.trim()}`.slice(0, 200));
  }
  return out;
}

/** A subagent's report kept: what the agent asked it to find out, in its words (the trail stores no field longer; files.ts). */
const REPORT_CHARS = 2000;

/** Claude Code's answer to a subagent started in the background: no report yet, its id and the file its output goes to. */
const LAUNCHED = /^Async agent launched[^\n]*/;

/**
 * The lines the harness adds under a subagent's report, from its last `agentId:` line on: the id
 * (to resume it by), `key: value` lines (its worktree), and its token use in `<usage>`; undefined
 * when anything else follows (an id the report quotes).
 */
function trailer(output: string): { at: number; agentId: string; fields: string[]; usage: string } | undefined {
  const at = output.startsWith('agentId: ') ? 0 : output.lastIndexOf('\nagentId: ') + 1;
  if (at === 0 && !output.startsWith('agentId: ')) return undefined;
  const [first = '', ...rest] = output.slice(at).split('\n');
  const agentId = /^agentId: ([\w-]+)/.exec(first)?.[1];
  const usageAt = rest.findIndex((l) => l.trimStart().startsWith('<usage>'));
  const fields = usageAt < 0 ? rest : rest.slice(0, usageAt);
  const usage = usageAt < 0 ? '' : rest.slice(usageAt).join('\n');
  const closed = usage === '' || /<\/usage>\s*$/.test(usage.slice(-64));
  if (!agentId || !closed || fields.some((l) => l.trim() && !/^\w+: /.test(l))) return undefined;
  return { at, agentId, fields, usage: usage.replace(/<\/?usage>/g, '') };
}

/** A subagent's report as the trail keeps it (its text, bounded), and what the harness said of the subagent: its id, where it worked, what it cost. */
export function report(output: string): { text: string; agentId?: string; facts: string[] } {
  const launched = LAUNCHED.exec(output);
  // Started in the background: that, its id and where its output goes are all it says.
  if (launched)
    return {
      text: [launched[0], /^output_file: .*$/m.exec(output)?.[0]].filter(Boolean).join('\n'),
      agentId: /^agentId: ([\w-]+)/m.exec(output)?.[1],
      facts: [],
    };
  const t = trailer(output);
  const facts = (t?.fields ?? []).flatMap((l) => {
    const m = /^worktree(Path|Branch): (.+)$/.exec(l.trim());
    return m ? [`${m[1] === 'Path' ? 'worktree' : 'branch'} ${m[2]}`] : [];
  });
  // What it cost: "total_tokens: 42775\ntool_uses: 17\nduration_ms: 447008".
  const count = (keys: string[]): number | undefined => {
    for (const l of (t?.usage ?? '').split('\n')) {
      const [k, v] = l.trim().split(': ');
      if (keys.includes(k ?? '') && /^\d+$/.test(v ?? '')) return Number(v);
    }
    return undefined;
  };
  const [tokens, tools, ms] = [count(['total_tokens', 'subagent_tokens']), count(['tool_uses']), count(['duration_ms'])];
  if (tokens !== undefined || tools !== undefined)
    facts.push(
      [tokens !== undefined && `${tokens} tokens`, tools !== undefined && `${tools} tool uses`, ms !== undefined && `${Math.round(ms / 1000)} s`]
        .filter(Boolean)
        .join(', '),
    );
  return { text: bounded((t ? output.slice(0, t.at) : output).trim(), REPORT_CHARS), agentId: t?.agentId, facts };
}

/** A line of output that states a value worth recalling: a version, a URL, an id, a count. */
const VALUE_LINE =
  /\b\d+\.\d+\.\d+\b|\b\d+(?:\.\d+)?%(?!\])|https?:\/\/\S+|\b[0-9a-f]{7,40}\b|\b(?:listening|ready|running|created|added|installed|published|deployed|merged|passed|failed)\b/i;

/** A table's header: words only, three or more, spaced as columns (`Name  Stmts  Miss  Cover  Missing`). */
const TABLE_HEADER = /^(?=(?:\S+\s{2,}){2})[A-Za-z][\w/.-]*(?:\s+[A-Za-z][\w/.-]*){2,}$/;
/** A rule under or between a table's rows. */
const RULE = /^[-=_+|\s]+$/;

/**
 * What an output says, bounded: its lines that state values (versions, URLs, ids, counts), with
 * the header of the table a value row is in (a coverage row's columns), then its tail.
 */
export function edges(output: string): string {
  const t = output.trim();
  if (t.length <= 320) return t;
  const lines = t.split('\n').map((l) => l.trim());
  const values: string[] = [];
  let count = 0;
  for (let i = 0; i < lines.length && count < 8; i++) {
    const l = lines[i]!;
    if (!l || l.length > 200 || !VALUE_LINE.test(l)) continue;
    let h = i - 1;
    while (h >= 0 && RULE.test(lines[h]!)) h--;
    const header = lines[h];
    if (header && !values.includes(header) && TABLE_HEADER.test(header)) values.push(header);
    values.push(l);
    count++;
  }
  // The tail from a line's start, unless its last line alone is longer.
  const end = t.slice(-160);
  const start = end.indexOf('\n');
  const tail = t.length > 160 && t[t.length - 161] !== '\n' && start >= 0 && start < end.length - 1 ? end.slice(start + 1) : end;
  // The tail is how the output ended (a test run's "20 passed, 208 deselected"): the values give way to it.
  const head = bounded(values.filter((v) => !tail.includes(v)).join('\n'), Math.max(0, 700 - tail.length - 3));
  return [head, '…', tail].filter(Boolean).join('\n');
}

/**
 * How an output ended, when its last line says so in a few words: a test run's "20 passed, 208
 * deselected in 39.13s", a checker's "All checks passed!", without the rules around it.
 */
export function endOf(output: string | undefined): string | undefined {
  const at = endLine(output);
  return at === undefined ? undefined : at.text;
}

/**
 * How an output sums itself up near its end ("20 passed, 208 deselected in 39.13s", "All checks
 * passed!"), if it does, and the output without that line.
 */
export function summaryOf(output: string | undefined): { text: string; rest: string } | undefined {
  // Most outputs hold no summary at all: said at once, without reading their lines.
  if (!output || !SUMMARY.test(output.slice(-1500))) return undefined;
  const at = endLine(output);
  if (!at || !SUMMARY.test(at.text)) return undefined;
  return {
    text: at.text,
    rest: at.lines
      .filter((_, i) => i !== at.index)
      .join('\n')
      .trimEnd(),
  };
}

function endLine(output: string | undefined): { text: string; index: number; lines: string[] } | undefined {
  const lines = output?.trimEnd().split('\n') ?? [];
  const clean = (i: number): string => undecorated(lines[i]!).replace(/\s+/g, ' ');
  // A count's summary near the end is how a run ended, whatever follows it (vitest's "Duration",
  // jest's "Ran all test suites.", cargo's doc-tests with 0 passed after the 12 that ran).
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 12; i--) {
    const text = clean(i);
    if (text.length <= 120 && SUMMARY.test(text)) return { text, index: i, lines };
  }
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    const text = clean(i);
    if (!text) continue;
    return text.length >= 3 && text.length <= 120 && text !== '…' && /[A-Za-z]/.test(text) ? { text, index: i, lines } : undefined;
  }
  return undefined;
}

/** A line without the rules and spaces around it ("===== 3 passed =====": "3 passed"). By hand: as a regex, `[=\-*_#\s]+$` tries every start in a long run of spaces (quadratic). */
function undecorated(line: string): string {
  const decoration = (c: number): boolean => c === 61 || c === 45 || c === 42 || c === 95 || c === 35 || /\s/.test(String.fromCharCode(c));
  let start = 0;
  let end = line.length;
  while (start < end && decoration(line.charCodeAt(start))) start++;
  while (end > start && decoration(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}

/** A line that sums a run up: a count of tests, failures or problems, or a checker's all-clear. */
const SUMMARY = /\b[1-9]\d* (?:passed|failed|passing|failing|errors?|problems?)\b|\bAll checks passed\b|\bno issues found\b|\b0 errors\b/i;

/** What the trail keeps of a command's output: a failed run's error lines and how it ended ("1 failed, 19 passed") when they leave it out; else its values and tail. */
export function commandDetail(failed: boolean, output: string): { error?: string; output?: string } {
  const error = failed ? decisiveLines(output) : undefined;
  if (!error) return output.trim() ? { output: edges(output) } : {};
  const end = endOf(output);
  return { error, ...(end && !error.includes(end) ? { output: end } : {}) };
}

/** Look-around that says where the repository stands (its commits, branch, status, what a diff touches): a look, but no mere one. */
const GIT_STATE = /^git\s+(?:-C\s+\S+\s+)?(?:log|status|show|branch|describe|diff\s+(?:\S+\s+)*--(?:stat|name-only|name-status)\b)/;

/** A command that only looked (a search, a listing, a read): what it printed was there before the session. Git's state and a tool's help excepted. */
export const onlyLooked = (command: string): boolean => isLookAround(command) && !asksForHelp(command) && !GIT_STATE.test(withoutCd(command));
