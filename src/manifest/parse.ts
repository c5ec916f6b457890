// Apart from finalize.ts: a reader (resume, recall, show) parses manifests and never loads the redactor a save runs.
import { InvalidManifestError } from '../errors.js';
import { MAX_STORED_MANIFEST_BYTES } from './limits.js';
import { sanitizeDeep } from './sanitize.js';
import { ManifestSchema, type Manifest } from './schema.js';

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
