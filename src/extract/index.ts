import { basename, isAbsolute, relative } from 'node:path';
import type { Manifest, PendingTask } from '../manifest/index.js';
import { SCHEMA_VERSION } from '../manifest/index.js';
import type { Pressure } from '../monitor/index.js';
import { clip, type TodoItem, type Transcript, type TranscriptEvent } from '../transcript/index.js';
import { firstErrorLine, isDecision, isFinding, isProbeCommand, isRejection, isTestCommand, isVerifyCommand, nextStepOf, sentences, testCounts, withoutCd } from './signals.js';

export { isVerifyCommand, isTestCommand, testCounts } from './signals.js';

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

const ITEM = 120;

type Ev<K extends TranscriptEvent['kind']> = Extract<TranscriptEvent, { kind: K }>;

interface CommandRun {
  command: string;
  result?: Ev<'result'>;
}

function uniqueLast(items: string[], n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = items.length - 1; i >= 0 && out.length < n; i--) {
    const key = items[i]!.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.unshift(items[i]!);
    }
  }
  return out;
}

/** A path as the user sees it: relative to the repository when inside it. */
function displayPath(path: string, root: string, cwd?: string): string {
  const abs = isAbsolute(path) ? path : cwd ? `${cwd}/${path}` : path;
  const rel = relative(root, abs);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel || '.';
  // The session ran elsewhere (another clone, a pseudonymized path): keep what follows its cwd.
  if (cwd && abs.startsWith(`${cwd}/`)) return abs.slice(cwd.length + 1);
  return path;
}

/** Runs of the same tool count as one: a later `npm test -- x` settles an earlier `npm test` failure. */
const commandKey = (cmd: string): string => withoutCd(cmd).split(/\s+/).slice(0, isVerifyCommand(cmd) ? 2 : 3).join(' ');

function priorityOf(item: TodoItem, index: number): PendingTask['priority'] {
  if (item.priority) return item.priority.toUpperCase() as PendingTask['priority'];
  if (item.status === 'in_progress') return 'HIGH';
  return index < 2 ? 'MEDIUM' : 'LOW';
}

/**
 * Builds the draft recovery manifest from the session's events and git state. Pure: same input,
 * same manifest. The 2 KB budget and redaction are applied afterwards by `finalizeManifest`.
 */
export function extractManifest(input: ExtractInput): Manifest {
  const { transcript, pressure, git } = input;
  const events = transcript.events.filter((e) => !e.sidechain);
  const cwd = transcript.meta.cwd;
  const results = new Map<string, Ev<'result'>>();
  for (const e of events) if (e.kind === 'result') results.set(e.id, e);

  // Todo list: the latest one wins.
  const todoEvent = events.findLast((e): e is Ev<'todos'> => e.kind === 'todos');
  const todos = todoEvent?.items ?? [];
  const todoIndex = todoEvent ? events.lastIndexOf(todoEvent) : -1;
  const completed = todos.filter((t) => t.status === 'completed').map((t) => clip(t.text, ITEM));
  const open = todos.filter((t) => t.status !== 'completed');
  const pending: PendingTask[] = open
    .sort((a, b) => (a.status === 'in_progress' ? 0 : 1) - (b.status === 'in_progress' ? 0 : 1))
    .map((t, i) => ({ task: clip(t.text, ITEM), priority: priorityOf(t, i), status: t.status === 'in_progress' ? 'in_progress' : 'pending' }));

  // Asks made after the last todo update are not covered by it.
  const asks = events.filter((e): e is Ev<'ask'> => e.kind === 'ask');
  const lastAsk = asks.at(-1);
  const askAfterTodos = lastAsk && events.lastIndexOf(lastAsk) > todoIndex ? lastAsk : undefined;
  if (askAfterTodos && !pending.some((p) => p.status === 'in_progress')) {
    pending.unshift({ task: clip(askAfterTodos.text, ITEM), priority: 'HIGH', status: 'in_progress', context: 'the last request in the session' });
  }

  // Files edited successfully, most recent last.
  const edited: string[] = [];
  for (const e of events) {
    if (e.kind !== 'edit') continue;
    const r = results.get(e.id);
    if (r && !r.ok) continue;
    for (const p of e.paths) edited.push(displayPath(p, git.root, cwd));
  }
  const editedUnique = uniqueLast(edited, 50);
  const modified = [...editedUnique.slice().reverse(), ...git.dirty.filter((d) => !editedUnique.includes(d))].slice(0, 12);

  // Commands and their outcomes.
  const runs: CommandRun[] = events.filter((e): e is Ev<'command'> => e.kind === 'command').map((c) => ({ command: c.command, result: results.get(c.id) }));
  const lastRun = runs.at(-1);
  const outcome = (r?: CommandRun): 'ok' | 'failed' | 'unknown' => (!r?.result || isRejection(r.result.output) ? 'unknown' : r.result.ok ? 'ok' : 'failed');
  const verifyRuns = runs.filter((r) => isVerifyCommand(r.command) && outcome(r) !== 'unknown');
  const lastVerify = verifyRuns.at(-1);
  const statusOf = (r: CommandRun | undefined, kind: string): string | undefined => {
    if (!r) return undefined;
    const counts = testCounts(r.result?.output ?? '');
    return outcome(r) === 'failed'
      ? `${kind} failing${counts.failed !== undefined ? `: ${counts.failed}` : ''}`
      : `${kind} passing${counts.passed !== undefined ? `: ${counts.passed}` : ''}`;
  };
  // Tests and build each by their latest run: a passing build must not hide failing tests.
  const environmentStatus =
    [statusOf(verifyRuns.findLast((r) => isTestCommand(r.command)), 'tests'), statusOf(verifyRuns.findLast((r) => !isTestCommand(r.command)), 'build')].filter(Boolean).join('; ') || undefined;

  // Blockers: failures not followed by a success of the same command.
  const blockers: string[] = [];
  const settled = new Set<string>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    const key = commandKey(r.command);
    if (settled.has(key)) continue;
    settled.add(key);
    if (r.result && !r.result.ok && !isRejection(r.result.output) && !isProbeCommand(r.command)) {
      const err = firstErrorLine(r.result.output);
      blockers.unshift(clip(`\`${clip(r.command, 50)}\` fails${err ? `: ${err}` : ''}`, ITEM));
    }
  }

  // Judgement from prose: decisions, findings, explicit next steps.
  const prose = events.filter((e): e is Ev<'say'> => e.kind === 'say').flatMap((e) => sentences(e.text));
  const unlabel = (s: string): string => clip(s.replace(/^(?:decision|finding|found it|note)\s*:\s*/i, ''), ITEM);
  const decisions = uniqueLast(prose.filter(isDecision).map(unlabel), 4);
  const findings = uniqueLast(prose.filter((s) => isFinding(s) && !isDecision(s)).map(unlabel), 4);
  const lastSay = events.findLast((e): e is Ev<'say'> => e.kind === 'say');
  const explicitNext = lastSay ? sentences(lastSay.text).map(nextStepOf).filter((s): s is string => Boolean(s)) : [];

  const inProgress = open.find((t) => t.status === 'in_progress');
  const currentWork = inProgress ? clip(inProgress.activeForm ?? inProgress.text, ITEM) : askAfterTodos || !todos.length ? lastAsk && clip(lastAsk.text, ITEM) : undefined;
  // The pending list is its own section: next steps name only what to do first.
  const nextSteps = uniqueLast(
    [
      ...(pending[0] ? [`${pending[0].status === 'in_progress' ? 'Finish' : 'Start'}: ${pending[0].task}`] : []),
      ...explicitNext.map((s) => clip(s, ITEM)),
      ...(pending[1] ? [`Then: ${pending[1].task}`] : []),
      ...(lastAsk && !pending.length && !explicitNext.length ? [`Check the last request is done: ${clip(lastAsk.text, ITEM)}`] : []),
    ].reverse(),
    5,
  ).reverse();
  const lastFile = edited.at(-1);
  const phase = environmentStatus?.includes('failing') ? 'fixing' : blockers.length ? 'debugging' : open.length ? 'implementing' : todos.length ? 'wrapping up' : edited.length ? 'implementing' : 'exploring';

  const readFirst = [...git.stateFiles, ...(lastFile ? [lastFile] : [])].slice(0, 4);
  // Most useful first: the budget trims from the end.
  const bootstrap = [
    ...(readFirst.length ? [`Read ${readFirst.join(', ')}`] : []),
    ...(nextSteps[0] ? [`First action: ${explicitNext[0] ? clip(explicitNext[0], ITEM) : nextSteps[0]}`] : []),
    ...(lastVerify ? [`Verify with \`${clip(lastVerify.command, 80)}\` (last run: ${outcome(lastVerify)})`] : []),
  ];

  const now = input.now ?? new Date();
  return {
    schema_version: SCHEMA_VERSION,
    session_metadata: {
      project: basename(git.root),
      phase,
      timestamp: now.toISOString(),
      agent: transcript.agent,
      model: input.model ?? transcript.meta.model,
      session_id: transcript.meta.sessionId ?? basename(transcript.path).replace(/\.jsonl?$/, ''),
      context_usage_before: { tokens: pressure.tokens, window: pressure.window, percent: pressure.percent, level: pressure.level },
      generated_by: 'deterministic',
    },
    completed_tasks: completed,
    pending_tasks: pending,
    active_state: {
      current_work: currentWork,
      last_file_modified: lastFile,
      last_command_run: lastRun ? { command: clip(lastRun.command, ITEM), outcome: outcome(lastRun), exit_code: lastRun.result?.exitCode } : undefined,
      environment_status: environmentStatus,
    },
    critical_context: { key_decisions: decisions, important_findings: findings, blockers: blockers.slice(-4), next_steps: nextSteps },
    memory_pointers: { state_files: git.stateFiles, transcript: input.home && transcript.path.startsWith(`${input.home}/`) ? `~${transcript.path.slice(input.home.length)}` : transcript.path, modified_files: modified, git_branch: git.branch, head: git.head },
    bootstrap_instructions: bootstrap,
    context_compression_metrics: { original_tokens: pressure.tokens, manifest_tokens: 0, ratio: 0 },
  };
}
