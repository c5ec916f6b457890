/**
 * The session's trail: everything the 2 KB manifest cannot hold, structured and exact, built from
 * the (already redacted) events — every user message, every file with what was done to it and by
 * which tool, every meaningful command with its outcome and decisive error lines, the agent's
 * decisions with their reasons, the plan's history, the compaction summaries, the commits, and
 * the agent's last words of each turn. Pure: same events, same trail.
 */
import { posix } from 'node:path';
import { asksForHelp, commandRuns, isLookAround, type CommandRun } from '../extract/commands.js';
import { inTimeOrder } from '../log/time-order.js';
import { commandDir, commandFiles, commandRead, repoPath, withoutHeredocs } from '../extract/files.js';
import { writtenBody } from './written.js';
import { changeDigest } from '../log/change.js';
import { BROUGHT, echoedInto, filesGitBrought, filesGitRestored } from './git-said.js';
import { isNoiseAsk } from '../extract/noise.js';
import { decisionsOf } from './decisions.js';
import { isUserRejection } from '../extract/signals.js';
import { clip, writtenTo } from '../log/events.js';
import { collectedAfter } from '../memory.js';
import { commandDetail, decisiveLines, edges, onlyLooked } from './output.js';
import { toolsOf } from './tools.js';
import { rulesRead } from './instruction-files.js';
import { withEnclosing } from './enclosing.js';
import { commitsOf } from './commits.js';
import { keepsContent, readExcerpt, showsFromStart } from './read-content.js';
import type { TranscriptEvent } from '../transcript/index.js';

/** The kinds of trail entry, each stored as its own folder of chunks (trail/<kind>/NNNN.jsonl). */
export const TRAIL_KINDS = ['session', 'asks', 'files', 'commands', 'tools', 'decisions', 'plans', 'compactions', 'commits', 'answers'] as const;
export type TrailKind = (typeof TRAIL_KINDS)[number];

export interface TrailEntry {
  /** When it happened, when the log still says (old events lose their times in a long log). */
  at?: string;
  text: string;
  /** Kind-specific facts: a file's path and action, a command's outcome, exit code and error. */
  path?: string;
  op?: 'created' | 'modified' | 'deleted' | 'read' | 'restored';
  by?: string;
  /** 'rejected': the user said no to the call; 'denied': the permission settings did. Neither ran. */
  outcome?: 'ok' | 'failed' | 'unknown' | 'rejected' | 'denied';
  exit?: number;
  error?: string;
  /** What an edit wrote (bounded) and took out, what a successful command printed (its head and tail). */
  change?: string;
  removed?: string;
  output?: string;
  /** Of the agent's words: when the call right before them was made (any call: a search, a read), what they may read. */
  afterCall?: string;
  /** A command that only looked (a search, a listing): what it printed was there before the session, no value it made. */
  looked?: boolean;
}

export type Trail = Record<TrailKind, TrailEntry[]>;

/** Bounds of one entry's text: user messages verbatim up to this, everything else shorter. */
const ASK_CHARS = 4000;
const TEXT_CHARS = 1200;
/** The agent's last words of a turn: a report or a subagent's findings, whole as far as a transcript event holds (8,000). */
const ANSWER_CHARS = 8000;
const SUMMARY_CHARS = 6000;

const bounded = (s: string, max: number): string => clip(s, max, false);
const line = (s: string, max = TEXT_CHARS): string => clip(s, max);

/** Every file and what was done to it, in order: edits and deletions by tool or command, and reads. */
/** Who did what a subagent did in the session's own log. */
export const SUBAGENT = 'a subagent';

function filesOf(events: TranscriptEvent[], runs: CommandRun[], root: string, cwd: string | undefined, marks = false): TrailEntry[] {
  const out: TrailEntry[] = [];
  const results = new Map<string, { ok: boolean; output: string }>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);
  const runAt = new Map(runs.map((r) => [r.index, r]));
  const read = new Map<string, string>();
  let sub = false;
  const push = (path: string, op: TrailEntry['op'], tool: string, at?: string, change?: string, dir?: string): void => {
    const rp = repoPath(path, root, cwd, dir);
    const by = sub ? `${tool} in ${SUBAGENT}` : tool;
    out.push({ at, path: rp, op, by, text: `${op} ${rp} (${by})`, ...(change ? { change: changeDigest(change, rp) } : {}) });
  };
  events.forEach((e, i) => {
    sub = marks && e.sidechain === true;
    if (e.kind === 'edit') {
      if (results.get(e.id)?.ok === false) return;
      const by = e.tool ?? 'edit';
      for (const p of e.paths) {
        // What it wrote to this file: the edit's change, or its part of a patch of several files.
        const own = writtenTo(e, p);
        push(p, e.created?.includes(p) ? 'created' : 'modified', by, e.at, own && withEnclosing(own.change, own.removed, read.get(p)));
        if (own?.removed) out.at(-1)!.removed = own.removed;
      }
      for (const p of e.deleted ?? []) push(p, 'deleted', by, e.at);
    } else if (e.kind === 'tool' && typeof e.input.file_path === 'string' && /^(?:Read|NotebookRead|View)$/.test(e.name)) {
      const output = results.get(e.id)?.output;
      if (output && results.get(e.id)?.ok) read.set(e.input.file_path, output);
      const rules = results.get(e.id)?.ok ? rulesRead(e.input.file_path, output) : undefined; // none from a failed read (a permission prompt)
      push(e.input.file_path, 'read', e.name, e.at);
      // Its rules are bounded as they were picked, not cut to an edit's head.
      if (rules) out.at(-1)!.change = rules;
      // What it said (of a file of the repository's), unless its rules already are that.
      const from = typeof e.input.offset === 'number' ? e.input.offset : 1;
      const seen = !rules && output && results.get(e.id)?.ok && keepsContent(out.at(-1)!.path!) ? readExcerpt(e.input.file_path, output, from) : undefined;
      if (seen) out.at(-1)!.output = seen;
    } else if (e.kind === 'command') {
      const run = runAt.get(i);
      if (run?.outcome !== 'ok') return;
      const { written, deleted, created } = commandFiles(e.command);
      const by = `\`${line(withoutHeredocs(e.command), 120)}\``;
      const dir = commandDir(e, cwd);
      // A whole file shown by the shell (cat, sed -n, head, nl): how Codex reads.
      const read = commandRead(e.command);
      if (read) {
        push(read, 'read', by, e.at, undefined, dir);
        const seen = showsFromStart(e.command) && keepsContent(out.at(-1)!.path!) ? readExcerpt(read, run.output) : undefined;
        if (seen) out.at(-1)!.output = seen;
      }
      for (const p of written) push(p, 'modified', by, e.at, echoedInto(e.command, p) ?? writtenBody(e.command, p), dir);
      for (const p of created) push(p, 'created', by, e.at, undefined, dir);
      for (const p of deleted) push(p, 'deleted', by, e.at, undefined, dir);
      // git names them from the top of the repository, wherever the shell was.
      for (const f of filesGitBrought(e.command, run.output)) push(f.path, f.op, `${BROUGHT}${by}`, e.at, undefined, posix.isAbsolute(root) ? root : undefined);
      // Put back as git had them: the session's changes to them are gone.
      for (const p of filesGitRestored(e.command)) push(p, 'restored', by, e.at, undefined, dir);
    }
  });
  // What a read showed of a file the session then changed is not what it holds: its changes say that.
  const changed = new Set(out.flatMap((f) => (f.op === 'read' ? [] : [f.path])));
  for (const f of out) if (f.output !== undefined && changed.has(f.path)) delete f.output;
  return out;
}

/** The tool a plan is handed back to the user with: turning it down is no step the agent worked on. */
const PLAN_HANDOFF = /^(?:ExitPlanMode|exit_plan_mode)$/;

/**
 * The agent's last words of each turn (what it answered, reported or asked before handing back),
 * and, marked `by: 'mid-turn'`, what it said on the way: a count, a finding, why it does what next.
 */
function answersOf(events: TranscriptEvent[]): TrailEntry[] {
  const out: TrailEntry[] = [];
  let last: Extract<TranscriptEvent, { kind: 'say' }> | undefined;
  // A turn on a branch the user rewound: what the agent said there was taken back with it.
  let rewound = false;
  // Whether the agent worked on after it last said something: an edit or a command that does more than look around, or a
  // call the user turned down (not a plan it handed back). A `pwd` after a report leaves the report how the turn ended.
  let worked = false;
  const plans = new Set<string>();
  const steps = new Set<string>();
  let called: string | undefined;
  let lastAfter: string | undefined;
  const after = (): { afterCall?: string } => (lastAfter ? { afterCall: lastAfter } : {});
  const note = (s: Extract<TranscriptEvent, { kind: 'say' }>, by: string): void => {
    if (s.text.trim().length >= 40) out.push({ at: s.at, text: line(s.text), by: rewound ? 'rewound' : by, ...after() });
  };
  /** At the user's next message, words it worked on after ("Let me set up Vite") announced a step, they reported nothing. */
  const flush = (atAsk: boolean): void => {
    if (last && atAsk && worked) note(last, 'mid-turn');
    else if (last) out.push({ at: last.at, text: line(last.text, ANSWER_CHARS), ...(rewound ? { by: 'rewound' } : {}), ...after() });
    last = undefined;
  };
  for (const e of events) {
    if ((e.kind === 'tool' || e.kind === 'command' || e.kind === 'edit') && e.at) called = e.at;
    if (e.kind === 'say' && !e.harness) {
      // What the agent said on the way (a finding, a count, the reason for its next step) is kept as a note.
      if (last) note(last, 'mid-turn');
      last = e;
      worked = false;
      lastAfter = called;
      called = undefined;
    } else if (e.kind === 'tool' && PLAN_HANDOFF.test(e.name)) plans.add(e.id);
    else if (e.kind === 'edit' || (e.kind === 'command' && !isLookAround(e.command))) steps.add(e.id);
    else if (e.kind === 'result' && ((e.ok && steps.has(e.id)) || (isUserRejection(e.output ?? '') && !plans.has(e.id)))) worked = true;
    // The agent's harness says the turn ended (Codex's task_complete): what it last said is how.
    else if (e.kind === 'turn-end') flush(false);
    else if (e.kind === 'ask') {
      flush(true);
      rewound = Boolean(e.rewound);
    }
  }
  // The log's end: a save in the middle of a turn keeps what the agent last said as where it stood.
  flush(false);
  return out;
}

/** A shell read whose output the file's entry keeps (a file of the repository shown from its first line): it is not kept again. */
const keptAsRead = (command: string): boolean => {
  const read = commandRead(command);
  return read !== undefined && showsFromStart(command) && keepsContent(read);
};

/**
 * The trail of a session from its events (main conversation only).
 * @param root the repository's root, for repository-relative paths
 * @param cwd the session's working directory
 */
export function buildTrail(events: TranscriptEvent[], root: string, cwd?: string): Trail {
  // Each kind is a pass over every event: on a big log, one pass's garbage is collected before the next.
  const main = events.filter((e) => !e.sidechain);
  const ev = main.length ? main : events;
  // Subagents' work in the session's own log (Claude Code 1.0 wrote their sidechains there): the files they wrote, the commands they ran.
  const work = main.length && main.length < events.length ? inTimeOrder(events) : ev;
  const runs = collectedAfter(() => commandRuns(work));
  const asks = ev.flatMap((e): TrailEntry[] =>
    e.kind === 'ask' && !isNoiseAsk(e.text) ? [{ at: e.at, text: bounded(e.text.trim(), ASK_CHARS), ...(e.rewound ? { by: 'rewound' } : {}) }] : [],
  );
  const commands = collectedAfter(() =>
    runs
      .filter(
        // A look around too (a search, a listing) when it printed something: what it found ("package.json: \"@supabase/supabase-js\": \"^2.50.4\"")
        // answers questions. Not a file's read (`cat f`, `sed -n 1,80p f`): the file's entry keeps what it showed.
        (r) => r.outcome === 'failed' || !isLookAround(r.command) || (r.output.trim() !== '' && !keptAsRead(r.command)) || asksForHelp(r.command),
      )
      .map((r): TrailEntry => {
        const at = (work[r.index] as { at?: string } | undefined)?.at;
        return {
          at,
          text: line(r.command, 600),
          outcome: r.rejected ? 'rejected' : r.denied ? 'denied' : r.outcome,
          ...(r.byUser ? { by: 'the user' } : r.byHook ? { by: `the ${r.byHook} hook` } : work !== ev && work[r.index]?.sidechain ? { by: SUBAGENT } : {}),
          exit: r.exitCode,
          ...(r.outcome === 'ok' && onlyLooked(r.command) ? { looked: true } : {}),
          ...commandDetail(r.outcome === 'failed', r.output),
        };
      }),
  );
  const commits = commitsOf(runs, work, root, cwd);
  const plans: TrailEntry[] = [];
  let previous = '';
  for (const e of ev) {
    if (e.kind !== 'todos') continue;
    const text = e.items.map((t) => `[${t.status === 'completed' ? 'x' : t.status === 'in_progress' ? '~' : ' '}] ${t.text}`).join('\n');
    if (text && text !== previous) plans.push({ at: e.at, text: bounded(text, 2000) });
    previous = text;
  }
  const compactions = ev.flatMap((e): TrailEntry[] => (e.kind === 'compaction' && e.summary ? [{ at: e.at, text: bounded(e.summary, SUMMARY_CHARS) }] : []));
  return {
    session: [],
    asks,
    files: collectedAfter(() => filesOf(work, runs, root, cwd, work !== ev)),
    commands,
    tools: collectedAfter(() => toolsOf(ev)),
    decisions: collectedAfter(() => decisionsOf(ev)),
    plans,
    compactions,
    commits,
    answers: answersOf(ev),
  };
}
