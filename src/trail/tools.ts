/**
 * The trail's tool calls: those that are neither edits nor commands (a fetch, a browser action, an
 * MCP call, a subagent), with what came back, and the searches of Claude Code's own tools (Grep,
 * Glob) with what they found, marked as only looking, as a search through the shell is.
 */
import { isPermissionDenial, isUserRejection } from '../extract/signals.js';
import { clip } from '../log/events.js';
import type { TranscriptEvent } from '../transcript/index.js';
import type { TrailEntry } from './build.js';
import { decisiveLines, edges, report } from './output.js';

const line = (s: string, max: number): string => clip(s, max);

/** Tools that are neither edits nor commands nor look-around, with what came back: a fetch, a browser action, an MCP call. */
const QUIET_TOOLS =
  /^(?:Read|NotebookRead|View|LS|TodoWrite|TaskCreate|TaskUpdate|TaskList|TaskGet|TaskOutput|BashOutput|ToolSearch|update_plan|write_stdin|view_image|Skill|ExitPlanMode|EnterPlanMode)$/;

/** Tools that search the files (Claude Code's): what they found answers questions, as a search through the shell does. */
const SEARCH_TOOL = /^(?:Grep|Glob)$/;
const NOTHING_FOUND = /^\s*No (?:files|matches) found\b/i;

const EDIT_TOOL = /^(?:apply_patch|Edit|MultiEdit|Write|NotebookEdit|str_replace_based_edit_tool|create_file|edit_file)$/;

/**
 * A tool's answer that it did not do what was asked: a browser or harness policy refused it, said
 * in its first words (a search result or a fetched page that quotes "permission denied" is none).
 */
const REFUSED =
  /^[^\n]{0,80}?\b(?:rejected (?:this|the) (?:action|request|call)|(?:was|is|were) (?:blocked|denied|not (?:allowed|permitted))|blocked by (?:the )?(?:browser |security )?policy|permission denied|access denied)\b/i;

/** How a tool call that edited files the log does not name (a patch it redacted) is said. */
export const UNNAMED_EDIT = '(an edit of files the log does not name)';

/** Tools whose answer is other people's text (search results, a fetched page, a subagent's report). */
const QUOTES_OTHERS = /^(?:WebSearch|WebFetch|Task|Agent|web_search|web_fetch|fetch)$/i;
/** Tools that start a subagent: its report is what the agent asked to learn, kept as words, not as an output's edges. */
const SUBAGENT_TOOL = /^(?:Task|Agent)$/;

export function toolsOf(events: TranscriptEvent[]): TrailEntry[] {
  const results = new Map<string, Extract<TranscriptEvent, { kind: 'result' }>>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);
  // A call made again with the same arguments (a subagent started a second time, a page fetched
  // again) says so, and what the first one returned: the two may not have been needed both.
  const made = new Map<string, string>();
  return events.flatMap((e): TrailEntry[] => {
    if (e.kind !== 'tool' || QUIET_TOOLS.test(e.name)) return [];
    const args = Object.values(e.input)
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .join(' ');
    // The whole input (lists and objects too); a call whose arguments the log does not show (redacted) is no known repeat.
    const call = Object.keys(e.input).length ? `${e.name}\0${JSON.stringify(e.input)}` : undefined;
    const before = call === undefined ? undefined : made.get(call);
    const name = before === undefined ? e.name : `${e.name} (again: the same call as before${before ? `, which returned: ${before}` : ''})`;
    const r = results.get(e.id);
    const called = line(`${name}${args ? ` ${args}` : ''}`, 300);
    // What a search found; one that found nothing ("No files found") tells nothing that lasts.
    if (SEARCH_TOOL.test(e.name))
      return r?.ok && r.output.trim() && !NOTHING_FOUND.test(r.output)
        ? [{ at: e.at, text: called, by: e.name, outcome: 'ok', looked: true, output: edges(r.output) }]
        : [];
    if (call !== undefined && before === undefined) made.set(call, line(r?.output ?? '', 100));
    if (r && isUserRejection(r.output)) return [{ at: e.at, text: called, by: e.name, outcome: 'rejected' }];
    if (r && isPermissionDenial(r)) return [{ at: e.at, text: called, by: e.name, outcome: 'denied' }];
    const outcome = !r ? 'unknown' : r.ok && (QUOTES_OTHERS.test(e.name) || !REFUSED.test(r.output.trimStart().slice(0, 400))) ? 'ok' : 'failed';
    if (r && outcome === 'failed') return [{ at: e.at, text: called, by: e.name, outcome, error: decisiveLines(r.output) ?? '' }];
    // An edit whose files the log does not show (a patch it redacted): still an edit.
    // A subagent's report is kept as its words, and the id to resume it by is said with the call.
    const sub = r?.ok && SUBAGENT_TOOL.test(e.name) ? report(r.output) : undefined;
    const what = EDIT_TOOL.test(e.name) ? `${name} ${UNNAMED_EDIT}` : sub?.agentId ? `${name} (agentId ${[sub.agentId, ...sub.facts].join('; ')})` : name;
    return [
      {
        at: e.at,
        text: line(`${what}${args ? ` ${args}` : ''}`, 300),
        by: e.name,
        outcome,
        ...(r?.output ? (r.ok ? { output: sub ? sub.text : edges(r.output) } : { error: decisiveLines(r.output) }) : {}),
      },
    ];
  });
}
