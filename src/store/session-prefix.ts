/** A session named by its id or a prefix of it: one session, never a guess among several. */
import { AmbiguousSessionError } from '../errors.js';
import type { Snapshot } from './session-store.js';

/** At most this many candidates are listed when a prefix is ambiguous. */

/**
 * The snapshot of the session `given` names in `perSession` (one snapshot per session, newest
 * first): the session with exactly that id, else the only one whose id starts with it.
 * @throws AmbiguousSessionError when several sessions start with it
 */
export function snapshotOfSession(perSession: Snapshot[], given: string): Snapshot | undefined {
  const exact = perSession.find((s) => s.sessionId === given);
  if (exact) return exact;
  const matches = perSession.filter((s) => s.sessionId.startsWith(given));
  const sessions = new Set(matches.map((s) => s.sessionId));
  if (sessions.size > 1)
    throw new AmbiguousSessionError(
      given,
      matches.filter((s, i) => matches.findIndex((m) => m.sessionId === s.sessionId) === i),
    );
  return matches[0];
}
