import { InvalidManifestError } from '../errors.js';
import { parseManifest } from '../manifest/parse.js';
import type { Manifest } from '../manifest/schema.js';
import { sessionDir } from './session-store.js';

/** A snapshot dated further ahead than this is refused: clocks differ, but not by days. */
const FUTURE_SKEW_MS = 10 * 60 * 1000;

/**
 * A stored manifest as sync takes it and every reader shows it: no larger than any manifest
 * git-session writes, valid, of the session whose directory holds it, not dated more than ten
 * minutes ahead. One rule for both, so a snapshot sync would refuse is never shown.
 * @param dir the session directory it was read from
 * @throws InvalidManifestError naming `where` and what is wrong
 */
export function acceptManifest(text: string, where: string, dir: string, now = Date.now()): Manifest {
  const m = parsedManifest(text, where);
  const { session_id: id, timestamp } = m.session_metadata;
  if (sessionDir(id) !== dir) throw new InvalidManifestError(where, `holds session ${JSON.stringify(id.slice(0, 40))}, not the one its directory names`);
  if (!(Date.parse(timestamp) <= now + FUTURE_SKEW_MS)) throw new InvalidManifestError(where, `dated ${timestamp}, in the future`);
  return m;
}

/** Manifests this process parsed, by text: a command reads the same one from several places (its snapshot, the line of work, related earlier work). */
const parsed = new Map<string, Manifest>();
/** A long-running server keeps no more than this many. */
const PARSED_KEPT = 64;

/** parseManifest, once per text; each caller gets a copy of its own. */
function parsedManifest(text: string, where: string): Manifest {
  let m = parsed.get(text);
  if (!m) {
    m = parseManifest(text, where);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, m);
  }
  return structuredClone(m);
}
