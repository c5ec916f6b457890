/**
 * What Claude Code 2.1 notes about a session besides its messages: the pull request it is linked
 * to (a `pr-link` line, when the agent opened or checked one out) and the recap it writes when the
 * user is away (`system` `away_summary`: where the work stands and the next action).
 */
import { bound } from '../../log/events.js';
import { num, str, type Json } from '../../log/json.js';
import type { SessionMeta } from '../../log/events.js';

/** A recap is a few sentences; a longer one is cut. */
const RECAP_CHARS = 1200;
/** What Claude Code appends to a recap: how to turn recaps off. */
const RECAP_FOOTER = '(disable recaps in /config)';

/** Notes the line in `meta` when it is one of these; true when it was. */
export function sessionNote(line: Json, at: string | undefined, sidechain: boolean, meta: SessionMeta): boolean {
  if (line.type === 'pr-link') {
    const url = str(line.prUrl);
    if (url && /^https?:\/\//.test(url)) meta.pullRequest = num(line.prNumber) ? `#${num(line.prNumber)} ${url}` : url;
    return true;
  }
  if (line.type === 'system' && line.subtype === 'away_summary') {
    const content = str(line.content)?.trim();
    const text = (content?.endsWith(RECAP_FOOTER) ? content.slice(0, -RECAP_FOOTER.length) : content)?.trim();
    if (text && !sidechain) meta.recap = { text: bound(text, RECAP_CHARS), ...(at ? { at } : {}) };
    return true;
  }
  return false;
}
