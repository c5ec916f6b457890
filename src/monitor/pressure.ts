export const PRESSURE_LEVELS = ['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY'] as const;
export type PressureLevel = (typeof PRESSURE_LEVELS)[number];

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
  window: number;
  available: number;
  /** tokens / window, 0..∞ (a log can exceed a window we guessed too small). */
  ratio: number;
  /** Rounded to one decimal, clamped to 0–100, as a person reads it. */
  percent: number;
  level: PressureLevel;
  shouldPrepare: boolean;
  threshold: number;
}

export function measurePressure(tokens: number, window: number, threshold = DEFAULT_THRESHOLD): Pressure {
  const ratio = window > 0 ? tokens / window : 0;
  return {
    tokens,
    window,
    available: Math.max(0, window - tokens),
    ratio,
    percent: Math.min(100, Math.max(0, Math.round(ratio * 1000) / 10)),
    level: pressureLevel(ratio),
    shouldPrepare: ratio >= threshold,
    threshold,
  };
}
