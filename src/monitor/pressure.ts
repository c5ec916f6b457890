/** The graded levels, lowest first. */
export const PRESSURE_LEVELS = ['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY'] as const;
/** A graded level, or UNKNOWN when the window is not known (never graded as a guess). */
export type PressureLevel = (typeof PRESSURE_LEVELS)[number] | 'UNKNOWN';

export const DEFAULT_THRESHOLD = 0.8;

/** NORMAL < 60 %, ELEVATED < 80 %, CRITICAL < 90 %, EMERGENCY ≥ 90 % of the window. */
export function pressureLevel(ratio: number): PressureLevel {
  if (ratio >= 0.9) return 'EMERGENCY';
  if (ratio >= 0.8) return 'CRITICAL';
  if (ratio >= 0.6) return 'ELEVATED';
  return 'NORMAL';
}

export interface Pressure {
  tokens: number;
  /** 0 when unknown. */
  window: number;
  available: number;
  /** tokens / window, 0..∞ (a log can exceed a window we guessed too small); 0 when the window is unknown. */
  ratio: number;
  /** Rounded to one decimal, clamped to 0–100, as a person reads it. */
  percent: number;
  level: PressureLevel;
  shouldPrepare: boolean;
  threshold: number;
  /** Tokens left until the agent compacts on its own (an estimate), when known. */
  untilAutoCompact?: number;
}

/**
 * Grades the pressure. `window` undefined (or 0) means unknown: level UNKNOWN, nothing to prepare.
 * Recovery is due from the threshold on, and also when the agent is about to compact on its own
 * below the threshold (a small auto-compact window): within 5 % of the window of that point.
 */
export function measurePressure(tokens: number, window: number | undefined, threshold = DEFAULT_THRESHOLD, autoCompactAt?: number): Pressure {
  const untilAutoCompact = autoCompactAt !== undefined ? Math.max(0, autoCompactAt - tokens) : undefined;
  if (!window) return { tokens, window: 0, available: 0, ratio: 0, percent: 0, level: 'UNKNOWN', shouldPrepare: false, threshold, untilAutoCompact };
  const ratio = tokens / window;
  const nearCompaction = untilAutoCompact !== undefined && untilAutoCompact <= window * 0.05;
  return {
    tokens,
    window,
    available: Math.max(0, window - tokens),
    ratio,
    percent: Math.min(100, Math.max(0, Math.round(ratio * 1000) / 10)),
    level: pressureLevel(ratio),
    shouldPrepare: ratio >= threshold || nearCompaction,
    threshold,
    untilAutoCompact,
  };
}
