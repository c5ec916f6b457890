import { fitToBudget } from './budget.js';
import { redactDeep } from './redact.js';
import { sanitizeDeep } from './sanitize.js';
import { MANIFEST_BUDGET_BYTES } from './limits.js';
import { ManifestSchema, type Manifest } from './schema.js';
import { stringifyManifest } from './serialize.js';

export interface FinalManifest {
  manifest: Manifest;
  /** Exactly the bytes to store. */
  json: string;
  bytes: number;
  redacted: string[];
}

/**
 * The one way a manifest becomes storable: sanitise and redact every string, fit the 2 KB
 * budget, validate. Redaction runs first so no secret can survive in a clipped remainder.
 */
export async function finalizeManifest(draft: Manifest, maxBytes = MANIFEST_BUDGET_BYTES): Promise<FinalManifest> {
  const { value, found } = await redactDeep(sanitizeDeep(draft));
  const manifest = ManifestSchema.parse(fitToBudget(value, maxBytes));
  const json = stringifyManifest(manifest);
  return { manifest, json, bytes: Buffer.byteLength(json), redacted: found };
}
