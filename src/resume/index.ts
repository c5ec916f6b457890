export { checkEnvironment } from './verify.js';
export type { EnvironmentCheck } from './verify.js';
export { renderSummary, renderPrompt, environmentLines, hintLines, safe } from './render.js';
export type { PromptHints } from './render.js';
export { diffManifests } from './diff.js';
export { whatTheSummaryDropped, nothingDropped, renderReinjection, renderKeepRequest, mustKeep, HOOK_OUTPUT_CAP } from './reinject.js';
export type { Dropped } from './reinject.js';
