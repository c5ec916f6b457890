import { readContext, type ContextReading, type ReadContextOptions } from './context.js';
import { DEFAULT_THRESHOLD, measurePressure, type Pressure } from './pressure.js';
import { statuslineWindow } from './statusline-cache.js';
import { resolveWindow, type WindowFacts } from './windows.js';

export interface SessionPressure {
  reading: ContextReading;
  pressure: Pressure;
  /** Where the window came from (`--limit`, git config, statusline, transcript, model table, unknown model). */
  windowSource: string;
  /** Where the agent will compact on its own, when known. */
  autoCompact?: WindowFacts['autoCompact'];
}

/**
 * The one way every command and hook measures a session: read its context, pick the window
 * (explicit limit, configured limit, the agent's own figures, the model table) and grade the
 * pressure. Within a session the window never shrinks back: what the agent's statusline said it
 * is stays known after its figures age.
 */
export async function measureSession(
  transcript: string,
  opts: ReadContextOptions & { limit?: number; configLimit?: number; threshold?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<SessionPressure> {
  const reading = await readContext(transcript, opts);
  const agentWindow =
    opts.ignoreStatusline || opts.cacheFile === false
      ? undefined
      : ((reading.source === 'statusline' ? reading.reportedWindow : undefined) ?? statuslineWindow(transcript, reading.model));
  const auto = reading.compactions.last?.trigger === 'auto' ? reading.compactions.last.preTokens : undefined;
  const facts = resolveWindow({
    limit: opts.limit,
    configLimit: opts.configLimit,
    agentWindow,
    reportedWindow: reading.source === 'statusline' ? undefined : reading.reportedWindow,
    model: reading.model,
    agent: reading.agent,
    tokens: reading.tokens,
    compactedAt: auto,
    env: opts.env,
    cwd: reading.cwd,
  });
  return {
    reading,
    pressure: measurePressure(reading.tokens, facts.window, opts.threshold ?? DEFAULT_THRESHOLD, facts.autoCompact?.tokens),
    windowSource: facts.source,
    autoCompact: facts.autoCompact,
  };
}
