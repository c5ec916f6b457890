export { ManifestSchema, PendingTaskSchema, SCHEMA_VERSION, MANIFEST_BUDGET_BYTES, PRIORITIES } from './schema.js';
export type { Manifest, PendingTask } from './schema.js';
export { stringifyManifest, manifestBytes } from './serialize.js';
export { fitToBudget } from './budget.js';
export { redactSecrets, redactDeep } from './redact.js';
export type { Redaction } from './redact.js';
export { finalizeManifest, parseManifest } from './finalize.js';
export type { FinalManifest } from './finalize.js';
export { factCounts, lostFacts } from './facts.js';
