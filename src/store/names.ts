/** How a session id becomes a file or folder name, the one rule for the snapshot ref and .git/agentflow alike. */
import { crypto } from '../builtins.js';

/** A session id as a safe single path component. */
export function sessionDir(sessionId: string): string {
  const safe = sessionId
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 80);
  return safe && safe === sessionId ? safe : `${safe.slice(0, 60)}-${crypto().createHash('sha1').update(sessionId).digest('hex').slice(0, 8)}`;
}
