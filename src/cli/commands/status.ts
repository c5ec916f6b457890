import type { PressureLevel } from '../../monitor/index.js';
import { sessionStatus } from '../../session/status.js';
import { color, io, printJson, warn } from '../output.js';
import { thousands } from '../../numbers.js';

export interface StatusOptions {
  transcript?: string;
  json?: boolean;
  limit?: string;
  exact?: boolean;
  verbose?: boolean;
  check?: boolean;
}

const LEVEL_COLOR: Record<PressureLevel, (s: string) => string> = {
  NORMAL: color.green,
  ELEVATED: color.yellow,
  CRITICAL: color.magenta,
  EMERGENCY: color.red,
  UNKNOWN: color.dim,
};

/** Exit code of `status --check` when recovery should be prepared. */
export const EXIT_SHOULD_PREPARE = 10;

const fmt = thousands;

export async function run(opts: StatusOptions): Promise<number> {
  const r = await sessionStatus({ ...opts, onProblem: warn });
  if (opts.json) printJson(r);
  else {
    const lvl = LEVEL_COLOR[r.level](color.bold(r.level));
    const head =
      r.window === null
        ? `${lvl}  ${fmt(r.tokens)} tokens in context; window unknown (model ${r.model ?? 'not named in the log'})`
        : `${lvl}  ${r.percent}% of context used  (${fmt(r.tokens)} / ${fmt(r.window)} tokens, ${fmt(r.available)} left)`;
    const lines = [head, `  agent      ${r.agent}${r.model ? `  ·  ${r.model}` : ''}${r.session_id ? `  ·  session ${r.session_id}` : ''}`];
    if (r.tokens_until_auto_compact !== null) {
      const at = `at ${fmt(r.auto_compact_at!)}, ${r.auto_compact_source}`;
      lines.push(
        r.tokens_until_auto_compact === 0
          ? `  compaction the agent compacts on its next request (an estimate: ${at})`
          : `  compaction ≈ ${fmt(r.tokens_until_auto_compact)} tokens until auto-compact (an estimate: ${at})`,
      );
    }
    if (r.compactions)
      lines.push(
        `  compacted  ${r.compactions_at_least ? 'at least ' : ''}${r.compactions} time${r.compactions === 1 ? '' : 's'}${r.last_compaction?.at ? `, last ${r.last_compaction.at}${r.last_compaction.trigger ? ` (${r.last_compaction.trigger})` : ''}` : ''}`,
      );
    lines.push(
      r.window === null
        ? `  recovery   unknown pressure: set the window with git config agentflow.contextLimit <tokens> (or --limit)`
        : `  recovery   ${r.should_prepare ? color.bold(`prepare now (≥ ${Math.round(r.threshold * 100)}%): git session save`) : `not needed yet (threshold ${Math.round(r.threshold * 100)}%)`}`,
      `  transcript ${r.transcript}`,
    );
    if (r.tokens_source !== 'usage')
      lines.push(color.dim(`  tokens counted by ${r.tokens_source}${r.compacted_since_usage ? ' (compacted since the last usage figure)' : ''}`));
    if (opts.verbose || r.lines_skipped > 0)
      lines.push(color.dim(`  ${r.lines_read} lines read, ${r.lines_skipped} skipped (not JSON or cut off); window from ${r.window_source}`));
    io().stdout.write(`${lines.join('\n')}\n`);
  }
  return opts.check && r.should_prepare ? EXIT_SHOULD_PREPARE : 0;
}
