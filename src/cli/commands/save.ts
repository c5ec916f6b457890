import { UsageError } from '../../errors.js';
import { field, readHookInput } from '../../hooks/input.js';
import { parseTokenCount } from '../../store/index.js';
import { color, io, printJson, warn } from '../output.js';
import { saveSession } from '../../session/index.js';
import { thousands } from '../../numbers.js';

export interface SaveCommandOptions {
  llm?: boolean;
  hook?: boolean;
  quiet?: boolean;
  transcript?: string;
  reason?: string;
  dryRun?: boolean;
  allowUnchanged?: boolean;
  json?: boolean;
  limit?: string;
}

/**
 * `save --hook`: installed by older versions as the PreCompact and SessionEnd hooks; the same as
 * `git session hook pre-compact` / `session-end`.
 */
async function runAsHook(opts: SaveCommandOptions): Promise<number> {
  const input = await readHookInput();
  const reason = opts.reason ?? field(input, 'hook_event_name')?.toLowerCase() ?? 'hook';
  if (/session-?end/.test(reason)) await (await import('../../hooks/session-end.js')).sessionEnd(input);
  else await (await import('../../hooks/pre-compact.js')).preCompact(input, { llm: opts.llm, reason });
  return 0;
}

export async function run(opts: SaveCommandOptions): Promise<number> {
  if (opts.hook) return runAsHook(opts);
  const limit = opts.limit === undefined ? undefined : parseTokenCount(opts.limit);
  if (opts.limit !== undefined && !limit) throw new UsageError(`--limit ${opts.limit} is not a token count; use e.g. --limit 200000 or --limit 1M.`);
  const r = await saveSession({
    transcript: opts.transcript,
    reason: opts.reason,
    dryRun: opts.dryRun,
    allowUnchanged: opts.allowUnchanged,
    limit,
    quiet: opts.quiet,
    onProblem: warn,
    llm: opts.llm,
  });
  if (r.skippedLines > 0)
    warn(
      `skipped ${r.skippedLines} of ${r.linesRead} lines of ${r.transcriptPath} (not JSON, nested too deep, too long, or with impossible token counts); the rest was saved.`,
    );
  for (const w of r.warnings) warn(w);
  if (r.llmFallback && !opts.json)
    io().stderr.write(`git-session: the model's refinement was not used (${r.llmFallback}); the deterministic snapshot stands.\n`);
  if (opts.quiet && !opts.json && !opts.dryRun) return 0;
  const ms = Math.round(performance.now());
  const metrics = r.manifest.context_compression_metrics;
  if (opts.json) {
    printJson({
      snapshot: r.snapshot ?? null,
      session_id: r.sessionId,
      bytes: r.bytes,
      ratio: metrics.ratio,
      level: r.pressure.level,
      percent: r.pressure.percent,
      generated_by: r.manifest.session_metadata.generated_by,
      llm: r.manifest.session_metadata.llm ?? null,
      llm_fallback: r.llmFallback ?? null,
      prompt_tokens: r.promptTokens ?? null,
      redacted: r.redacted,
      noted: r.noted ?? null,
      unchanged: Boolean(r.unchanged),
      dry_run: r.dryRun,
      ms,
      manifest: r.manifest,
    });
    return 0;
  }
  if (r.unchanged) {
    io().stdout.write(
      `${color.dim('unchanged')}: snapshot ${color.bold(r.snapshot!.slice(0, 10))} of session ${r.sessionId} already holds this state; nothing stored\n`,
    );
    return 0;
  }
  if (r.dryRun) {
    io().stdout.write(r.json);
    io().stderr.write(`${color.dim(`dry run: nothing stored · ${r.bytes} bytes · ${metrics.ratio}:1 · ${ms} ms`)}\n`);
    return 0;
  }
  const lines = [
    `${color.green('saved')} snapshot ${color.bold(r.snapshot!.slice(0, 10))} for session ${r.sessionId}`,
    `  manifest ${r.bytes} bytes · ${thousands(metrics.original_tokens)} → ${metrics.manifest_tokens} tokens (${metrics.ratio}:1) · ${r.pressure.level} ${r.pressure.percent}% · ${ms} ms`,
  ];
  const llm = r.manifest.session_metadata.llm;
  if (llm && !llm.fallback)
    lines.push(
      `  refined by ${llm.model}: ${llm.tokens_in} → ${llm.tokens_out} tokens, ${llm.cost_usd === null ? 'cost unknown' : `$${llm.cost_usd}`}, ${llm.ms} ms`,
    );
  if (r.redacted) lines.push(`  ${r.redacted} secret${r.redacted === 1 ? '' : 's'} redacted before storing`);
  if (r.noted) lines.push(color.dim(`  noted on ${r.noted.slice(0, 10)} (git log --notes=agentflow)`));
  lines.push(color.dim('  resume with: git session resume'));
  io().stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
