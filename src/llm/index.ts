export { llmSettings, maskKey, DEFAULT_PROMPT_BUDGET } from './settings.js';
export type { LlmSettings } from './settings.js';
export { refineManifest, mergeRefinement, parseAnswer, RefinementSchema } from './refine.js';
export type { Refinement, RefineOutcome } from './refine.js';
export { buildPrompt, SYSTEM_PROMPT } from './prompt.js';
export { callCost } from './prices.js';
