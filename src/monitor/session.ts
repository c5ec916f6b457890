import { readContext, type ContextReading, type ReadContextOptions } from './context.js';
import { DEFAULT_THRESHOLD, measurePressure, type Pressure } from './pressure.js';
import { resolveWindow } from './windows.js';

export interface SessionPressure {
  reading: ContextReading;
  pressure: Pressure;
  /** Where the window came from (`--limit`, git config, transcript, model table). */
  windowSource: string;
}

/**
 * The one way every command and hook measures a session: read its context, pick the window
 * (explicit limit, configured limit, the log's own, the model table) and grade the pressure.
 */
export async function measureSession(
  transcript: string,
  opts: ReadContextOptions & { limit?: number; configLimit?: number; threshold?: number } = {},
): Promise<SessionPressure> {
  const reading = await readContext(transcript, opts);
  const { window, source } = resolveWindow({ limit: opts.limit, configLimit: opts.configLimit, reportedWindow: reading.reportedWindow, model: reading.model, agent: reading.agent, tokens: reading.tokens });
  return { reading, pressure: measurePressure(reading.tokens, window, opts.threshold ?? DEFAULT_THRESHOLD), windowSource: source };
}
