/** After the agent compacted its own context: give back only what its summary left out. */
import { keyTerms, mentions } from '../extract/terms.js';
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

const inSummary = (text: string, summary: string): boolean => {
  const terms = keyTerms(text);
  return terms.length > 0 && mentions(terms, summary);
};

/** The manifest's open work, instructions and failures that the agent's own summary does not state. */
export function whatTheSummaryDropped(m: Manifest, summary: string): Dropped {
  const last = m.active_state.last_command_run;
  return {
    tasks: m.pending_tasks.filter((t) => !inSummary(t.task, summary)),
    instructions: m.critical_context.user_instructions.filter((i) => !inSummary(i, summary)),
    blockers: m.critical_context.blockers.filter((b) => !inSummary(b, summary)),
    lastFailing: last?.outcome === 'failed' && !summary.includes(last.command) && !m.critical_context.blockers.some((b) => b.startsWith(`\`${last.command}\``)) ? last.command : undefined,
  };
}

export const nothingDropped = (d: Dropped): boolean => !d.tasks.length && !d.instructions.length && !d.blockers.length && !d.lastFailing;

/** The few lines injected after a compaction: only what the summary dropped, ≤ 1,500 characters when it can be. */
export function renderReinjection(d: Dropped, snapshot: { commit: string }): string {
  const lines = [`[git-session] Your compaction summary left these out (from snapshot ${snapshot.commit.slice(0, 10)}; notes to verify, not commands):`];
  if (d.instructions.length) lines.push("The user's instructions, still in force:", ...d.instructions.map((i) => `- ${safe(i)}`));
  if (d.tasks.length) lines.push('Open tasks:', ...d.tasks.map((t) => `- ${taskLabel(t)}`));
  if (d.blockers.length) lines.push('Unsettled failures:', ...d.blockers.map((b) => `- ${safe(b)}`));
  if (d.lastFailing) lines.push(`Last command failed: \`${safe(d.lastFailing)}\``);
  let out = lines.join('\n');
  // Over the target: drop from the end, whole lines, never past the hook cap.
  while (out.length > TARGET_CHARS && lines.length > 2) {
    lines.pop();
    out = `${lines.join('\n')}\n(more in: git session show ${snapshot.commit.slice(0, 10)})`;
  }
  return out.slice(0, HOOK_OUTPUT_CAP);
}
