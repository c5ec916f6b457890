/** USD per million tokens (input, output) for common cheap models; free tiers cost 0. */
const PRICES: Array<[RegExp, number, number]> = [
  [/:free$/, 0, 0],
  [/gpt-4o-mini/, 0.15, 0.6],
  [/gpt-4\.1-nano/, 0.1, 0.4],
  [/gpt-4\.1-mini/, 0.4, 1.6],
  [/gpt-5-nano/, 0.05, 0.4],
  [/gpt-5-mini/, 0.25, 2],
  [/claude-(3-5-)?haiku|claude-haiku/, 0.8, 4],
  [/gemini-[\d.]+-flash-lite/, 0.075, 0.3],
  [/gemini-[\d.]+-flash/, 0.3, 2.5],
  [/deepseek-chat|deepseek-v3/, 0.27, 1.1],
  [/qwen-?2\.5-coder-32b/, 0.07, 0.16],
  [/llama-3\.[13]-8b/, 0.02, 0.05],
];

/**
 * Cost of one call in USD: 0 for free models and for servers on this machine (Ollama, vLLM),
 * undefined when the price is unknown.
 */
export function callCost(model: string, baseUrl: string | undefined, tokensIn: number, tokensOut: number): number | undefined {
  if (baseUrl && /^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(baseUrl)) return 0;
  const hit = PRICES.find(([re]) => re.test(model.toLowerCase()));
  if (!hit) return undefined;
  return Math.round(((tokensIn * hit[1] + tokensOut * hit[2]) / 1e6) * 1e6) / 1e6;
}
