import { inTimeOrder } from '../log/time-order.js';
import { basename } from 'node:path';
import type { Manifest, PendingTask } from '../manifest/index.js';
import { SCHEMA_VERSION } from '../manifest/index.js';
import type { Pressure } from '../monitor/index.js';
import { isUserExit, type Transcript, type TranscriptEvent } from '../transcript/index.js';
import {
  blockerLine,
  commandLine,
  commandRuns,
  lastMeaningful,
  sharesWork,
  uncheckedEdits,
  unsettledFailures,
  verificationStatus,
  type CommandRun,
} from './commands.js';
import { commitState } from './commit-state.js';
import { decisionRecords } from './decision-records.js';
import { fileFacts, isAgentData, repoPath } from './files.js';
import { userInstructions } from './instructions.js';
import { memoryNotes } from './memory-notes.js';
import { currentFindings, intentOf, isDecision, nextStepOf, sentences, unlabel } from './prose.js';
import { undoneDecisions } from './undone.js';
import { lastSummary, sameItem, workItems, type WorkItem } from './work-items.js';
import { isRequest, lastRequest, type OpenAsk } from './request.js';
import { deniedCalls, isVerifyCommand, missingProgram, rejectedAtEnd } from './signals.js';
import { oneLine } from './text.js';
import { FILED_FOR_LATER, filedForLater, pendingTasks } from './pending.js';

export { isVerifyCommand, isTestCommand, testCounts } from './signals.js';
export { commandPurpose, settles, isLookAround } from './commands.js';
export { summarySections } from './work-items.js';

/** What git says about the repository at save time (gathered by the store, passed in). */
export interface GitFacts {
  root: string;
  branch?: string;
  head?: string;
  dirty: string[];
  /** Project state files present at the root (CLAUDE.md, AGENTS.md, …). */
  stateFiles: string[];
}

export interface ExtractInput {
  transcript: Transcript;
  pressure: Pressure;
  model?: string;
  git: GitFacts;
  now?: Date;
  /** The user's home: the transcript is stored as `~/…`, shorter and the same on every machine of theirs. */
  home?: string;
}

type Ev<K extends TranscriptEvent['kind']> = Extract<TranscriptEvent, { kind: K }>;

function uniqueLast(items: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = items.length - 1; i >= 0 && out.length < n; i--) if (!out.some((o) => o.toLowerCase() === items[i]!.toLowerCase())) out.unshift(items[i]!);
  return out;
}

/** Tools whose calls say nothing a resumed session needs as its last step. */
const QUIET_TOOL = /^(?:Read|NotebookRead|View|Glob|Grep|LS|TodoWrite|TaskCreate|TaskUpdate|TaskList|TaskGet|ToolSearch|update_plan|write_stdin|Skill)$/;

/**
 * The agent's last step when it was not a command (that is last_command_run): the file it
 * edited, another tool's call with its outcome (a fetch, a browser action), or its answer.
 */
function lastAction(events: TranscriptEvent[], root: string, cwd?: string): string | undefined {
  const rejected = rejectedAtEnd(events, (p) => repoPath(p, root, cwd));
  if (rejected.length) return oneLine(`the user rejected (not run): ${rejected.join('; ')}`, 200);
  const results = new Map(events.flatMap((e) => (e.kind === 'result' ? [[e.id, e] as const] : [])));
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'command' || e.kind === 'ask') return undefined;
    if (e.kind === 'edit' && results.get(e.id)?.ok !== false) return oneLine(`edited ${e.paths.map((p) => repoPath(p, root, cwd)).join(', ')}`, 200);
    if (e.kind === 'tool' && !QUIET_TOOL.test(e.name)) {
      const r = results.get(e.id);
      const args = Object.values(e.input)
        .filter((v) => typeof v === 'string')
        .join(' ');
      return oneLine(`${e.name}${args ? ` ${args}` : ''} → ${!r ? 'no result' : r.ok ? 'ok' : `failed: ${r.output}`}`, 200);
    }
    if (e.kind === 'say') return oneLine(e.harness ? `stopped on: ${e.text}` : `answered: ${sentences(e.text)[0] ?? e.text}`, 200);
  }
  return undefined;
}

/** The session a transcript is of: the id it states, else its file's name. */
export const sessionIdOf = (transcript: Transcript): string => transcript.meta.sessionId ?? basename(transcript.path).replace(/\.jsonl?$/, '');

/**
 * Builds the draft recovery manifest from the session's events and git state. Pure: same input,
 * same manifest. Each kind of fact comes from its own extractor; redaction and the 2 KB budget
 * are applied afterwards by `finalizeManifest`.
 */
export function extractManifest(input: ExtractInput): Manifest {
  const { transcript, pressure, git } = input;
  // A subagent's own transcript is all sidechain: then it is the conversation.
  // The user's /exit (Claude Code) is how the session closed: no request, and it cuts off no step or summary before it.
  // Nor is a prompt the user took back by rewinding the conversation (Claude Code).
  const main = transcript.events.filter((e) => !e.sidechain && !isUserExit(e) && !(e.kind === 'ask' && e.rewound));
  const events = main.length ? main : transcript.events;
  const runs = commandRuns(events);
  const items = workItems(events, runs);
  const summary = lastSummary(events);
  const ask = lastRequest(events, runs, items);
  const pending = pendingTasks(items, ask, filedForLater(items, events));

  // Newest first; of items finished at the same step (a list marked done at once), the later in the list.
  const completedItems = items
    .map((t, at) => ({ t, at }))
    .filter(({ t }) => t.status === 'completed')
    .sort((a, b) => b.t.index - a.t.index || b.at - a.at)
    .map(({ t }) => t);
  // A finished request is completed work; an answered question is not work at all.
  const askDone = ask?.finished && isRequest(ask.text) && !completedItems.some((t) => sameItem(t.text, ask.text));
  const completed = [...(askDone ? [ask.caveat ? `(${ask.caveat}) ${ask.text}` : ask.text] : []), ...completedItems.map((t) => oneLine(t.text))];
  if (askDone && completedItems.length && completedItems[0]!.index > ask!.index) completed.push(completed.shift()!);

  const files = fileFacts(events, runs, git.root, transcript.meta.cwd);
  // The session's own log, read as sample data, is the transcript pointer already.
  const ownLog = sessionIdOf(transcript);
  const reference = files.reference.filter((p) => !(p.endsWith('.jsonl') && p.includes(ownLog)));
  // Uncommitted changes count as the session's only when it named them in a command (a formatter,
  // a script): a file or folder git status merely shows (an agent's settings) was not touched.
  const commands = runs.map((r) => r.command).join('\n');
  const modified = [
    ...files.modified,
    ...git.dirty.filter((d) => !d.endsWith('/') && !files.modified.includes(d) && !files.deleted.includes(d) && commands.includes(d)),
  ];

  // Subagents' runs in the session's own log (Claude Code 1.0's sidechains), in the order they ran: a check
  // of theirs counts toward the status, and its failure is a blocker unless a later run settled it.
  const work =
    main.length && main.length < transcript.events.length
      ? inTimeOrder(transcript.events.filter((e) => !isUserExit(e) && !(e.kind === 'ask' && e.rewound)))
      : undefined;
  const workRuns = work ? commandRuns(work) : runs;
  const last = lastMeaningful(runs);
  const { status: verified, lastVerify } = verificationStatus(workRuns);
  const status = [verified, uncheckedEdits(events, runs), commitState(events, runs)].filter(Boolean).join('; ') || undefined;
  // Calls the permission settings refused for the last request: nothing to fix, the user must allow them or run them.
  const denied = deniedCalls(events.slice((ask?.index ?? -1) + 1), (p) => repoPath(p, git.root, transcript.meta.cwd), sharesWork);
  const deniedLine = denied.length
    ? [oneLine(`Not run, denied by the permission settings (the user must allow them or run them): ${denied.join('; ')}`, 240)]
    : [];
  // Four at most, the refused calls' line last: "blocker N" counts the failures above it.
  // Of a subagent's, a check's (a build, the tests): what it tried on the way to one is its own business.
  const failing = unsettledFailures(workRuns).filter((r) => !work?.[r.index]?.sidechain || isVerifyCommand(r.command));
  const blockers = failing
    .map((r) => oneLine(`${work?.[r.index]?.sidechain ? "a subagent's " : ''}${blockerLine(r, git.root)}`, 240))
    .slice(-(4 - deniedLine.length));
  // A program the machine lacks ("docker: command not found") is not fixed by running it again.
  const lacking = failing.length ? missingProgram(failing.at(-1)!.output) : undefined;

  // Judgement in the agent's own words.
  const says = events.filter((e): e is Ev<'say'> => e.kind === 'say');
  const prose = says.flatMap((e) => sentences(e.text));
  // A decision whose change a later edit took out no longer holds.
  const undone = undoneDecisions(events);
  const decided = says.filter((e) => !undone.has(e)).flatMap((e) => sentences(e.text));
  // The user's answers to the agent's questions are decisions in their own right, stated first.
  const choices = events.flatMap((e) =>
    e.kind === 'choice' ? [oneLine(`The user chose "${e.answer}"${e.meaning ? ` (${e.meaning})` : ''} for: ${e.question}`, 240)] : [],
  );
  // A decision record it wrote (an ADR) is one it set down on purpose, whatever language it spoke.
  const records = decisionRecords(events, (p) => repoPath(p, git.root, transcript.meta.cwd)).map((r) => oneLine(`Decision record ${r}`, 240));
  const decisions = uniqueLast([...decided.filter(isDecision).map((s) => oneLine(unlabel(s), 240)), ...records.slice(-2), ...choices.slice(-2)], 3);
  // Only what still holds: a hypothesis a later finding replaced or the agent took back, or a problem since fixed, is not a finding.
  const findings = uniqueLast(
    currentFindings(prose).map((s) => oneLine(unlabel(s), 240)),
    3,
  );
  const lastSay = says.at(-1);
  const lastSayIndex = lastSay ? events.lastIndexOf(lastSay) : -1;
  const summaryIsNewest = summary !== undefined && !events.slice(summary.index + 1).some((e) => e.kind === 'ask' || e.kind === 'say');
  const explicitNext = [
    ...(summaryIsNewest && summary.sections.nextStep ? [summary.sections.nextStep] : []),
    ...(lastSay
      ? sentences(lastSay.text)
          .map(nextStepOf)
          .filter((s): s is string => Boolean(s))
      : []),
  ].map((s) => oneLine(s, 240));
  // A subagent's own log (all of it sidechain): its last words went back to the session that started it, not to a person.
  const offeredTo = events.length && !events.some((e) => !e.sidechain) ? 'Offered to the parent session: ' : 'Offered to the user: ';
  if (ask?.finished && ask.context && !pending.length) explicitNext.push(ask.context.replace(/^the agent offered: /, offeredTo));
  const nextSteps = uniqueLast(
    explicitNext.filter((s) => !pending.some((p) => sameItem(p.task, s))),
    3,
  );

  const inProgress = pending.find((t) => t.status === 'in_progress');
  const inProgressItem = items.find((t) => t.status === 'in_progress' && t.activeForm);
  // Current work is what the agent was doing, not the request again: its stated intent in the
  // unfinished turn, the in-progress item's active form, or the summary's account of it.
  const openTurn = ask ? !ask.finished : pending.length > 0;
  const intent = openTurn && lastSay && lastSayIndex > (ask?.index ?? -1) ? sentences(lastSay.text).map(intentOf).findLast(Boolean) : undefined;
  const currentWork =
    intent ??
    (inProgressItem?.activeForm ? oneLine(inProgressItem.activeForm) : undefined) ??
    (summaryIsNewest && summary.sections.currentWork ? oneLine(summary.sections.currentWork, 300) : undefined) ??
    (inProgress ? 'pending task 1 (in progress)' : undefined);

  // The user's words, then the guidance the agent saved to its memory (its words for theirs).
  const instructions = [...userInstructions(events, summary?.sections.userMessages ?? []), ...memoryNotes(events)].slice(-6);
  const phase = status?.includes('failing')
    ? 'fixing'
    : blockers.length
      ? 'debugging'
      : pending.length
        ? 'implementing'
        : completed.length || files.modified.length
          ? 'done'
          : 'exploring';

  // Bootstrap refers to items above instead of repeating them.
  const readFirst = [...git.stateFiles, ...reference.filter((p) => !isAgentData(p)).slice(0, 2), ...(files.lastEdited ? [files.lastEdited] : [])];
  const taskStep = `${inProgress ? 'continue' : 'start'} pending task 1${pending.length > 1 ? ` of ${pending.length}` : ''}`;
  const bootstrap = [
    ...(readFirst.length ? [`Read ${[...new Set(readFirst)].slice(0, 4).join(', ')}`] : []),
    ...(pending.length
      ? [
          pending.every((t) => t.context === FILED_FOR_LATER)
            ? 'Nothing is in progress: ask the user whether to take up pending task 1 (filed for later)'
            : ask?.rejected && !ask.finished
              ? 'Ask the user how to go on: they rejected the last calls (Last action) and stopped the agent'
              : ask?.waiting && !ask.finished
                ? `Ask the user first (task 1 waits on them), then ${taskStep}`
                : // The log ends while a call ran: running it again blind may do it twice (a publish, a deploy).
                  ask?.inFlight && !ask.finished
                  ? `Check whether the last call took effect (no result in the log), then ${taskStep}`
                  : `${taskStep[0]!.toUpperCase()}${taskStep.slice(1)}`,
        ]
      : // The agent's last words asked the user for something: that is where the next session starts.
        nextSteps.some((s) => s.startsWith('Offered to the user: '))
        ? ['Nothing is pending: ask the user whether to take the offered next step']
        : // An unsettled failure is open work: fixing it (below) is where the next session starts.
          blockers.length || denied.length
          ? []
          : ['Nothing is open: ask the user what is next']),
    ...(denied.length ? ['Ask the user to allow or run the calls the permission settings denied (Blockers)'] : []),
    ...(blockers.length
      ? [
          lacking
            ? `Blocker ${blockers.length}: \`${lacking}\` is not installed where the session ran; ask the user before installing it or working around it`
            : `Fix blocker ${blockers.length > 1 ? `${blockers.length} (the newest)` : '1'}, then re-run its command`,
        ]
      : []),
    // A failing last command is the blocker above: fixing it already says to run it again.
    ...(lastVerify && !(blockers.length && lastVerify === last)
      ? [lastVerify === last ? 'Verify by re-running the last command' : `Verify with \`${oneLine(lastVerify.command, 120)}\``]
      : []),
  ];

  const now = input.now ?? new Date();
  const p = transcript.path;
  return {
    schema_version: SCHEMA_VERSION,
    session_metadata: {
      project: basename(git.root),
      phase,
      timestamp: now.toISOString(),
      agent: transcript.agent,
      model: input.model ?? transcript.meta.model,
      session_id: sessionIdOf(transcript),
      context_usage_before: { tokens: pressure.tokens, window: pressure.window, percent: pressure.percent, level: pressure.level },
      generated_by: 'deterministic',
    },
    completed_tasks: completed,
    pending_tasks: pending,
    active_state: {
      current_work: currentWork,
      last_file_modified: files.lastEdited,
      last_command_run: last ? { command: oneLine(commandLine(last.command, git.root), 300), outcome: last.outcome, exit_code: last.exitCode } : undefined,
      environment_status: status,
      last_action: lastAction(events, git.root, transcript.meta.cwd),
    },
    critical_context: {
      user_instructions: instructions,
      key_decisions: decisions,
      important_findings: findings,
      blockers: [...blockers, ...deniedLine],
      next_steps: nextSteps,
    },
    memory_pointers: {
      state_files: git.stateFiles,
      transcript: input.home && p.startsWith(`${input.home}/`) ? `~${p.slice(input.home.length)}` : p,
      modified_files: modified.slice(0, 20),
      deleted_files: files.deleted.slice(0, 10),
      reference_files: reference.slice(0, 6),
      git_branch: git.branch,
      head: git.head,
    },
    bootstrap_instructions: bootstrap,
    context_compression_metrics: { original_tokens: pressure.tokens, manifest_tokens: 0, ratio: 0 },
  };
}
