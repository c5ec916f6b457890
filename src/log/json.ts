/** Narrowing helpers for parsed log lines, whose shapes are never guaranteed. */
export type Json = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A count from a log (tokens, a window size): 0 unless a non-negative safe integer. */
export const num = (v: unknown): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 0);
export const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** A token count as an agent writes it: a non-negative integer within the safe range. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

const CLAUDE_COUNTS = ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'output_tokens'];
const CODEX_COUNTS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'];

/** True when a usage block (Claude Code's field names by default) holds a value that is not a count. */
export const badCounts = (holder: unknown, keys: string[] = CLAUDE_COUNTS): boolean => {
  const o = obj(holder);
  return Boolean(o) && keys.some((k) => o![k] !== undefined && o![k] !== null && !isCount(o![k]));
};

/**
 * True when a line's usage figures (Claude Code's `message.usage`, Codex's `token_count` info) hold
 * a negative, fractional or absurd count: such a line is skipped rather than trusted.
 */
export function hasImpossibleUsage(line: Json): boolean {
  if (badCounts(obj(line.message)?.usage, CLAUDE_COUNTS)) return true;
  const info = obj(obj(line.payload)?.info);
  if (!info) return false;
  const window = info.model_context_window;
  return (
    badCounts(info.last_token_usage, CODEX_COUNTS) ||
    badCounts(info.total_token_usage, CODEX_COUNTS) ||
    (window !== undefined && window !== null && !isCount(window))
  );
}
