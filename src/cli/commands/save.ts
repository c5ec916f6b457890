import { UsageError } from '../../errors.js';
import { parseTokenCount } from '../../store/index.js';
import { color, printJson } from '../output.js';
import { saveSession } from '../snapshot.js';

export interface SaveCommandOptions {
  transcript?: string;
  reason?: string;
  dryRun?: boolean;
  json?: boolean;
  limit?: string;
}

export async function run(opts: SaveCommandOptions): Promise<number> {
  const limit = opts.limit === undefined ? undefined : parseTokenCount(opts.limit);
  if (opts.limit !== undefined && !limit) throw new UsageError(`--limit ${opts.limit} is not a token count; use e.g. --limit 200000 or --limit 1M.`);
  const r = await saveSession({ transcript: opts.transcript, reason: opts.reason, dryRun: opts.dryRun, limit });
  const ms = Math.round(performance.now());
  const metrics = r.manifest.context_compression_metrics;
  if (opts.json) {
    printJson({ snapshot: r.snapshot ?? null, session_id: r.sessionId, bytes: r.bytes, ratio: metrics.ratio, level: r.pressure.level, percent: r.pressure.percent, redacted: r.redacted, noted: r.noted ?? null, dry_run: r.dryRun, ms, manifest: r.manifest });
    return 0;
  }
  if (r.dryRun) {
    process.stdout.write(r.json);
    process.stderr.write(`${color.dim(`dry run: nothing stored · ${r.bytes} bytes · ${metrics.ratio}:1 · ${ms} ms`)}\n`);
    return 0;
  }
  const lines = [
    `${color.green('saved')} snapshot ${color.bold(r.snapshot!.slice(0, 10))} for session ${r.sessionId}`,
    `  manifest ${r.bytes} bytes · ${metrics.original_tokens.toLocaleString('en-US')} → ${metrics.manifest_tokens} tokens (${metrics.ratio}:1) · ${r.pressure.level} ${r.pressure.percent}% · ${ms} ms`,
  ];
  if (r.redacted) lines.push(`  ${r.redacted} secret${r.redacted === 1 ? '' : 's'} redacted before storing`);
  if (r.noted) lines.push(color.dim(`  noted on ${r.noted.slice(0, 10)} (git log --notes=agentflow)`));
  lines.push(color.dim('  resume with: git session resume'));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
