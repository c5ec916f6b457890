import { resolveSession as resolve, type SessionTarget } from '../session/target.js';
import { warn } from './output.js';

export type { SessionTarget } from '../session/target.js';

/** The CLI's way in: broken config values are warned about unless `quiet`. */
export function resolveSession(opts: { transcript?: string; cwd?: string; quiet?: boolean }): SessionTarget {
  return resolve({ transcript: opts.transcript, cwd: opts.cwd, onProblem: opts.quiet ? undefined : warn });
}
