/**
 * Context windows by model id, as the agents run them. The Claude rows were measured with the
 * real Claude Code 2.1.332 (`claude -p --model <id> --output-format json` reports
 * `modelUsage.<id>.contextWindow`); see test/live.
 */
interface WindowRule {
  pattern: RegExp;
  window: number;
}

const RULES: WindowRule[] = [
  // A `[1m]` variant (or a `-1m` id) is the 1M window whatever the base model.
  { pattern: /\[1m\]$|-1m$/i, window: 1_000_000 },
  { pattern: /^claude-(?:opus-(?:5|4-[78])|sonnet-5|haiku-5|fable-5|mythos-5)(?:[-.\d]|$)/, window: 1_000_000 },
  { pattern: /^(?:opus|sonnet|haiku|fable|best)$/, window: 1_000_000 },
  {
    pattern: /^claude-(?:opus-4(?:-[0156])?|sonnet-4(?:-[056])?|haiku-4-5|3-[57]-(?:sonnet|haiku)|3-(?:opus|sonnet|haiku))(?:-\d{8})?(?:-v\d+(?::\d+)?)?$/,
    window: 200_000,
  },
  // Codex reports its window in the log (258,400 for the GPT-5 family: 95 % of 272,000).
  { pattern: /^gpt-5|codex/, window: 258_400 },
  { pattern: /^gpt-4\.1/, window: 1_047_576 },
  { pattern: /^gpt-4o|^gpt-4-turbo/, window: 128_000 },
  { pattern: /^o[134](-|$)/, window: 200_000 },
  { pattern: /^gemini-(1\.5|2|3)/, window: 1_048_576 },
];

/**
 * The context window of a model, or undefined when the model is not known: then the window is
 * unknown, never guessed (a wrong guess would grade the pressure wrong).
 * @param model model id as the log gives it (`claude-opus-5-5`, `claude-sonnet-4-5-20250929`, `gpt-5.5`)
 */
export function windowOfModel(model: string | undefined): number | undefined {
  const id = (model ?? '').trim().toLowerCase();
  if (!id) return undefined;
  return RULES.find((r) => r.pattern.test(id))?.window;
}
