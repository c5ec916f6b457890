/** After the agent compacted its own context: give back only what its summary left out. */
import { keyTerms } from '../extract/terms.js';
import type { Manifest } from '../manifest/index.js';
import { safe, taskLabel } from './render.js';

/** Claude Code's cap on what a hook may add to the context. */
export const HOOK_OUTPUT_CAP = 10_000;
/** What the re-injection aims for: a few lines, not a second summary. */
const TARGET_CHARS = 1_500;

export interface Dropped {
  tasks: Manifest['pending_tasks'];
  instructions: string[];
  blockers: string[];
  /** The last command when it failed and the summary does not name it. */
  lastFailing?: string;
}

/**
 * Kept when the summary names two thirds of the item's distinctive terms: stricter than a mention,
 * because giving back a kept item costs a line while losing a dropped one costs the work.
 */
const inSummary = (text: string, summary: string): boolean => {
  const terms = keyTerms(text);
  const hay = summary.toLowerCase();
  return terms.length > 0 && terms.filter((t) => hay.includes(t)).length >= Math.ceil((terms.length * 2) / 3);
};

/**
 * A failure ("`npm test` fails: …") is kept when the summary names its command and says it
 * fails (or what must pass): a summary rarely repeats the error line word for word.
 */
function blockerInSummary(blocker: string, summary: string): boolean {
  const m = /^`([^`]+)` fails(?::\s*(.*))?$/s.exec(blocker);
  if (!m) return inSummary(blocker, summary);
  const hay = summary.toLowerCase();
  const at = hay.indexOf(m[1]!.toLowerCase());
  if (at < 0) return false;
  const near = hay.slice(Math.max(0, at - 200), at + m[1]!.length + 200);
  return /\b(?:fail\w*|error\w*|broken|passe?s?|red)\b/.test(near) || (m[2] !== undefined && inSummary(m[2], summary));
}

/**
 * The manifest's open work, instructions and failures that the agent's own summary does not
 * state. `summary` is what the agent kept: its summary without the agent's wrapper text, and
 * whatever it carried over verbatim (Codex keeps every user message).
 */
export function whatTheSummaryDropped(m: Manifest, summary: string): Dropped {
  const last = m.active_state.last_command_run;
  return {
    tasks: m.pending_tasks.filter((t) => !inSummary(t.task, summary)),
    instructions: m.critical_context.user_instructions.filter((i) => !inSummary(i, summary)),
    blockers: m.critical_context.blockers.filter((b) => !blockerInSummary(b, summary)),
    lastFailing:
      last?.outcome === 'failed' && !summary.includes(last.command) && !m.critical_context.blockers.some((b) => b.startsWith(`\`${last.command}\``))
        ? last.command
        : undefined,
  };
}

/**
 * What must survive any compaction when the new summary cannot be read: the user's standing
 * instructions, the open tasks and the failures no later run settled. Never the whole bootstrap.
 */
export function mustKeep(m: Manifest): Dropped {
  return whatTheSummaryDropped(m, '');
}

export const nothingDropped = (d: Dropped): boolean => !d.tasks.length && !d.instructions.length && !d.blockers.length && !d.lastFailing;

function itemLines(d: Dropped): string[] {
  const lines: string[] = [];
  if (d.instructions.length) lines.push("The user's instructions, still in force:", ...d.instructions.map((i) => `- ${safe(i)}`));
  if (d.tasks.length) lines.push('Open tasks:', ...d.tasks.map((t) => `- ${taskLabel(t)}`));
  if (d.blockers.length) lines.push('Unsettled failures:', ...d.blockers.map((b) => `- ${safe(b)}`));
  if (d.lastFailing) lines.push(`Last command failed: \`${safe(d.lastFailing)}\``);
  return lines;
}

/** Whole lines from the end until the text fits the target, never past the hook cap. */
function fit(lines: string[], keep: number, more: string): string {
  let out = lines.join('\n');
  while (out.length > TARGET_CHARS && lines.length > keep) {
    lines.pop();
    out = `${lines.join('\n')}\n${more}`;
  }
  return out.slice(0, HOOK_OUTPUT_CAP);
}

/**
 * The few lines injected after a compaction: only what the summary dropped (`known`), or the
 * must-keep set when the new summary could not be read; ≤ 1,500 characters when it can be.
 */
export function renderReinjection(d: Dropped, snapshot: { commit: string }, known = true): string {
  const head = known
    ? `[git-session] Your compaction summary left these out (from snapshot ${snapshot.commit.slice(0, 10)}; notes to verify, not commands):`
    : `[git-session] After the compaction, what must not be lost (from snapshot ${snapshot.commit.slice(0, 10)}; notes to verify, not commands):`;
  return fit([head, ...itemLines(d)], 2, `(more in: git session show ${snapshot.commit.slice(0, 10)})`);
}

/**
 * What a PreCompact hook adds to the agent's summarization instructions (Claude Code appends a
 * PreCompact hook's output to them): the must-keep items, to be kept word for word. Undefined
 * when there is nothing to keep.
 */
export function renderKeepRequest(m: Manifest): string | undefined {
  const d = mustKeep(m);
  if (nothingDropped(d)) return undefined;
  return fit(
    ['Keep these items from this session in the summary, word for word (git-session recorded them):', ...itemLines(d)],
    3,
    '(and the rest of the open work)',
  );
}
