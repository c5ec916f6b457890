export { checkEnvironment } from './verify.js';
export type { EnvironmentCheck } from './verify.js';
export { renderSummary, renderPrompt, environmentLines, safe } from './render.js';
export { diffManifests } from './diff.js';
