import { InvalidManifestError } from '../errors.js';
import { fitToBudget } from './budget.js';
import { redactDeep } from './redact.js';
import { sanitizeDeep } from './sanitize.js';
import { MANIFEST_BUDGET_BYTES, MAX_STORED_MANIFEST_BYTES } from './limits.js';
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

/**
 * Parses stored manifest text; anything not a valid manifest is an InvalidManifestError. A
 * snapshot may come from anyone who can push: every string comes back sanitised.
 */
export function parseManifest(text: string, where: string): Manifest {
  if (Buffer.byteLength(text) > MAX_STORED_MANIFEST_BYTES)
    throw new InvalidManifestError(where, `larger than any manifest git-session writes (${MAX_STORED_MANIFEST_BYTES} bytes)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidManifestError(where, 'not JSON');
  }
  const r = ManifestSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InvalidManifestError(where, `${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'schema mismatch'}`);
  }
  return sanitizeDeep(r.data);
}
