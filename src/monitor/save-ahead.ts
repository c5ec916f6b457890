/** When a session should be saved before anyone asks: the Stop hook and `watch` use the same rule. */

/** What the rule needs of the session's last snapshot (the clone's session state). */
export interface LastSave {
  lastSnapshot?: string;
  lastLevel?: string;
  lastBytes?: number;
}

const LEVELS = ['NORMAL', 'ELEVATED', 'CRITICAL', 'EMERGENCY'];

/**
 * Save ahead (the Stop hook, at the end of every agent turn): PreCompact hooks do not always
 * run, so the important save happens before it is needed — when the pressure level rose since
 * the session's last snapshot (past NORMAL), or at CRITICAL and above when the transcript grew
 * materially (64 KB and 10 %) since then.
 */
export function saveAheadDue(level: string, bytes: number, state: LastSave | undefined): boolean {
  const rank = LEVELS.indexOf(level);
  if (rank <= 0) return false;
  if (!state?.lastSnapshot) return true;
  if (rank > LEVELS.indexOf(state.lastLevel ?? 'NORMAL')) return true;
  const grew = bytes - (state.lastBytes ?? 0);
  return rank >= 2 && grew >= 64 * 1024 && grew >= (state.lastBytes ?? 0) * 0.1;
}
