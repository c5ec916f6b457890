import { measureSession } from '../monitor/index.js';
import { parseTokenCount } from '../store/config.js';
import { UsageError } from '../errors.js';
import { sanitizeDeep } from '../manifest/sanitize.js';
import { resolveSession } from './target.js';

/** The context pressure of the session: the data `git session status` shows and `--json` and the MCP server give. */
export async function sessionStatus(opts: { transcript?: string; limit?: string; exact?: boolean; cwd?: string; onProblem?: (message: string) => void }) {
  const target = resolveSession({ transcript: opts.transcript, cwd: opts.cwd, onProblem: opts.onProblem });
  const limitOpt = opts.limit === undefined ? undefined : parseTokenCount(opts.limit);
  if (opts.limit !== undefined && !limitOpt) throw new UsageError(`--limit ${opts.limit} is not a token count; use e.g. --limit 200000 or --limit 1M.`);
  const {
    reading,
    pressure: p,
    windowSource,
    autoCompact,
  } = await measureSession(target.transcript, {
    agent: target.agent,
    exact: opts.exact,
    limit: limitOpt,
    configLimit: target.config.contextLimit,
    threshold: target.config.threshold,
  });
  // The strings come from the transcript (model, session id, trigger) and its path: printed, sent
  // over MCP and written as JSON, so without escape sequences or invisible characters.
  return sanitizeDeep({
    agent: reading.agent,
    session_id: reading.sessionId ?? null,
    model: reading.model ?? null,
    tokens: p.tokens,
    /** null when the model is unknown and nothing gave the window (level UNKNOWN). */
    window: p.window || null,
    window_source: windowSource,
    available: p.available,
    percent: p.percent,
    level: p.level,
    should_prepare: p.shouldPrepare,
    threshold: p.threshold,
    /** An estimate: where the agent will compact on its own, from its settings and this session's compactions. */
    auto_compact_at: autoCompact?.tokens ?? null,
    auto_compact_source: autoCompact?.source ?? null,
    tokens_until_auto_compact: p.untilAutoCompact ?? null,
    compactions: reading.compactions.count,
    compactions_at_least: reading.compactions.atLeast,
    last_compaction: reading.compactions.last
      ? { at: reading.compactions.last.at ?? null, trigger: reading.compactions.last.trigger ?? null, pre_tokens: reading.compactions.last.preTokens ?? null }
      : null,
    tokens_source: reading.source,
    compacted_since_usage: reading.compactedSinceUsage,
    transcript: reading.path,
    transcript_bytes: reading.bytes,
    lines_read: reading.linesRead,
    lines_skipped: reading.skipped,
  });
}
