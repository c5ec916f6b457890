/** The session's own facts for the trail: agent, model, where it ran, the commit it started on, and how its log ends. */
import type { SessionMeta, TranscriptEvent } from '../transcript/index.js';
import { clip as line, isBookkeeping, isUserExit, modelLabel } from '../log/events.js';
import type { TrailEntry } from './build.js';
import { commandLine } from '../extract/commands.js';
import { planChecksNotRun } from './plan-checks.js';

/** What a command the log ends waiting on shows of itself (an earlier one left open too: 80), and the fact that says so at most. */
const OPEN_COMMAND_CHARS = 200;
const ENDED_CHARS = 360;

/**
 * How the log ends, for a session resumed later: its last turn completed, cut off mid-call,
 * interrupted, or a message the agent never answered.
 */
export function sessionEnd(events: TranscriptEvent[], root?: string): string | undefined {
  // Each call still open: a tool's name, or a command's line (said when the log ends on it).
  const open = new Map<string, string | { command: string }>();
  let last: string | undefined;
  let stopped = '';
  // The user's /exit closes the session; anything after it (a resumed session) reopens it.
  let exited: string | undefined;
  // A subagent's own log is all sidechain: then it is the session.
  const subagent = !events.some((e) => !e.sidechain);
  for (const e of events) {
    if (e.sidechain && !subagent) continue;
    if (isUserExit(e) && e.kind === 'ask') {
      exited = e.text;
      continue;
    }
    if (!isBookkeeping(e)) exited = undefined;
    // A command the user ran themselves (bash mode) is no call of the agent's left open.
    if (e.kind === 'command' && e.byUser) continue;
    if (e.kind === 'tool' || e.kind === 'command' || e.kind === 'edit') {
      open.set(e.id, e.kind === 'tool' ? e.name : e.kind === 'command' ? { command: e.command } : 'an edit');
      last = 'call';
    } else if (e.kind === 'result') open.delete(e.id);
    else if (e.kind === 'say' && e.harness) {
      last = 'harness';
      stopped = e.text;
    } else if (e.kind === 'say' || e.kind === 'turn-end') last = 'done';
    else if (e.kind === 'ask') last = 'ask';
    else if (e.kind === 'interrupt') last = 'interrupt';
    else if (e.kind === 'compaction' && e.summary) last = subagent ? 'summary' : last;
  }
  // Claude Code's compaction runs as a subagent whose one reply is the summary: its log ends there, the session it summed up went on.
  if (last === 'summary') return "with the summary asked of it (Claude Code's compaction subagent; its session went on after)";
  // A subagent's last message is its report: it went back to the session that started the subagent.
  if (subagent && last === 'done' && !open.size) return 'with its report: its last message, returned to the session that started it (a subagent)';
  const end = endOf(last, stopped, open, root);
  return exited ? `by the user's ${exited}${end ? `, ${end}` : ''}` : end;
}

function endOf(last: string | undefined, stopped: string, open: Map<string, string | { command: string }>, root?: string): string | undefined {
  if (last === 'harness') return `on the harness's message: ${line(stopped, 80)}`;
  if (last === 'interrupt') return 'interrupted by the user';
  if (last === 'ask') return 'on a user message the agent had not answered';
  // A command left without a result is what the next session checks first: the newest said up to its branch, commit and push.
  const calls = [...open.values()].slice(-2);
  const said = (c: string | { command: string }, chars: number): string => (typeof c === 'string' ? c : `\`${line(commandLine(c.command, root), chars)}\``);
  if (open.size && last === 'call')
    return `mid-turn: ${calls.map((c, i) => said(c, i === calls.length - 1 ? OPEN_COMMAND_CHARS : 80)).join(', ')} without a result`;
  if (last !== 'done') return undefined;
  return open.size ? 'after its last turn completed' : 'after its last turn completed, no tool call pending';
}

/** The plan's checks no command ran, at most. */
const PLAN_CHECKS_CHARS = 500;
/** The recap the agent wrote while the user was away, at most. */
const RECAP_CHARS = 1300;
/** A fact's bound, where it is not 300: a recap is a few sentences of where the work stands, kept as written. */
const FACT_CHARS: Record<string, number> = { recap: RECAP_CHARS, ended: ENDED_CHARS, 'plan checks not run': PLAN_CHECKS_CHARS };

/** The session's own facts, as one entry each: model, agent version, where and how it ran, the commit it started on. */
export function sessionFacts(meta: SessionMeta, agent: string, events: TranscriptEvent[] = []): TrailEntry[] {
  const facts: Array<[string, string | undefined]> = [
    ['agent', `${agent}${meta.agentVersion ? ` ${meta.agentVersion}` : ''}`],
    ['model', meta.model && `${modelLabel(meta.model, meta.effort)}${earlier(meta)}`],
    ['working directory', meta.cwd],
    ['branch', meta.branch],
    ['started on commit', meta.startCommit],
    ['permissions', meta.permissions],
    ['ran', meta.startedAt && `${meta.startedAt} to ${meta.endedAt ?? '?'}`],
    ['ended', sessionEnd(events, meta.cwd)],
    ['context compacted', compactions(events)],
    ['left running in the background', stillRunning(events, meta.cwd)],
    ['plan checks not run', planChecksNotRun(events).join(' | ') || undefined],
    ['pull request', meta.pullRequest ?? pullRequestWorkedOn(events)],
    ['recap', meta.recap && `${meta.recap.text}${meta.recap.at ? ` (written ${meta.recap.at} while the user was away)` : ''}`],
  ];
  // A recap is a few sentences of where the work stands: kept as written.
  return facts.flatMap(([k, v]): TrailEntry[] => (v ? [{ text: line(`${k}: ${v}`, FACT_CHARS[k] ?? 300) }] : []));
}

/**
 * Background commands no later check, stop or notice saw end, as last seen: "`pnpm dev` (shell
 * 01910a, running)". A dev server left up holds its port; after a compaction it is still there.
 */
function stillRunning(events: TranscriptEvent[], root?: string): string | undefined {
  const shells = new Map<string, { call?: string; status: string }>();
  for (const e of events) if (e.kind === 'background' && !e.sidechain) shells.set(e.shell, { call: e.call ?? shells.get(e.shell)?.call, status: e.status });
  const left = [...shells].filter(([, s]) => s.status === 'started' || s.status === 'running');
  if (!left.length) return undefined;
  const commands = new Map(events.flatMap((e) => (e.kind === 'command' ? [[e.id, e.command] as const] : [])));
  const ranToEnd = finishedLater(events);
  // A command that later ran again to its end (`go test ./...` exit 0) ends by itself: the run left behind has too.
  const running = left.filter(([, s]) => !(s.call && ranToEnd(s.call, commands.get(s.call))));
  if (!running.length) return undefined;
  return running
    .slice(-3)
    .map(([shell, s]) => {
      const command = s.call === undefined ? undefined : commands.get(s.call);
      return `${command ? `\`${line(commandLine(command, root), 80)}\` ` : ''}(shell ${shell}, ${s.status === 'started' ? 'started' : 'last seen running'})`;
    })
    .join('; ');
}

/** Whether the command of call `id` (`command`) ran again after it, in the foreground, and exited 0. */
function finishedLater(events: TranscriptEvent[]): (id: string, command: string | undefined) => boolean {
  const started = new Set(events.flatMap((e) => (e.kind === 'background' && e.call ? [e.call] : [])));
  const ok = new Set(events.flatMap((e) => (e.kind === 'result' && e.ok ? [e.id] : [])));
  const at = new Map(events.flatMap((e, i) => (e.kind === 'command' ? [[e.id, i] as const] : [])));
  return (id, command) =>
    command !== undefined && events.some((e, i) => i > at.get(id)! && e.kind === 'command' && e.command === command && ok.has(e.id) && !started.has(e.id));
}

/** A `gh` command on one pull request (not a listing of several), and a `gh api` call naming one (`repos/o/r/pulls/11/comments`). */
const ON_PULL_REQUEST = /(?:^|[\s;&|(])gh\s+(?:pr\s+(view|create|checks|edit|comment|ready|merge|review|diff)\b([^\n;&|]*)|api\s+\S*\/pulls\/(\d+))/;
/** Where gh names the pull request it shows: `url:` (its plain output), `"url":` (`--json url`), or the address `gh pr create` ends on. */
const SHOWN_URL = /^url:\s*(https?:\/\/\S+?\/pull\/(\d+))\s*$|"url"\s*:\s*"(https?:\/\/[^"\s]+?\/pull\/(\d+))"/m;
const CREATED_URL = /(https?:\/\/\S+?\/pull\/(\d+))\s*$/;

/**
 * The pull request the session last worked on, when the agent did not record one (Codex): "#11
 * https://github.com/o/r/pull/11", from the number its `gh pr view 11`, `gh api …/pulls/11` …
 * named, or the address gh said the one it showed or opened is at; not a pull request of another
 * repository (`--repo`, an address), nor an address in a description or a diff it printed.
 */
function pullRequestWorkedOn(events: TranscriptEvent[]): string | undefined {
  const output = new Map(events.flatMap((e) => (e.kind === 'result' && e.ok ? [[e.id, e.output] as const] : [])));
  let found: string | undefined;
  for (const e of events) {
    const on = e.kind === 'command' && !e.sidechain && output.has(e.id) ? ON_PULL_REQUEST.exec(e.command) : null;
    const args = on?.[2] ?? '';
    // Another repository's: named with `--repo`, or by its address in place of a number (a body's links are not).
    if (!on || /(?:^|\s)(?:-R|--repo)\b|^\s+\S*https?:\/\//.test(args)) continue;
    const out = output.get((e as { id: string }).id)!;
    const url = SHOWN_URL.exec(out) ?? (on[1] === 'create' ? CREATED_URL.exec(out.trimEnd()) : null);
    // gh takes the pull request as the word right after its verb (`gh pr view 11 --json url`).
    const named = on[3] ?? /^\s+#?(\d+)(?=\s|$)/.exec(args)?.[1];
    const [address, number] = url ? [url[1] ?? url[3], url[2] ?? url[4]] : [undefined, undefined];
    if (named) found = `#${named}${address && number === named ? ` ${address}` : ''}`;
    else if (number) found = `#${number} ${address}`;
  }
  return found;
}

/** "2 times, the last at 2026-02-24T09:51:48Z": the main conversation's compactions (earlier detail is only in their summaries). */
function compactions(events: TranscriptEvent[]): string | undefined {
  const all = events.filter((e) => e.kind === 'compaction' && !e.sidechain);
  if (!all.length) return undefined;
  const at = all.at(-1)!.at;
  return `${all.length === 1 ? 'once' : `${all.length} times`}${at ? `${all.length === 1 ? ',' : ', the last'} at ${at}` : ''}`;
}

/** "; earlier reasoning effort high": what the session ran with before (the model named only when it was another). */
function earlier(meta: SessionMeta): string {
  const before = (meta.earlierModels ?? []).slice(-2).map((m) => (meta.model && m.startsWith(`${meta.model} (`) ? m.slice(meta.model.length + 2, -1) : m));
  return before.length ? `; earlier ${before.join(', then ')}` : '';
}
