/**
 * Context windows by model id. `extended` is the larger window a model can run with (Claude's 1M
 * variants): Claude Code uses the standard one unless the 1M variant was chosen, so the extended
 * window is assumed only when the log itself shows more tokens than the standard one holds.
 */
interface WindowRule {
  pattern: RegExp;
  window: number;
  extended?: number;
}

const RULES: WindowRule[] = [
  { pattern: /\[1m\]|-1m$/i, window: 1_000_000 },
  { pattern: /^claude-(opus-4-[67]|sonnet-4-[56]|sonnet-4-5|sonnet-4)(\b|-|$)/, window: 200_000, extended: 1_000_000 },
  { pattern: /^claude-/, window: 200_000 },
  { pattern: /^gpt-5/, window: 272_000 },
  { pattern: /codex/, window: 272_000 },
  { pattern: /^gpt-4\.1/, window: 1_047_576 },
  { pattern: /^gpt-4o|^gpt-4-turbo/, window: 128_000 },
  { pattern: /^o[134](-|$)/, window: 200_000 },
  { pattern: /^gemini-(1\.5|2|3)/, window: 1_048_576 },
];

export const DEFAULT_WINDOW = 200_000;

/**
 * The context window for a model.
 * @param model model id as the log gives it (e.g. `claude-opus-4-6`, `gpt-5.3-codex`)
 * @param observedTokens tokens the log shows in use; above the standard window means the extended one
 */
export function windowForModel(model: string | undefined, observedTokens = 0): number {
  const id = (model ?? '').toLowerCase();
  const rule = RULES.find((r) => r.pattern.test(id));
  if (!rule) return DEFAULT_WINDOW;
  return rule.extended && observedTokens > rule.window ? rule.extended : rule.window;
}

/**
 * The window to measure against and where it came from, most explicit first: `--limit`, git
 * config, the window the log itself reports (Codex), then the model table.
 */
export function resolveWindow(o: { limit?: number; configLimit?: number; reportedWindow?: number; model?: string; agent?: string; tokens: number }): { window: number; source: string } {
  if (o.limit) return { window: o.limit, source: '--limit' };
  if (o.configLimit) return { window: o.configLimit, source: 'git config agentflow.contextLimit' };
  if (o.reportedWindow) return { window: o.reportedWindow, source: 'transcript' };
  return { window: windowForModel(o.model ?? (o.agent === 'codex' ? 'gpt-5' : undefined), o.tokens), source: 'model table' };
}
