/** The window Codex runs a model with, and where it compacts on its own. */
import { windowOfModel } from '../models.js';
import type { AutoCompactPoint } from '../types.js';

export function window(model: string | undefined, hint?: number): { window?: number; source: string } {
  if (hint) return { window: hint, source: 'transcript' };
  const table = windowOfModel(model ?? 'gpt-5');
  return table ? { window: table, source: 'model table' } : { source: 'unknown model' };
}

/** Codex compacts at 90 % of the model's full window (272,000 for the GPT-5 family), unless model_auto_compact_token_limit says otherwise. */
export function autoCompactAt(modelWindow: number): AutoCompactPoint | undefined {
  // The reported window is 95 % of the full one.
  return { tokens: Math.round((modelWindow / 0.95) * 0.9), source: 'Codex default (90 % of the full window)' };
}
